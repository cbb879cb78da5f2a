"""The cuadre runs the same number of queries whatever the number of projects: every rule of the
table (monitoring.cuadre.rules.RULES, whatever it holds) and the whole run, at two data sizes.

Two data sets: one built here so that every check of the monthly reports has findings at both
sizes (a check that reads more only when it finds something is measured finding something), and
seed_scale's realistic one (plan, action plan, unit costs, sources, modifications) for the rest."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from budget.models import BudgetModification, FiscalYear
from monitoring.cuadre.compute import context_for, run_rules
from monitoring.cuadre.rules import RULES
from projects.models import FundingKind
from tests import factories
from tests.monitoring.builders import allocate, period, report, split

from .builders import LARGER, SMALL, at_size

pytestmark = pytest.mark.django_db

YEAR = 2025
CUTOFF = dt.date(YEAR, 3, 31)
OWN, SGP = "Recursos propios", "Sistema General de Participaciones"
EXECUTION_RULES = ("CU01", "CU02", "CU03", "CU04", "CU05")


def _queries(func) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = func()
    return len(captured.captured_queries), result


def _measure(year: int, cutoff: dt.date) -> tuple[dict[str, int], int, dict[str, int]]:
    """(queries per rule, queries of the whole run, findings per rule)."""
    ctx = context_for(year=year, cutoff=cutoff)
    per_rule = {rule.code: _queries(lambda rule=rule: list(rule.check(ctx)))[0] for rule in RULES}
    total, found = _queries(lambda: run_rules(year=year, cutoff=cutoff))
    counts: dict[str, int] = {}
    for finding in found:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return per_rule, total, counts


def _projects(n: int, lead) -> None:
    """n projects that break every check of the reports: half of them participatory and with two
    sources (split reports, a sourced reduction), all with product progress, territories, and a
    month (March) owed and not sent."""
    the_program = factories.program()
    for month in (1, 2, 3):
        period(YEAR, month)
    for k in range(n):
        two = k % 2 == 0
        project = factories.project(
            lead=lead, state="in_execution", the_program=the_program, bank_code=f"20250500{k:05d}",
            funding_kind=FundingKind.PARTICIPATORY if two else FundingKind.ORDINARY, territory_code=10,
            name=f"Proyecto medido {k}",
        )
        factories.product(project, code="P1", goals={YEAR: "20"})
        factories.product(project, code="P2", goals={YEAR: "5"})
        allocate(project, "10000000", year=YEAR, source=OWN)
        if two:
            allocate(project, "5000000", year=YEAR, source=SGP)
        BudgetModification.objects.create(
            fiscal_year=FiscalYear.objects.get(year=YEAR), project=project, date=dt.date(YEAR, 2, 1),
            kind="reduction", amount=Decimal("2000000"), source=factories.funding_source(OWN),
        )
        # January: progress with nothing committed (CU01).
        report(project, month=1, state="approved", committed="0", obligated="0", paid="0", quantity="3",
               evidence=False, territories={10: "0"})
        # February: more committed than the budget, no progress, no difficulty (CU02, CU04), part of it
        # in another comuna (CU03 for the participatory ones).
        february = report(project, month=2, state="approved", committed="20000000", obligated="0", paid="0",
                          quantity="0", evidence=False, territories={10: "15000000", 3: "5000000"})
        if two:
            split(february, {OWN: ("12000000", "0", "0"), SGP: ("8000000", "0", "0")})
        # March: opened, not sent (CU05).
        report(project, month=3, state="pending", evidence=False)


def _at(n: int, lead):
    with transaction.atomic():
        _projects(n, lead)
        result = _measure(YEAR, CUTOFF)
        transaction.set_rollback(True)
    return result


def test_every_rule_reads_the_same_queries_for_2_and_6_projects(lead):
    small_rules, small_total, small_found = _at(2, lead)
    larger_rules, larger_total, larger_found = _at(6, lead)
    for code in EXECUTION_RULES:  # the data really is larger where it is measured
        assert 0 < small_found.get(code, 0) < larger_found.get(code, 0), code
    assert {code: (n, larger_rules[code]) for code, n in small_rules.items() if larger_rules[code] != n} == {}
    assert larger_total == small_total


def test_every_rule_reads_the_same_queries_at_two_seed_scale_sizes():
    year = 2026
    small_rules, small_total, small_found = at_size(SMALL, lambda: _measure(year, dt.date(year, 12, 31)))
    larger_rules, larger_total, larger_found = at_size(LARGER, lambda: _measure(year, dt.date(year, 12, 31)))
    assert sum(larger_found.values()) > sum(small_found.values())
    assert {code: (n, larger_rules[code]) for code, n in small_rules.items() if larger_rules[code] != n} == {}
    assert larger_total == small_total

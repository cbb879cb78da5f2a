"""CU11: the twelve months of money programmed for a project in the action plan of the year
(approved or published) against its definitive budget at the cutoff, to the peso."""
import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification, FiscalYear
from monitoring.cuadre import checks_planning
from tests import factories

from .planning_builders import ctx, entry, project

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.financial_programming_mismatch(ctx()))


def test_programming_short_of_the_definitive_budget_is_an_alert_on_the_entry(lead):
    proj = project(lead, allocation="900000000")
    line = entry(proj, money={1: "300000000", 7: "500000000"})
    [finding] = _found()
    assert finding.message == (
        "Programación financiera 2026: $ 800.000.000; presupuesto definitivo al corte: $ 900.000.000 "
        "(faltan $ 100.000.000)."
    )
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU11", "alerta", "project", proj.pk)
    assert finding.subject == "Proyecto 2026000001 — Vivienda nueva en ladera"
    assert finding.url == f"/plan-accion/2026/proyectos/{line.pk}/"
    assert (finding.project_id, finding.program_id, finding.org_unit_id, finding.lead_id) == (
        proj.pk, proj.program_id, proj.org_unit_id, lead.pk
    )


def test_programming_equal_to_the_definitive_budget_at_the_cutoff_is_fine(lead):
    proj = project(lead, allocation="900000000")
    entry(proj, money={1: "300000000", 7: "700000000"})  # 1.000 M: the addition below
    BudgetModification.objects.create(
        fiscal_year=FiscalYear.objects.get(year=2026), project=proj, date=dt.date(2026, 6, 30), kind="addition",
        amount=Decimal("100000000"), source=factories.funding_source(),
    )
    assert _found() == []
    BudgetModification.objects.filter(project=proj).update(date=dt.date(2026, 7, 1))  # after the cutoff
    [finding] = _found()
    assert finding.message == (
        "Programación financiera 2026: $ 1.000.000.000; presupuesto definitivo al corte: $ 900.000.000 "
        "(sobran $ 100.000.000)."
    )


def test_a_draft_plan_or_a_project_without_entry_is_not_compared(lead):
    entry(project(lead, allocation="900000000"), money={1: "1"}, state="draft")
    project(lead, bank_code="2026000002", allocation="500000000")
    assert _found() == []


def test_an_entry_without_programmed_months_programs_nothing(lead):
    entry(project(lead, allocation="900000000"))
    [finding] = _found()
    assert finding.message == (
        "Programación financiera 2026: $ 0; presupuesto definitivo al corte: $ 900.000.000 (faltan $ 900.000.000)."
    )

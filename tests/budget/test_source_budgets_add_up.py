"""money.source_budgets splits each project's budget by source; the sources of a project add up to
money.project_budgets, at any date, a modification without source on a two-source project (data
from before sources) included, under None."""
import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification
from budget.money import ProjectBudget, project_budgets, source_budgets
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def _modify(fy, project, day, kind, amount, source=None):
    BudgetModification.objects.create(
        fiscal_year=fy, project=project, date=day, kind=kind, amount=Decimal(amount),
        source=factories.funding_source(source) if source else None,
    )


@pytest.fixture
def projects(lead):
    fy = fiscal_year(2026, "100000000000")
    single, _ = funded_project(lead, name="Una fuente")
    allocate(fy, single, "1000000000", source="SGP")
    _modify(fy, single, dt.date(2026, 3, 1), "addition", "100000000")
    two, _ = funded_project(lead, name="Dos fuentes")
    allocate(fy, two, "2000000000")
    allocate(fy, two, "500000000", source="SGP")
    _modify(fy, two, dt.date(2026, 4, 1), "reduction", "300000000", source="Recursos propios")
    _modify(fy, two, dt.date(2026, 9, 1), "credit_transfer", "50000000", source="SGP")
    legacy, _ = funded_project(lead, name="Antes de las fuentes")
    allocate(fy, legacy, "700000000")
    allocate(fy, legacy, "300000000", source="SGP")
    _modify(fy, legacy, dt.date(2026, 5, 1), "addition", "40000000")
    return single, two, legacy


@pytest.mark.parametrize("at", [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31)])
def test_the_sources_of_each_project_add_up_to_its_budget(projects, at):
    ids = [p.pk for p in projects]
    by_source = source_budgets(ids, 2026, at)
    totals = project_budgets(ids, 2026, at)
    assert set(by_source) == set(totals)
    for pk, budget in totals.items():
        parts = by_source[pk].values()
        assert ProjectBudget(
            sum(p.initial for p in parts), sum(p.modifications for p in parts), sum(p.definitive for p in parts)
        ) == budget


def test_the_split_itself(projects):
    single, two, legacy = projects
    own, sgp = factories.funding_source("Recursos propios"), factories.funding_source("SGP")
    found = source_budgets([p.pk for p in projects], 2026, dt.date(2026, 6, 30))
    d = Decimal
    assert found[single.pk] == {sgp: ProjectBudget(d("1000000000"), d("100000000"), d("1100000000"))}
    assert found[two.pk] == {
        own: ProjectBudget(d("2000000000"), d("-300000000"), d("1700000000")),
        sgp: ProjectBudget(d("500000000"), d("0"), d("500000000")),
    }
    assert list(found[legacy.pk]) == [sgp, own, None]  # code order (SGP was made first: 01), unassigned last
    assert found[legacy.pk][None] == ProjectBudget(d("0"), d("40000000"), d("40000000"))

"""Definitive budget = allocations + signed modifications dated on or before the date."""
import datetime as dt
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetModification
from budget.money import definitive_budget, definitive_budgets
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def _modify(finance, fy, project, day, kind, amount, act="Resolución 1", source="Recursos propios"):
    return services.modification_create(
        by=finance, fiscal_year=fy, project=project, date=day, kind=kind, amount=Decimal(amount), act_number=act,
        source=factories.funding_source(source),
    )


def test_the_definitive_budget_at_a_date_counts_only_modifications_up_to_it(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    _modify(finance, fy, project, dt.date(2026, 3, 10), "addition", "200000000")
    _modify(finance, fy, project, dt.date(2026, 6, 10), "reduction", "300000000")
    _modify(finance, fy, project, dt.date(2026, 8, 1), "credit_transfer", "50000000")
    _modify(finance, fy, project, dt.date(2026, 9, 1), "counter_credit_transfer", "20000000")
    assert definitive_budget(project, 2026, dt.date(2026, 3, 9)) == Decimal("1500000000")
    assert definitive_budget(project, 2026, dt.date(2026, 3, 10)) == Decimal("1700000000")
    assert definitive_budget(project, 2026, dt.date(2026, 7, 1)) == Decimal("1400000000")
    assert definitive_budget(project, 2026, dt.date(2026, 12, 31)) == Decimal("1430000000")


def test_bulk_definitive_budgets_match_one_by_one(finance, lead):
    fy = fiscal_year(2026)
    p1, _ = funded_project(lead)
    p2, _ = funded_project(lead)
    allocate(fy, p1, "100")
    allocate(fy, p2, "200")
    _modify(finance, fy, p2, dt.date(2026, 2, 1), "reduction", "50")
    at = dt.date(2026, 12, 31)
    assert definitive_budgets([p1.pk, p2.pk], 2026, at) == {p1.pk: Decimal("100"), p2.pk: Decimal("150")}


def test_a_reduction_cannot_leave_a_negative_budget_nor_be_dated_outside_the_year(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "100000000")
    with pytest.raises(DomainError) as negative:
        _modify(finance, fy, project, dt.date(2026, 5, 1), "reduction", "150000000")
    assert negative.value.message == (
        "La modificación deja el presupuesto definitivo del proyecto en -$ 50.000.000: no puede ser negativo."
    )
    with pytest.raises(DomainError) as outside:
        _modify(finance, fy, project, dt.date(2027, 1, 5), "addition", "1")
    assert outside.value.message == "La fecha debe estar dentro de la vigencia 2026."
    assert BudgetModification.objects.count() == 0

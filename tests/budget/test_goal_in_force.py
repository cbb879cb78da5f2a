"""The goal in force at a date: the latest approved reprogramming dated on or before it, else the original."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import ReprogrammingState, TargetReprogramming
from budget.money import goal_in_force, goals_in_force
from tests.budget.builders import funded_project

pytestmark = pytest.mark.django_db


def _reprogram(product, day, goal, state=ReprogrammingState.APPROVED, year=2026):
    return TargetReprogramming.objects.create(
        product=product, year=year, effective_date=day, new_goal=Decimal(goal), justification="Ajuste", state=state
    )


def test_the_goal_in_force_changes_on_the_effective_date_of_each_approved_reprogramming(lead):
    _, product = funded_project(lead, goal="100")
    _reprogram(product, dt.date(2026, 4, 1), "80")
    _reprogram(product, dt.date(2026, 9, 1), "70")
    assert goal_in_force(product, 2026, dt.date(2026, 3, 31)) == Decimal("100")
    assert goal_in_force(product, 2026, dt.date(2026, 4, 1)) == Decimal("80")
    assert goal_in_force(product, 2026, dt.date(2026, 8, 31)) == Decimal("80")
    assert goal_in_force(product, 2026, dt.date(2026, 12, 31)) == Decimal("70")


def test_pending_and_rejected_reprogrammings_do_not_count_nor_other_years(lead):
    _, product = funded_project(lead, goal="100")
    _reprogram(product, dt.date(2026, 2, 1), "10", state=ReprogrammingState.PENDING)
    _reprogram(product, dt.date(2026, 3, 1), "20", state=ReprogrammingState.REJECTED)
    _reprogram(product, dt.date(2025, 3, 1), "30", year=2025)
    assert goal_in_force(product, 2026, dt.date(2026, 12, 31)) == Decimal("100")


def test_a_product_without_a_goal_for_the_year_has_none(lead):
    _, product = funded_project(lead, goal="100", year=2027)
    assert goal_in_force(product, 2026, dt.date(2026, 6, 1)) is None


def test_goals_in_force_for_many_products_take_one_query(lead):
    products = []
    for i in range(6):
        _, product = funded_project(lead, goal=str(100 + i))
        _reprogram(product, dt.date(2026, 5, 1), str(50 + i))
        products.append(product)
    with CaptureQueriesContext(connection) as queries:
        goals = goals_in_force([p.pk for p in products], 2026, dt.date(2026, 6, 1))
    assert len(queries) == 1
    assert goals == {p.pk: Decimal(50 + i) for i, p in enumerate(products)}
    assert goals_in_force([p.pk for p in products], 2026, dt.date(2026, 4, 30))[products[0].pk] == Decimal("100")

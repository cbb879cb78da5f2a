"""The physical programming follows the accumulation of the product's indicator, as the report
does: units in each month that add up to the goal (cumulative), or the level in force at the end
of each month whose last month reaches the goal (non-cumulative, e.g. households subsidised)."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from action_plan import selectors, services
from action_plan.models import ActionPlanEntry, PhysicalMonthlyTarget
from strategy.models import Accumulation
from tests.action_plan.builders import even, year_with_projects

pytestmark = pytest.mark.django_db

LEVELS = [Decimal(v) for v in (10, 20, 30, 40, 40, 40, 40, 40, 40, 40, 40, 40)]  # households in force


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 10, 15, 0), tick=False):
        yield


def _level_product(lead, planner, goal="40"):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal=goal)
    product.indicator.accumulation = Accumulation.NON_CUMULATIVE
    product.indicator.save()
    plan = services.plan_build(by=planner, fiscal_year=fy)
    return plan, ActionPlanEntry.objects.get(plan=plan), product


def test_a_level_programmed_month_by_month_is_accepted_when_december_reaches_the_goal(planner, lead):
    plan, entry, product = _level_product(lead, planner)
    services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"),
                        physical={product.pk: LEVELS})
    assert PhysicalMonthlyTarget.objects.filter(entry=entry).count() == 12
    sheet = selectors.plan_sheet(plan)
    [line] = sheet.entries[0].products
    assert (line.total, line.message) == (Decimal(40), None)
    assert selectors.plan_summary(plan).problems == []


def test_a_level_that_ends_below_the_goal_says_where_it_ends(planner, lead):
    plan, entry, product = _level_product(lead, planner, goal="50")
    with pytest.raises(services.ProgrammingError) as refused:
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"),
                            physical={product.pk: LEVELS})
    assert refused.value.message == (
        f"La programación física de P1 {product.name} queda en 40 al cierre del año y la meta anual es 50: faltan 10."
    )


def test_a_cumulative_product_still_adds_its_months(planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="40")
    entry = ActionPlanEntry.objects.get(plan=services.plan_build(by=planner, fiscal_year=fy))
    with pytest.raises(services.ProgrammingError) as refused:
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"),
                            physical={product.pk: LEVELS})
    assert refused.value.message == (
        f"La programación física de P1 {product.name} suma 420 y la meta anual es 40: sobran 380."
    )

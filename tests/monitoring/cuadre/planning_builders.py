"""Builders for the cuadre's planning checks (CU06–CU14): the year 2026 of the 2024–2027 plan,
cut off at 30/06/2026, on top of tests/factories.py."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import FiscalYear, ReprogrammingState, TargetReprogramming, UnitCost
from monitoring.cuadre.compute import context_for
from projects.models import Activity, ActivityCost
from tests import factories

YEAR = 2026
CUTOFF = dt.date(2026, 6, 30)


def ctx():
    return context_for(year=YEAR, cutoff=CUTOFF)


def project(lead, *, bank_code: str = "2026000001", name: str = "Vivienda nueva en ladera", allocation: str | None = None,
            state: str = "in_execution", the_program=None):
    """A registered project (in execution by default), with its allocation of 2026 when given."""
    proj = factories.project(lead=lead, state=state, bank_code=bank_code, name=name, the_program=the_program)
    if allocation is not None:
        factories.funded(proj, YEAR, amount=allocation)
    return proj


def product(proj, *, code: str = "P1", name: str = "Viviendas nuevas", goal: str | None = "20",
            unit_cost: str | None = None, activity_cost: str | None = None, the_indicator=None):
    """A product of `proj` with its goal of 2026, unit cost of 2026 and one activity costing
    `activity_cost` in 2026, each when given."""
    prod = factories.product(proj, code=code, name=name, goals={YEAR: goal} if goal is not None else None,
                             the_indicator=the_indicator)
    if unit_cost is not None:
        UnitCost.objects.create(product=prod, year=YEAR, amount=Decimal(unit_cost))
    if activity_cost is not None:
        activity = Activity.objects.create(product=prod, name=f"Ejecución de {name.lower()}")
        ActivityCost.objects.create(activity=activity, year=YEAR, amount=Decimal(activity_cost))
    return prod


def reprogram(prod, *, goal: str, day: dt.date = dt.date(2026, 4, 1), state=ReprogrammingState.APPROVED):
    return TargetReprogramming.objects.create(
        product=prod, year=YEAR, effective_date=day, new_goal=Decimal(goal), justification="Ajuste", state=state
    )


def action_plan(state: str = "published") -> ActionPlan:
    fy = FiscalYear.objects.get_or_create(year=YEAR, defaults={"global_ceiling": Decimal("1e12")})[0]
    return ActionPlan.objects.get_or_create(fiscal_year=fy, defaults={"state": state})[0]


def entry(proj, *, money: dict[int, str] | None = None, quantities: dict | None = None,
          state: str = "published") -> ActionPlanEntry:
    """The project's entry in the action plan of 2026: {month: amount} and {product: {month: quantity}}."""
    line = ActionPlanEntry.objects.create(plan=action_plan(state), project=proj, responsible=proj.lead)
    for month, amount in (money or {}).items():
        FinancialMonthlyTarget.objects.create(entry=line, month=month, amount=Decimal(amount))
    for prod, months in (quantities or {}).items():
        for month, quantity in months.items():
            PhysicalMonthlyTarget.objects.create(entry=line, product=prod, month=month, quantity=Decimal(quantity))
    return line

"""ANS of step 4.5: one clock per fiscal year for the action plan (from the budget close, or the
configured date), plus the legal mark: published by 31 January (Ley 1474 de 2011, art. 74)."""
from __future__ import annotations

import datetime as dt

from budget.models import FiscalYear
from isvimed_planning.deadlines.models import CycleSettings
from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import ActionPlan


def _rows():
    plans = {p.fiscal_year_id: p for p in ActionPlan.objects.only("id", "fiscal_year_id", "published_at")}
    settings = CycleSettings.load()
    for fy in FiscalYear.objects.all():
        configured = dt.date(fy.year - 1, settings.action_plan_start_month, settings.action_plan_start_day)
        start = as_date(fy.closed_at) or configured
        plan = plans.get(fy.pk)
        published = as_date(plan.published_at) if plan else None
        url = link("action_plan:detail", fy.year)
        yield fy, start, published, url


@register("action_plan", watch=(FiscalYear, ActionPlan, CycleSettings))
def action_plans(*, today: dt.date):
    for fy, start, published, url in _rows():
        yield Item(
            obj=fy, title=f"Plan de acción {fy.year}", start=start,
            completed_on=max(published, start) if published else None, url=url,
        )


@register("action_plan_legal", watch=(FiscalYear, ActionPlan, CycleSettings))
def legal_publication(*, today: dt.date):
    for fy, start, published, url in _rows():
        due = dt.date(fy.year, 1, 31)
        start = min(start, due)
        yield Item(
            obj=fy, title=f"Publicación del plan de acción {fy.year} (31 de enero)", start=start, due=due,
            completed_on=max(published, start) if published else None, url=url,
        )

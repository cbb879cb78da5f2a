"""ANS of step 4.3: one clock per fiscal year, from the opening of the budget process to its close."""
from __future__ import annotations

import datetime as dt

from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import FiscalYear, FiscalYearState


@register("budget", watch=(FiscalYear,))
def fiscal_years(*, today: dt.date):
    for fy in FiscalYear.objects.all():
        start = fy.opened_on or dt.date(fy.year - 1, 9, 1)
        completed = None
        if fy.state == FiscalYearState.CLOSED:
            completed = as_date(fy.closed_at) or start
        yield Item(
            obj=fy, title=f"Presupuesto de la vigencia {fy.year}", start=start,
            completed_on=max(completed, start) if completed else None,
            url=link("budget:year", fy.year),
        )

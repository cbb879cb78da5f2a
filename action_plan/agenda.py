"""Step 4.5's date in the legal calendar: the action plan of each year published by 31 January
(Ley 1474 de 2011, art. 74), with what `selectors.deadline` says of it."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from budget.models import FiscalYear
from isvimed_planning import roles
from isvimed_planning.agenda import Event, register

from .models import ActionPlan
from .selectors import deadline


@register
def legal_publication(user, start: dt.date, end: dt.date):
    if not roles.may(user, "action_plan.read_plans"):
        return
    years = [year for year in range(start.year, end.year + 1) if start <= dt.date(year, 1, 31) <= end]
    if not years:
        return
    plans = {p.fiscal_year.year: p for p in ActionPlan.objects.select_related("fiscal_year").filter(fiscal_year__year__in=years)}
    known = set(FiscalYear.objects.filter(year__in=years).values_list("year", flat=True))
    today = timezone.localdate()
    for year in years:
        mark = deadline(year, plans.get(year), today)
        url = reverse("action_plan:detail", args=[year]) if year in known else reverse("action_plan:index")
        yield Event(
            mark.due, f"Publicación del plan de acción {year} (31 de enero)", kind="plan-accion", pk=year,
            description=mark.message, url=url, label="Plan de acción",
        )

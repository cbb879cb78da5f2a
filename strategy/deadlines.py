"""ANS of step 4.1: one clock per development plan, done when a strategic platform is approved."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q

from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import DevelopmentPlan, PlatformState


@register("strategy")
def development_plans(*, today: dt.date):
    approved = Q(platforms__state=PlatformState.APPROVED)
    plans = DevelopmentPlan.objects.annotate(
        approved_on=Min("platforms__approved_at", filter=approved),
        approved_count=Count("platforms", filter=approved),
    ).order_by("first_year")
    for plan in plans:
        # The period starts on 1 January of its first year; a plan entered later starts when created.
        start = max(dt.date(plan.first_year, 1, 1), as_date(plan.created_at) or dt.date(plan.first_year, 1, 1))
        completed = as_date(plan.approved_on) if plan.approved_count else None
        if plan.approved_count and completed is None:
            completed = today  # approved without a recorded date: count it as done when first seen
        yield Item(
            obj=plan, title=f"Formulación estratégica {plan}", start=start,
            completed_on=max(completed, start) if completed else None,
            url=link("strategy:index", default="/estrategia/"),
        )

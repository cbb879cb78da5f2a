"""ANS of step 4.1: one instance per plan, done when a platform version is first approved."""
from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q
from django.urls import reverse

from isvimed_planning.deadlines.registry import Item, as_date, register

from .models import DevelopmentPlan, PlatformState, StrategicPlatform


@register("strategy", watch=(DevelopmentPlan, StrategicPlatform))
def plans(*, today):
    qs = DevelopmentPlan.objects.annotate(
        first_approval=Min("platforms__approved_at", filter=Q(platforms__state=PlatformState.APPROVED))
    )
    for plan in qs:
        start = max(dt.date(plan.first_year, 1, 1), as_date(plan.created_at))
        yield Item(
            obj=plan, title=f"Formulación estratégica: {plan}", start=start,
            completed_on=as_date(plan.first_approval), url=reverse("strategy:platform_index", args=[plan.pk]),
        )

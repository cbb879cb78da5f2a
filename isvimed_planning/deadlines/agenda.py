"""The ANS clocks' due dates in the legal calendar: every open clock for the roles that watch the
ANS page, the clocks a user is responsible for otherwise. The steps whose date another provider
already gives from its owner (the 31 January, the requests' terms, the Concejo commitments) are left out."""
from __future__ import annotations

import datetime as dt

from isvimed_planning import roles
from isvimed_planning.agenda import Event, register
from isvimed_planning.formatting import format_date

from .models import DeadlineInstance, Step

GIVEN_ELSEWHERE = (Step.ACTION_PLAN_LEGAL, Step.INFORMATION_REQUEST, Step.COUNCIL_COMMITMENT)
STEP_LABELS = dict(Step.choices)


@register
def open_clocks(user, start: dt.date, end: dt.date):
    clocks = DeadlineInstance.objects.filter(completed_on__isnull=True, due__range=(start, end)).exclude(
        step__in=GIVEN_ELSEWHERE
    )
    if not roles.may(user, "deadlines.read_dashboard"):
        clocks = clocks.filter(responsible=user)
    for clock in clocks.only("id", "step", "title", "url", "start", "due"):
        yield Event(
            clock.due, f"Vence el ANS: {clock.title}", kind="ans", pk=clock.pk,
            description=f"{STEP_LABELS.get(clock.step, clock.step)}; plazo desde el {format_date(clock.start)}.",
            url=clock.url, label="ANS",
        )

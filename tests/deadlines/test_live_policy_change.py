"""Live ANS: when the administrator changes a step's ANS in the configuration, the due dates of
that step's clocks follow at once, without waiting for the daily sweep."""
import datetime as dt

import time_machine

from isvimed_planning.deadlines.models import AnsPolicy, DeadlineInstance
from isvimed_planning.deadlines.services import ensure_policies

from .builders import formulating_project

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_a_longer_ans_moves_the_due_dates_at_once(lead, committed):
    ensure_policies()
    with committed():
        formulating_project(lead=lead, started=dt.date(2025, 3, 3)).save()
    assert DeadlineInstance.objects.get(step="project").due == dt.date(2025, 4, 3)

    with committed():
        policy = AnsPolicy.objects.get(step="project")
        policy.duration = 2
        policy.save()
    assert DeadlineInstance.objects.get(step="project").due == dt.date(2025, 5, 3)

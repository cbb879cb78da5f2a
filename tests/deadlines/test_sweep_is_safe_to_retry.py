"""A sweep that dies half way (the worker is killed, the database fails) leaves no claim behind:
the retry sends the notice, and only once."""
import datetime as dt

import pytest
import time_machine

from isvimed_planning.deadlines import services
from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.deadlines.services import sweep

from .builders import formulating_project, notices


@time_machine.travel(dt.datetime(2025, 3, 28, 12, 0), tick=False)
def test_a_sweep_that_fails_while_notifying_sends_the_notice_on_the_retry_once(lead, planner, monkeypatch):
    formulating_project(lead=lead, started=dt.date(2025, 3, 3))
    real_notify = services.notify

    def dies(**kwargs):
        raise OSError("worker lost")

    monkeypatch.setattr(services, "notify", dies)
    with pytest.raises(OSError):
        sweep()
    assert notices() == []
    assert DeadlineInstance.objects.get(step="project").at_risk_notified_at is None  # the claim was rolled back

    monkeypatch.setattr(services, "notify", real_notify)
    sweep()
    sweep()
    assert notices() == [("lider1", "ans_at_risk")]


def test_two_sweeps_competing_for_the_same_instance_claim_it_once(lead, planner):
    with time_machine.travel(dt.datetime(2025, 3, 28, 12, 0), tick=False):
        formulating_project(lead=lead, started=dt.date(2025, 3, 3))
        services.sync_all()
        instance = DeadlineInstance.objects.get(step="project")
        first = services.notify_at_risk(instance, today=dt.date(2025, 3, 28))
        second = services.notify_at_risk(instance, today=dt.date(2025, 3, 28))  # stale copy, as another worker would hold
    assert (first, second) == (True, False)
    assert notices() == [("lider1", "ans_at_risk")]

"""Legal requests follow the business-day term computed by accountability (due_date, or the
extended one); an extension restarts the warnings for the new term."""
import datetime as dt

import time_machine

from accountability.models import InformationRequest
from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.deadlines.services import sweep

from .builders import information_request, notices


def _sweep_on(day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, 0), tick=False):
        sweep()


def test_a_request_warns_its_assignee_and_an_extension_gives_a_new_term_with_new_warnings(lead, planner):
    # Received 03/03/2025, 15 business days → 25/03/2025 (24/03 is a holiday).
    req = information_request(received=dt.date(2025, 3, 3), due=dt.date(2025, 3, 25), assignee=lead)
    _sweep_on(dt.date(2025, 3, 22))  # 3 of 22 days left
    clock = DeadlineInstance.objects.get(step="information_request")
    assert (clock.due, clock.state) == (dt.date(2025, 3, 25), "at_risk")
    assert notices() == [("lider1", "ans_at_risk")]

    InformationRequest.objects.filter(pk=req.pk).update(extended_due_date=dt.date(2025, 4, 22))
    _sweep_on(dt.date(2025, 3, 26))
    clock.refresh_from_db()
    assert (clock.due, clock.state) == (dt.date(2025, 4, 22), "on_time")

    _sweep_on(dt.date(2025, 4, 23))
    assert notices() == [("lider1", "ans_at_risk"), ("lider1", "ans_overdue"), ("planeador", "ans_overdue")]


def test_an_unassigned_request_at_risk_warns_planeacion_and_answering_it_closes_the_clock(planner, director):
    req = information_request(received=dt.date(2025, 3, 3), due=dt.date(2025, 3, 25))
    _sweep_on(dt.date(2025, 3, 22))
    assert notices() == [("planeador", "ans_at_risk")]
    InformationRequest.objects.filter(pk=req.pk).update(answered_on=dt.date(2025, 3, 24), state="answered")
    _sweep_on(dt.date(2025, 3, 30))
    clock = DeadlineInstance.objects.get(step="information_request")
    assert (clock.state, clock.completed_on) == ("done_on_time", dt.date(2025, 3, 24))
    assert notices() == [("planeador", "ans_at_risk")]

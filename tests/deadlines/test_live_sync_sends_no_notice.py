"""Live ANS and notices: a live synchronisation shows a project at risk at once but warns nobody;
the daily sweep warns the lead once, and later saves of the project do not warn again. Time alone
still moves the clock only through the sweep (at risk → overdue, escalated once)."""
import datetime as dt

import time_machine

from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.deadlines.services import sweep
from projects.models import Project

from .builders import ans_row, formulating_project, notices

START = dt.date(2025, 3, 3)  # 1 month → due 03/04/2025; at risk with less than 6,2 days left


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), tick=False)


def test_live_changes_warn_nobody_and_the_sweep_warns_once(login, lead, planner, director, committed):
    page = login(director)
    with _at(dt.date(2025, 3, 30)):
        with committed():
            project = formulating_project(lead=lead, started=START)
            project.save()  # the clock starts on the formulation date: 4 days left of 31
        assert ans_row(page, "project") == {"open": 1, "at_risk": 1, "overdue": 0, "done": 0}
        assert DeadlineInstance.objects.get(step="project").state == "at_risk"
        assert notices() == []

        sweep()
        assert notices() == [("lider1", "ans_at_risk")]
        with committed():
            project.name = "Vivienda digna y segura"
            project.save()
        sweep()
        assert notices() == [("lider1", "ans_at_risk")]

    with _at(dt.date(2025, 4, 7)):  # nothing saved since: only the sweep moves the clock
        assert DeadlineInstance.objects.get(step="project").state == "at_risk"
        sweep()
        with committed():
            Project.objects.get(pk=project.pk).save()
        sweep()
    assert DeadlineInstance.objects.get(step="project").state == "overdue"
    assert notices("ans_overdue") == [("lider1", "ans_overdue"), ("planeador", "ans_overdue")]

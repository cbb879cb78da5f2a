"""A project's 1-month ANS walks through on time → at risk → overdue → done late; the daily
sweep warns the lead once when at risk, escalates once to the lead and planeación when overdue,
and says nothing more, even when it runs twice a day."""
import datetime as dt

import time_machine
from django.core.management import call_command

from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.deadlines.services import sweep
from isvimed_planning.models import Notice
from projects.models import Project

from .builders import formulating_project, notices

START = dt.date(2025, 3, 3)  # 1 month → due 03/04/2025 (31 days); at risk with < 6,2 days left


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), tick=False)


def _clock(project):
    return DeadlineInstance.objects.get(step="project", object_id=project.pk)


def test_project_deadline_goes_on_time_at_risk_overdue_and_done_late_with_each_notice_once(lead, planner, director):
    with _at(dt.date(2025, 3, 1)):
        project = formulating_project(lead=lead, started=START)

    with _at(dt.date(2025, 3, 10)):
        sweep()
        sweep()
    clock = _clock(project)
    assert (clock.start, clock.due, clock.state, clock.responsible) == (START, dt.date(2025, 4, 3), "on_time", lead)
    assert notices() == []

    with _at(dt.date(2025, 3, 28)):  # 6 days left of 31: less than 20 %
        sweep()
        sweep()
    assert _clock(project).state == "at_risk"
    assert notices() == [("lider1", "ans_at_risk")]
    notice = Notice.objects.get(kind="ans_at_risk")
    assert notice.title == "ANS en riesgo: Proyecto Vivienda digna"
    assert notice.body.startswith("4.2 Formulación e inscripción de proyectos. Vence el 03/04/2025; quedan 6 días.")
    assert notice.url == f"/proyectos/{project.pk}/"

    with _at(dt.date(2025, 4, 7)):
        sweep()
        call_command("ans_sweep")
    assert _clock(project).state == "overdue"
    assert notices("ans_overdue") == [("lider1", "ans_overdue"), ("planeador", "ans_overdue")]
    overdue = Notice.objects.filter(kind="ans_overdue").first()
    assert overdue.title == "ANS vencido: Proyecto Vivienda digna"
    assert "Venció el 03/04/2025 (4 días de retraso). Responsable: Luis Líder." in overdue.body

    Project.objects.filter(pk=project.pk).update(registered_on=dt.date(2025, 4, 9))
    with _at(dt.date(2025, 4, 10)):
        sweep()
        sweep()
    clock = _clock(project)
    assert (clock.state, clock.completed_on) == ("done_late", dt.date(2025, 4, 9))
    assert len(notices()) == 3  # nothing new once done


def test_a_project_registered_in_time_is_done_on_time_and_nobody_is_warned(lead, planner):
    with _at(dt.date(2025, 3, 1)):
        project = formulating_project(lead=lead, started=START)
    Project.objects.filter(pk=project.pk).update(registered_on=dt.date(2025, 3, 20))
    with _at(dt.date(2025, 4, 20)):
        sweep()
    assert _clock(project).state == "done_on_time"
    assert notices() == []


def test_an_instance_first_seen_when_already_overdue_is_escalated_once_without_an_at_risk_notice(lead, planner):
    with _at(dt.date(2025, 3, 1)):
        formulating_project(lead=lead, started=START)
    with _at(dt.date(2025, 5, 2)):
        sweep()
        sweep()
    assert notices() == [("lider1", "ans_overdue"), ("planeador", "ans_overdue")]

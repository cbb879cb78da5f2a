"""Live ANS, step 4.6: opening a reporting period opens the follow-up cycle's clock on /ans/ at
once; the cycle is done, at once, when the last report the month owes is approved and its
matrices exist. A lead's submission alone leaves the clock open."""
import datetime as dt

import time_machine
from django.utils import timezone

from monitoring import services
from monitoring.models import MatrixSnapshot, SnapshotState
from tests.monitoring.builders import allocate, report, reporting_project

from .builders import ans_row

NOW = dt.datetime(2025, 4, 8, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_opening_a_period_and_approving_its_last_report_show_at_once(login, planner, lead, director, committed):
    page = login(director)
    project = reporting_project(lead=lead, name="Mejoramiento de vivienda")
    allocate(project)
    with committed():
        services.period_save(
            by=planner, year=2025, month=3, cutoff=dt.date(2025, 3, 31), report_deadline=dt.date(2025, 4, 7)
        )
        MatrixSnapshot.objects.create(
            kind="plan-accion", year=2025, cutoff=dt.date(2025, 3, 31), state=SnapshotState.DONE,
            finished_at=timezone.now(),
        )
    assert ans_row(page, "monitoring") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    march = report(project, month=3)
    with committed():
        services.report_submit(report=march, by=lead)
    assert ans_row(page, "monitoring") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.report_approve(report=march, by=planner)
    assert ans_row(page, "monitoring") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

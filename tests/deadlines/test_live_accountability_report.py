"""Live ANS, step 4.7: an accountability report drafted by planeación opens its 1-month clock
on /ans/ at once; sending it for approval keeps it open; the director's approval completes it at
once (publishing keeps it done)."""
import datetime as dt

import time_machine

from accountability import services

from .builders import ans_row

NOW = dt.datetime(2025, 7, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_drafting_sending_approving_and_publishing_a_report_shows_at_once(login, planner, director, committed):
    page = login(director)
    with committed():
        report = services.report_create(
            by=planner, year=2025, title="Rendición de cuentas 2025", period_end=dt.date(2025, 6, 30)
        )
    assert ans_row(page, "accountability_report") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.report_transition(by=planner, report=report, name="send")
    assert ans_row(page, "accountability_report") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.report_transition(by=director, report=report, name="approve")
    assert ans_row(page, "accountability_report") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

    with committed():
        services.report_transition(by=planner, report=report, name="publish")
    assert ans_row(page, "accountability_report") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

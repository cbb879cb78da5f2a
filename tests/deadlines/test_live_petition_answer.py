"""Live ANS, step 4.7 (legal term): a derecho de petición registered by planeación opens its
clock on /ans/ at once, and answering it completes the clock at once."""
import datetime as dt

import time_machine

from accountability import services

from .builders import ans_row

NOW = dt.datetime(2025, 6, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_registering_then_answering_a_petition_shows_at_once(login, planner, director, committed):
    page = login(director)
    with committed():
        request = services.request_register(
            by=planner, filing_number="RAD-2025-0042", requester_name="Ciudadana", requester_kind="citizen",
            channel="web", received_on=dt.date(2025, 6, 9), kind="general", subject="Estado de mi subsidio",
            assignee=planner,
        )
    assert ans_row(page, "information_request") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}
    assert "Solicitud RAD-2025-0042: Estado de mi subsidio" in page.get("/ans/").content.decode()

    with committed():
        services.request_answer(by=planner, request=request, answer="Su subsidio fue asignado.", answered_on=dt.date(2025, 6, 10))
    assert ans_row(page, "information_request") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

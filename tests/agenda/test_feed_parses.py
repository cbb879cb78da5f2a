"""The user's private feed (/agenda/<token>.ics) is a valid iCalendar file that a calendar
library parses: one VEVENT per date with a stable UID, the date as an all-day DTSTART, an
absolute URL; the calendar is named after the user, in Bogotá's time zone."""
import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from isvimed_planning.agenda import token_of
from tests.agenda.builders import NOW, dates

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_planners_feed_parses_with_the_expected_events(client, planner, lead, lead2, settings):
    settings.SITE_URL = "https://planeacion.isvimed.gov.co"
    data = dates(planner=planner, lead=lead, lead2=lead2)

    response = client.get(f"/agenda/{token_of(planner)}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == f"ISVIMED · Agenda de {planner.display_name}"
    assert str(cal["X-WR-TIMEZONE"]) == "America/Bogota"
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    petition = events[f"solicitud-{data.petitions[0].pk}@isvimed-planning"]
    assert petition.decoded("DTSTART") == dt.date(2026, 2, 3)
    assert petition.decoded("DTEND") == dt.date(2026, 2, 4)
    assert str(petition["SUMMARY"]) == "Vence la solicitud RAD-001: Estado de mi postulación al subsidio de vivienda"
    assert str(petition["URL"]) == f"https://planeacion.isvimed.gov.co/rendicion/solicitudes/{data.petitions[0].pk}/"
    assert petition.decoded("DTSTAMP") == NOW.astimezone(dt.UTC)
    assert events["plan-accion-2026@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 1, 31)
    assert events[f"solicitud-{data.extended.pk}@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 2, 6)
    assert events[f"compromiso-{data.commitment.pk}@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 2, 20)
    assert events[f"corte-{data.period.pk}@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 2, 28)
    assert events[f"limite-reporte-{data.period.pk}@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 3, 6)
    assert events[f"ans-{data.clock_mine.pk}@isvimed-planning"].decoded("DTSTART") == dt.date(2026, 3, 10)
    assert f"solicitud-{data.answered.pk}@isvimed-planning" not in events
    assert len(events) == 8


@time_machine.travel(NOW, tick=False)
def test_the_feed_reaches_a_year_ahead_and_30_days_back(client, planner):
    # From 16/12/2025 to 15/01/2027: the 31 January of 2026 only (2025's is older, 2027's is further).
    cal = Calendar.from_ical(client.get(f"/agenda/{token_of(planner)}.ics").content)

    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == ["plan-accion-2026@isvimed-planning"]


@time_machine.travel(NOW.replace(month=2, day=2), tick=False)
def test_past_dates_stay_in_the_feed_for_30_days(client, planner):
    cal = Calendar.from_ical(client.get(f"/agenda/{token_of(planner)}.ics").content)

    assert [(str(e["UID"]), e.decoded("DTSTART").isoformat()) for e in cal.walk("VEVENT")] == [
        ("plan-accion-2026@isvimed-planning", "2026-01-31"), ("plan-accion-2027@isvimed-planning", "2027-01-31"),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_leads_feed_holds_only_their_projects_dates(client, planner, lead, lead2):
    data = dates(planner=planner, lead=lead, lead2=lead2)

    cal = Calendar.from_ical(client.get(f"/agenda/{token_of(lead)}.ics").content)

    assert sorted(str(e["UID"]) for e in cal.walk("VEVENT")) == sorted([
        f"reporte-{data.period.pk}-{data.mine.pk}@isvimed-planning", f"ans-{data.clock_mine.pk}@isvimed-planning",
        "plan-accion-2026@isvimed-planning",
    ])

"""Requests due this week and overdue (on the effective due date: the extended one counts)."""
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def requests_set():
    return {
        # due Tue 21/04 (next week)
        "next_week": info_request(received_on=D(2026, 3, 27), kind="general", filing_number="RAD-A"),
        # due Tue 14/04: overdue on Wed 15/04
        "overdue": info_request(received_on=D(2026, 3, 27), kind="documents", filing_number="RAD-B"),
        # due Wed 15/04 (today) and Fri 17/04: this week
        "today": info_request(received_on=D(2026, 3, 30), kind="documents", filing_number="RAD-C"),
        "friday": info_request(received_on=D(2026, 4, 1), kind="documents", filing_number="RAD-D"),
        # overdue but answered: in neither list
        "answered": info_request(received_on=D(2026, 3, 27), kind="documents", filing_number="RAD-E",
                                 state="answered", answered_on=D(2026, 4, 10), answer="Listo"),
        # due 14/04 but extended to 28/04: not overdue
        "extended": info_request(received_on=D(2026, 3, 27), kind="documents", filing_number="RAD-F",
                                 extended_due_date=D(2026, 4, 28), extension_notice="Demora", extension_notified_on=D(2026, 4, 10)),
    }


def numbers(html, testid):
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return sorted(n for n in ("RAD-A", "RAD-B", "RAD-C", "RAD-D", "RAD-E", "RAD-F") if f">{n}<" in table)


@time_machine.travel(dt.datetime(2026, 4, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), tick=False)
def test_summary_lists_due_this_week_and_overdue(login, planner, requests_set):
    html = login(planner).get("/rendicion/").content.decode()
    assert numbers(html, "due-week") == ["RAD-C", "RAD-D"]
    assert numbers(html, "overdue") == ["RAD-B"]
    assert '<div class="value" data-testid="pending-count">5</div>' in html


@time_machine.travel(dt.datetime(2026, 4, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), tick=False)
def test_list_filters_due_this_week_and_overdue(login, reader, requests_set):
    client = login(reader)
    assert numbers(client.get("/rendicion/solicitudes/?vista=semana").content.decode(), "requests") == ["RAD-C", "RAD-D"]
    overdue = client.get("/rendicion/solicitudes/?vista=vencidas").content.decode()
    assert numbers(overdue, "requests") == ["RAD-B"]
    assert "Vencida" in overdue
    everything = client.get("/rendicion/solicitudes/").content.decode()
    assert numbers(everything, "requests") == ["RAD-A", "RAD-B", "RAD-C", "RAD-D", "RAD-E", "RAD-F"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_request_list_runs_a_constant_number_of_queries(login, planner, director):
    client = login(planner)
    for n in range(3):
        info_request(received_on=D(2026, 3, 2 + n), assignee=director)
    small = _count_queries(client, "/rendicion/solicitudes/")
    for n in range(20):
        info_request(received_on=D(2026, 2, 2 + n % 20), assignee=planner if n % 2 else director)
    assert _count_queries(client, "/rendicion/solicitudes/") == small
    assert _count_queries(client, "/rendicion/") <= small + 6

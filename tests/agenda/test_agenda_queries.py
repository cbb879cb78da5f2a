"""The agenda page and the feed read in a constant number of queries whatever the number of dates."""
import pytest
import time_machine

from isvimed_planning.agenda import token_of
from tests.agenda.builders import NOW, dates, lead_project

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("persona", ["planner", "lead"])
def test_page_and_feed_queries_do_not_grow_with_the_dates(size, persona, request, login, client, planner, lead, lead2,
                                                          django_assert_num_queries):
    dates(planner=planner, lead=lead, lead2=lead2, requests=size)
    for n in range(size):
        lead_project(lead, f"Proyecto adicional {n}")
    user = request.getfixturevalue(persona)
    browser = login(user)
    token = token_of(user)
    browser.get("/agenda/")  # warm the session and the caches

    expected = {"planner": 13, "lead": 10}[persona]  # planner: + the hearings and their commitments
    with django_assert_num_queries(expected):
        assert browser.get("/agenda/").status_code == 200
    with django_assert_num_queries({"planner": 10, "lead": 7}[persona]):
        assert client.get(f"/agenda/{token}.ics").status_code == 200

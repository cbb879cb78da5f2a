"""The plan tree: natural order of codes, weights with their sum, the current plan, few queries."""
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategy import selectors
from tests import factories


@pytest.mark.django_db
def test_codes_sort_naturally(reader, login):
    plan = factories.plan()
    for code in ("4.3.10", "4.3.9", "4.3.1", "10.1.1"):
        factories.program(code, the_plan=plan)
    lines = selectors.plan_tree(plan)
    assert [line.code for line in lines] == ["4", "10"]
    assert [p.code for p in lines[0].components.all()[0].programs.all()] == ["4.3.1", "4.3.9", "4.3.10"]
    html = login(reader).get(reverse("strategy:index")).content.decode()
    assert html.index("4.3.9") < html.index("4.3.10") < html.index("10.1.1")


@pytest.mark.django_db
def test_program_weights_are_shown_with_their_sum_and_a_warning(reader, login):
    ok = factories.program("4.2.1")
    factories.indicator(the_program=ok, weight="60")
    factories.indicator(the_program=ok, weight="40")
    short = factories.program("4.2.2")
    factories.indicator(the_program=short, weight="70")
    response = login(reader).get(reverse("strategy:index"))
    html = response.content.decode()
    ok_cell = html.split('data-testid="program-4.2.1"')[1].split("</tfoot>")[0].split("<tfoot>")[1]
    short_cell = html.split('data-testid="program-4.2.2"')[1].split("</tfoot>")[0].split("<tfoot>")[1]
    assert ">100 %<" in ok_cell and "Las ponderaciones deben sumar 100 %" not in ok_cell
    assert ">70 %<" in short_cell and "Las ponderaciones deben sumar 100 %" in short_cell


@pytest.mark.django_db
def test_current_plan_is_the_one_containing_today_else_the_latest():
    old, now, later = factories.plan(2020), factories.plan(2024), factories.plan(2028)
    with time_machine.travel(dt.datetime(2025, 6, 1, 12), tick=False):
        assert selectors.current_plan() == now
    with time_machine.travel(dt.datetime(2035, 6, 1, 12), tick=False):
        assert selectors.current_plan() == later
    assert old  # the earlier plan exists but is neither


def _tree_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("strategy:index")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_tree_page_uses_a_constant_number_of_queries(reader, login):
    plan = factories.plan()
    client = login(reader)
    factories.indicator(the_program=factories.program("1.1.1", the_plan=plan), targets={2024: "1"})
    small = _tree_queries(client)
    for i in range(2, 6):
        program = factories.program(f"{i}.{i}.{i}", the_plan=plan)
        for _ in range(3):
            factories.indicator(the_program=program, targets={2024: "1", 2025: "2"})
    assert _tree_queries(client) == small

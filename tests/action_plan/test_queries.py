"""The plan page and its exports run a constant number of queries whatever the plan's size."""
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from action_plan import services
from tests.action_plan.builders import program_all
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 10, 15, 0), tick=False):
        yield


def _add(lead, fy, n):
    for _ in range(n):
        project, _ = funded_project(lead, goal="12")
        allocate(fy, project, "1200000")


def _counts(client):
    out = []
    for url in ("/plan-accion/2026/", "/plan-accion/2026/plan.xlsx"):
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        out.append(len(q))
    return out


def test_plan_page_queries_do_not_grow_with_the_number_of_projects(login, reader, planner, lead):
    fy = fiscal_year(2026)
    _add(lead, fy, 2)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    client = login(reader)
    small = _counts(client)
    _add(lead, fy, 6)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    assert _counts(client) == small

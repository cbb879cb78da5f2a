"""The action plan's Excel is written a chunk of projects at a time (a whole administration's plan
has 20,000): every project and product once, in BPIN order, and the totals row of the whole plan."""
import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from action_plan import exports, services
from tests.action_plan.builders import program_all, year_with_projects

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 1, 20, 15, 0), tick=False)
def test_the_excel_has_every_project_once_in_order_and_the_plans_totals(login, planner, lead, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    fy, projects = year_with_projects(lead, n=5, amount="1200000", goal="12")
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    response = login(planner).get("/plan-accion/2026/plan.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    wb = load_workbook(io.BytesIO(content))

    bpins = sorted(project.bank_code for project, _ in projects)
    rows = list(wb["Proyectos"].iter_rows(min_row=5, values_only=True))
    assert [row[0] for row in rows[:-1]] == bpins
    assert rows[-1][1] == "Total"
    assert rows[-1][4] == 6000000 and rows[-1][5:17] == (500000,) * 12 and rows[-1][17] == 6000000
    products = list(wb["Productos"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in products] == bpins
    assert all(row[5] == 12 and row[18] == 12 for row in products)

"""The budget year page's "Descargar Excel" of its allocations: every allocation the page lists
(a lead only their projects', `metas=1` applied), not only the shown page, the project's
modifications and definitive budget once per project, money as peso numbers, constant queries."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.budget.builders import allocate, fiscal_year, numbered_project
from tests.exports.counting import queries
from tests.exports.reading import cells, column, workbook

pytestmark = pytest.mark.django_db
URL = "/presupuesto/2026/techos.xlsx"


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False):
        yield


def test_a_lead_downloads_only_their_projects_and_every_page(login, lead, lead2, planner, monkeypatch):
    from budget import views

    monkeypatch.setattr(views, "ALLOCATIONS_PER_PAGE", 1)
    fy = fiscal_year(2026)
    mine, _ = numbered_project(lead, 1)
    theirs, _ = numbered_project(lead2, 2)
    allocate(fy, mine, "1000000")
    allocate(fy, mine, "2000000", source="SGP")
    allocate(fy, theirs, "3000000")
    assert column(login(lead).get(URL), "Proyecto") == ["Proyecto de vivienda 01"] * 2
    response = login(planner).get(URL)
    assert column(response, "Proyecto") == ["Proyecto de vivienda 01"] * 2 + ["Proyecto de vivienda 02"]
    # The project's definitive budget once, on its first line: the column adds up to the year.
    assert column(response, "Presupuesto definitivo del proyecto") == [3000000, None, 3000000]
    amount = cells(response, "Techo")[0]
    assert Decimal(str(amount.value)) == Decimal("1000000") and amount.number_format == '"$ "#,##0'


def test_only_goals_without_money_when_the_page_asks_it(login, planner, lead):
    fy = fiscal_year(2026)
    short, _ = numbered_project(lead, 1, unit_cost="50000")  # goal 100 × 50.000 = 5.000.000 > 1.000.000
    fits, _ = numbered_project(lead, 2, unit_cost="1000")
    allocate(fy, short, "1000000")
    allocate(fy, fits, "1000000")
    client = login(planner)
    assert column(client.get(URL + "?metas=1"), "Proyecto") == ["Proyecto de vivienda 01"]
    assert workbook(client.get(URL + "?metas=1"))["A2"].value == "Filtros: Solo metas sin presupuesto suficiente"
    assert len(column(client.get(URL), "Proyecto")) == 2
    page = client.get("/presupuesto/2026/?metas=1").content.decode()
    assert 'href="/presupuesto/2026/techos.xlsx?metas=1" data-testid="export-xlsx"' in page


def test_outsiders_are_refused(login, outsider):
    fiscal_year(2026)
    assert login(outsider).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_rows(login, planner, lead):
    fy = fiscal_year(2026)
    client = login(planner)
    project, _ = numbered_project(lead, 1, unit_cost="1000")
    allocate(fy, project, "1000000")
    small = queries(client, URL)
    for n in range(2, 14):
        project, _ = numbered_project(lead, n, unit_cost="1000")
        allocate(fy, project, "1000000")
        allocate(fy, project, "2000000", source="SGP")
    assert queries(client, URL) == small


# --- The unit-costs page's download ---------------------------------------------------------------

COSTS = "/presupuesto/2026/costos-unitarios.xlsx"


def test_unit_costs_every_product_of_the_filtered_projects(login, lead, lead2, planner, monkeypatch):
    from budget import views

    monkeypatch.setattr(views, "UNIT_COST_PROJECTS_PER_PAGE", 1)
    fy = fiscal_year(2026)
    short, _ = numbered_project(lead, 1, unit_cost="50000")  # goal 100 × 50.000 = 5.000.000 > 1.000.000
    fits, _ = numbered_project(lead2, 2, unit_cost="1000")
    allocate(fy, short, "1000000")
    allocate(fy, fits, "1000000")
    client = login(planner)
    response = client.get(COSTS)
    assert column(response, "Proyecto") == ["Proyecto de vivienda 01", "Proyecto de vivienda 02"]
    assert column(response, "Alcanza") == ["No", "Sí"]
    assert column(response, "Meta que paga el presupuesto") == [20, 1000]  # budget ÷ unit cost
    cost = cells(response, "Costo de la meta")[0]
    assert Decimal(str(cost.value)) == Decimal("5000000") and cost.number_format == '"$ "#,##0'
    assert column(client.get(COSTS + "?metas=1"), "Proyecto") == ["Proyecto de vivienda 01"]
    assert column(login(lead2).get(COSTS), "Proyecto") == ["Proyecto de vivienda 02"]
    page = client.get("/presupuesto/2026/costos-unitarios/?metas=1").content.decode()
    assert 'href="/presupuesto/2026/costos-unitarios.xlsx?metas=1" data-testid="export-xlsx"' in page


def test_unit_costs_queries_do_not_grow_with_the_rows(login, planner, lead):
    fy = fiscal_year(2026)
    client = login(planner)
    project, _ = numbered_project(lead, 1, unit_cost="1000")
    allocate(fy, project, "1000000")
    small = queries(client, COSTS)
    for n in range(2, 14):
        project, _ = numbered_project(lead, n, unit_cost="50000" if n % 2 else "1000")
        allocate(fy, project, "1000000")
    assert queries(client, COSTS) == small

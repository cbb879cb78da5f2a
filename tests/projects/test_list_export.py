"""The project list's "Descargar Excel": the same projects as the page (a lead only theirs, the
filter bar applied), every row rather than one page, dates as dates, money as numbers, in a
constant number of queries."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import views
from tests import factories
from tests.exports.reading import cells, column, workbook
from tests.projects.builders import complete_project, set_territories

pytestmark = pytest.mark.django_db
URL = "/proyectos/exportar/"


def test_a_lead_downloads_only_the_projects_they_lead(login, lead, lead2):
    complete_project(lead=lead, name="Vivienda nueva Robledo")
    complete_project(lead=lead2, name="Mejoramiento Manrique")
    assert column(login(lead).get(URL), "Proyecto") == ["Vivienda nueva Robledo"]
    assert column(login(lead2).get(URL), "Proyecto") == ["Mejoramiento Manrique"]


def test_a_filter_narrows_the_file_as_it_narrows_the_page(login, planner, lead, lead2):
    other = factories.program("4.3.1", "Mejoramiento de vivienda")
    complete_project(lead=lead, name="Vivienda nueva Robledo")
    complete_project(lead=lead2, name="Mejoramiento Manrique", the_program=other, state="in_review")
    client = login(planner)
    assert column(client.get(URL + "?state=in_review"), "Proyecto") == ["Mejoramiento Manrique"]
    assert column(client.get(URL + f"?program={other.pk}"), "Proyecto") == ["Mejoramiento Manrique"]
    assert column(client.get(URL + "?q=robledo"), "Proyecto") == ["Vivienda nueva Robledo"]
    assert sorted(column(client.get(URL + "?state=nada"), "Proyecto")) == ["Mejoramiento Manrique", "Vivienda nueva Robledo"]
    # The page links the download with its own filters.
    page = client.get("/proyectos/?state=in_review&pagina=2").content.decode()
    assert 'href="/proyectos/exportar/?state=in_review" data-testid="export-xlsx">Descargar Excel</a>' in page
    # The file says what was filtered.
    ws = workbook(client.get(URL + "?state=in_review"))
    assert [ws["A1"].value, ws["A2"].value] == ["4.2 Proyectos de inversión", "Filtros: Estado: En revisión"]


def test_every_row_is_in_the_file_not_only_the_first_page(login, planner, lead, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in range(5):
        factories.project(lead=lead, name=f"Proyecto {i}")
    assert len(column(login(planner).get(URL), "Proyecto")) == 5


def test_dates_are_dates_and_the_cost_is_a_peso_number(login, planner, lead):
    project = complete_project(lead=lead, name="Vivienda nueva Robledo")
    response = login(planner).get(URL)
    start, = cells(response, "Fecha de inicio")
    assert start.value == dt.datetime(2024, 1, 15) and start.number_format == "dd/mm/yyyy"
    cost, = cells(response, "Costo total")
    assert Decimal(str(cost.value)) == Decimal("3500000") and cost.number_format == '"$ "#,##0'
    assert project.name in column(response, "Proyecto")
    assert response["Content-Disposition"].startswith('attachment; filename="proyectos-')


def test_readers_download_outsiders_are_refused(login, reader, outsider, lead):
    complete_project(lead=lead, name="Vivienda nueva Robledo")
    assert column(login(reader).get(URL), "Proyecto") == ["Vivienda nueva Robledo"]
    assert login(outsider).get(URL).status_code == 403


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_rows(login, planner, lead):
    client = login(planner)
    for i in range(2):
        complete_project(lead=lead, name=f"Proyecto A{i}")
    small = _count(client)
    for i in range(12):
        p = complete_project(lead=lead, name=f"Proyecto B{i}")
        set_territories(p, {1: "50", 2: "50"})
    assert _count(client) == small

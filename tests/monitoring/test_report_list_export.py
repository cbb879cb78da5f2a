"""The monthly reports list's "Descargar Excel": the reports the page shows (a lead only their
projects', the year/month/state bar applied), every row, money as peso numbers, constant queries."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.exports.counting import queries
from tests.exports.reading import cells, column, workbook
from tests.monitoring.builders import report, reporting_project

pytestmark = pytest.mark.django_db
URL = "/seguimiento/reportes/exportar/"


def test_a_lead_downloads_only_the_reports_of_their_projects(login, lead, lead2, planner):
    report(reporting_project(lead=lead, name="Vivienda nueva Robledo"), month=3, evidence=False)
    report(reporting_project(lead=lead2, name="Mejoramiento Manrique"), month=3, evidence=False)
    assert column(login(lead).get(URL), "Proyecto") == ["Vivienda nueva Robledo"]
    assert sorted(column(login(planner).get(URL), "Proyecto")) == ["Mejoramiento Manrique", "Vivienda nueva Robledo"]


def test_the_bar_narrows_the_file_as_it_narrows_the_page(login, planner, lead):
    project = reporting_project(lead=lead, name="Vivienda nueva Robledo")
    report(project, month=2, state="approved", evidence=False)
    report(project, month=3, state="pending", evidence=False)
    client = login(planner)
    assert column(client.get(URL + "?estado=approved"), "Mes") == [2]
    assert column(client.get(URL + "?anio=2025&mes=3"), "Mes") == [3]
    assert column(client.get(URL + "?anio=abc&mes=3"), "Mes") == [3]  # a bad year is left out, as on the page
    assert workbook(client.get(URL + "?estado=approved"))["A2"].value == "Filtros: Estado: Aprobado"
    page = client.get("/seguimiento/reportes/?estado=approved").content.decode()
    assert 'href="/seguimiento/reportes/exportar/?estado=approved" data-testid="export-xlsx"' in page


def test_money_is_a_peso_number_and_the_year_is_not_grouped(login, reader, lead):
    report(reporting_project(lead=lead, name="Vivienda nueva Robledo"), month=3, committed="1234567", evidence=False)
    response = login(reader).get(URL)
    committed, = cells(response, "Comprometido")
    assert Decimal(str(committed.value)) == Decimal("1234567") and committed.number_format == '"$ "#,##0'
    year, = cells(response, "Año")
    assert year.value == 2025 and year.number_format == "0"


def test_outsiders_are_refused(login, outsider):
    assert login(outsider).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_rows(login, planner, lead):
    client = login(planner)
    report(reporting_project(lead=lead, name="P0"), month=3, evidence=False)
    small = queries(client, URL)
    for n in range(1, 12):
        report(reporting_project(lead=lead, name=f"P{n}"), month=3, evidence=False)
    assert queries(client, URL) == small

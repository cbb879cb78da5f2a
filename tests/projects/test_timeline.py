"""The projects' schedule (/proyectos/cronograma/): the project list's projects (same selector,
same filters) as bars from start to end date, grouped by program, on a month/year axis drawn by
isvimed_planning.charts.timeline; projects without dates listed apart."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isvimed_planning import charts
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/proyectos/cronograma/"


def _dated(project, start, end):
    Project.objects.filter(pk=project.pk).update(start_date=start, end_date=end)
    return project


def _bars(html: str) -> dict[str, tuple[int, int]]:
    return {name: (int(x), int(w)) for name, x, w in re.findall(
        r'<g class="gantt-row" data-project="([^"]+)" data-x="(\d+)" data-width="(\d+)">', html)}


def test_half_a_year_spans_half_of_a_one_year_axis():
    item = charts.TimelineItem("Vivienda nueva", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "approved", "Aprobado")
    chart = charts.timeline([("4.2.1 Vivienda nueva", [item])], today=dt.date(2026, 4, 1))
    bar, = chart.groups[0].bars
    plot = chart.right - chart.left
    assert chart.months == 12 and chart.first == dt.date(2026, 1, 1)
    assert bar.x == chart.left and bar.width * 2 == plot
    assert bar.css == "gantt-approved"
    assert bar.text == "Vivienda nueva: 01/01/2026 – 30/06/2026, Aprobado"
    assert chart.today_x == chart.left + plot // 4  # 1 April: a quarter of the year
    assert [text for _x, _m, text in chart.year_ticks] == ["2026"]


def test_the_axis_spans_whole_years_and_bars_keep_their_place_on_it():
    a = charts.TimelineItem("A", dt.date(2025, 7, 1), dt.date(2026, 12, 31))
    b = charts.TimelineItem("B", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    chart = charts.timeline([("P1", [a]), ("P2", [b])], today=dt.date(2030, 1, 1))
    plot = chart.right - chart.left
    bar_a, bar_b = chart.groups[0].bars[0], chart.groups[1].bars[0]
    assert chart.months == 24
    assert (bar_a.x - chart.left, bar_a.width) == (plot // 4, plot * 3 // 4)
    assert (bar_b.x - chart.left, bar_b.width) == (plot // 2, plot // 2)
    assert bar_b.y > bar_a.y and chart.groups[1].y > chart.groups[0].y
    assert chart.today_x is None  # today is off the axis


def test_items_without_dates_are_listed_apart():
    undated = charts.TimelineItem("Sin fecha de fin", dt.date(2026, 1, 1), None)
    chart = charts.timeline([("P1", [undated])], today=dt.date(2026, 1, 1))
    assert chart.empty and chart.undated == [undated]


def test_a_lead_sees_only_the_projects_the_list_shows_them(login, lead, lead2, planner):
    factories.project(lead=lead, name="Vivienda nueva Robledo")
    factories.project(lead=lead2, name="Mejoramiento Manrique")
    assert set(_bars(login(lead).get(URL).content.decode())) == {"Vivienda nueva Robledo"}
    assert set(_bars(login(lead2).get(URL).content.decode())) == {"Mejoramiento Manrique"}
    assert set(_bars(login(planner).get(URL).content.decode())) == {"Vivienda nueva Robledo", "Mejoramiento Manrique"}


def test_readers_see_it_outsiders_are_refused(login, reader, outsider, lead):
    factories.project(lead=lead, name="Vivienda nueva Robledo")
    assert set(_bars(login(reader).get(URL).content.decode())) == {"Vivienda nueva Robledo"}
    assert login(outsider).get(URL).status_code == 403


def test_the_list_filters_apply_and_bars_are_grouped_by_program(login, planner, lead):
    other = factories.program("4.3.1", "Mejoramiento de vivienda")
    _dated(factories.project(lead=lead, name="Vivienda nueva Robledo"), dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    _dated(factories.project(lead=lead, name="Mejoramiento Manrique", the_program=other, state="in_review"),
           dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    client = login(planner)
    html = client.get(URL).content.decode()
    bars = _bars(html)
    assert bars["Vivienda nueva Robledo"][1] == bars["Mejoramiento Manrique"][1]  # two halves of 2026
    assert bars["Mejoramiento Manrique"][0] == bars["Vivienda nueva Robledo"][0] + bars["Vivienda nueva Robledo"][1]
    assert html.index('data-group="4.2.1 Vivienda nueva"') < html.index('data-group="4.3.1 Mejoramiento de vivienda"')
    assert "<title>Vivienda nueva Robledo: 01/01/2026 – 30/06/2026, En formulación</title>" in html
    assert 'viewBox="0 0 ' in html and 'class="gantt-scroll"' in html
    assert set(_bars(client.get(URL + "?state=in_review").content.decode())) == {"Mejoramiento Manrique"}
    assert set(_bars(client.get(URL + f"?program={other.pk}").content.decode())) == {"Mejoramiento Manrique"}
    # The list links to the schedule with its filters.
    page = client.get("/proyectos/?state=in_review").content.decode()
    assert 'href="/proyectos/cronograma/?state=in_review" data-testid="timeline-link">Cronograma</a>' in page


def test_the_table_alternative_lists_the_same_projects(login, planner, lead):
    _dated(factories.project(lead=lead, name="Vivienda nueva Robledo"), dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    html = login(planner).get(URL).content.decode()
    table = html.split('data-testid="timeline-table"')[1]
    assert "Vivienda nueva Robledo" in table and "01/01/2026" in table and "30/06/2026" in table


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_projects(login, planner, lead):
    client = login(planner)
    other = factories.program("4.3.1", "Mejoramiento de vivienda")
    for i in range(2):
        factories.project(lead=lead, name=f"Proyecto A{i}")
    small = _count(client)
    for i in range(12):
        factories.project(lead=lead, name=f"Proyecto B{i}", the_program=other if i % 2 else None)
    assert _count(client) == small

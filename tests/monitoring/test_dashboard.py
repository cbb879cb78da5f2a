"""The follow-up dashboard (/seguimiento/): execution per program and project with the semáforo,
SVG charts, the tile map of territories and who has not reported the month."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.monitoring.builders import allocate, many_projects, period, report, reporting_project


@pytest.fixture
def data(lead, lead2):
    prog = factories.program("4.2.1", "Vivienda nueva")
    good = reporting_project(lead=lead, name="Proyecto adelantado", the_program=prog)
    late = reporting_project(lead=lead2, name="Proyecto atrasado", the_program=prog)
    allocate(good, "10000000")
    allocate(late, "10000000")
    report(good, month=1, state="approved", quantity="10", committed="6000000", obligated="5000000", paid="1000000",
           territories={10: "5000000", 0: "1000000"})
    report(good, month=2, state="approved", quantity="7", committed="3000000", obligated="0", paid="0",
           territories={10: "3000000"})
    report(late, month=1, state="approved", quantity="5", committed="1000000", obligated="0", paid="0",
           territories={60: "1000000"})
    report(late, month=2, state="pending", quantity="5")
    # Expected to report but has no report at all; a project in formulation is not expected.
    # (in a program of its own, so that its budget leaves "Vivienda nueva"'s figures as they are)
    allocate(reporting_project(lead=lead2, name="Proyecto sin reporte", the_program=factories.program("4.2.2", "Arrendamiento")))
    factories.project(lead=lead2, name="Proyecto en formulación", the_program=prog)
    period(month=2)
    return prog


def _section(page, testid):
    return page.split(f'data-testid="{testid}"')[1].split("</table>")[0]


def test_planner_sees_execution_with_the_semaforo(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    projects = _section(page, "projects")
    good_row = projects.split("Proyecto adelantado")[1].split("</tr>")[0]
    # physical 17 of 20 = 85 % → Sobresaliente; financial 9.000.000 of 10.000.000 = 90 %
    assert "85,0 %" in good_row and "Sobresaliente" in good_row and "$ 9.000.000" in good_row and "90,0 %" in good_row
    late_row = projects.split("Proyecto atrasado")[1].split("</tr>")[0]
    assert "25,0 %" in late_row and "Crítico" in late_row  # the pending February report does not count
    programs = _section(page, "programs")
    assert "Vivienda nueva" in programs and "$ 10.000.000" in programs
    # Program: 10.000.000 committed of 20.000.000 = 50 % → Bajo, drawn as a 150 px bar of 300;
    # its indicators have no goal for the year, so the physical bar says "Sin dato".
    financial = page.split('aria-label="Ejecución financiera por programa"')[1].split("</svg>")[0]
    assert 'width="150" height="18" class="bar-fill light-fill-bajo"' in financial and "50,0 %" in financial
    physical = page.split('aria-label="Ejecución física por programa"')[1].split("</svg>")[0]
    assert "light-fill-sin-dato" in physical and "Sin dato" in physical


def test_tile_map_colours_territories_by_committed_investment(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    tile_map = page.split('data-testid="tile-map"')[1].split("</svg>")[0]
    tiles = dict(re.findall(r'class="tile heat-(\d)" data-code="(\d+)"', tile_map)[i][::-1] for i in range(22))
    assert len(tiles) == 22  # 16 comunas, 5 corregimientos and the city-wide code 0
    assert tiles["10"] == "5"  # the most: 8.000.000
    assert tiles["60"] == "1" and tiles["0"] == "1"
    assert tiles["1"] == "0"
    assert "10 - La Candelaria: $ 8.000.000" in tile_map or "$ 8.000.000" in tile_map


def test_who_has_not_reported_the_month(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    missing = _section(page, "missing")
    assert "Proyecto atrasado" in missing and "Pendiente" in missing
    assert "Proyecto sin reporte" in missing and "No iniciado" in missing
    assert "Proyecto adelantado" not in missing  # approved
    assert "Proyecto en formulación" not in missing


def test_submitted_report_counts_as_reported(login, planner, data):
    from monitoring.models import ProgressReport

    ProgressReport.objects.filter(project__name="Proyecto atrasado", month=2).update(state="submitted")
    missing = _section(login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode(), "missing")
    assert "Proyecto atrasado" not in missing


def test_lead_sees_own_projects_and_pending_reports_on_top(login, lead2, data):
    page = login(lead2).get("/seguimiento/?anio=2025&mes=2").content.decode()
    mine = page.split('data-testid="my-reports"')[1].split("</section>")[0]
    assert page.index('data-testid="my-reports"') < page.index('data-testid="projects"')
    assert "Proyecto atrasado" in mine and "Completar reporte" in mine
    assert "Proyecto sin reporte" in mine and "Reportar febrero" in mine
    assert "Proyecto adelantado" not in mine
    assert "Proyecto adelantado" not in _section(page, "projects")
    assert "Proyecto adelantado" not in _section(page, "missing")


def _counted(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return len(queries), page.content.decode()


def _cold_and_warm_at_two_sizes(client, *, lead, more: int):
    """Queries of the dashboard computing the figures (first view after a change) and reading
    them from the cache (the next view), with 2 projects and then with `more` added; the page
    of the larger size's first view."""
    from django.core.cache import cache

    from isvimed_planning.caching import clear_local

    url = "/seguimiento/?anio=2025&mes=3"
    period(month=3)
    many_projects(2, lead=lead)
    small_cold, _ = _counted(client, url)
    small_warm, _ = _counted(client, url)
    many_projects(more, lead=lead, start=100)
    # Computed whole at both sizes (a new project's allocation would otherwise be patched in:
    # tests/monitoring/test_institute_patch.py counts that path).
    cache.clear()
    clear_local()
    large_cold, page = _counted(client, url)
    large_warm, _ = _counted(client, url)
    return (small_cold, small_warm), (large_cold, large_warm), page


def test_dashboard_runs_a_constant_number_of_queries(login, planner, lead):
    """Computing the figures and reading them from the cache each run the same number of
    queries at both sizes."""
    small, large, page = _cold_and_warm_at_two_sizes(login(planner), lead=lead, more=12)
    assert "Proyecto masivo 111" in page
    assert large == small
    assert large[1] < large[0]


def test_report_list_runs_a_constant_number_of_queries(login, planner, lead):
    many_projects(2, lead=lead)
    client = login(planner)
    client.get("/seguimiento/reportes/")
    with CaptureQueriesContext(connection) as small:
        client.get("/seguimiento/reportes/")
    many_projects(8, lead=lead, start=100)
    with CaptureQueriesContext(connection) as large:
        client.get("/seguimiento/reportes/")
    assert len(large) == len(small)


def test_dashboard_opens_on_the_cycle_being_reported(login, planner, lead, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0))
    period(month=2, state="closed")
    period(month=3)
    allocate(reporting_project(lead=lead, name="Proyecto sin reporte de marzo"))
    page = login(planner).get("/seguimiento/").content.decode()
    assert "Sin reporte de marzo 2025" in page
    assert "Proyecto sin reporte de marzo" in _section(page, "missing")


def test_lead_dashboard_runs_a_constant_number_of_queries(login, lead):
    small, large, page = _cold_and_warm_at_two_sizes(login(lead), lead=lead, more=10)
    assert page.count("Completar reporte") == 12
    assert large == small

"""The dashboard reads the institute's figures from a cache, and never shows figures older than
the data: an approval, a reopening or a budget change shows on the next view."""
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.services import allocation_set
from monitoring.services import report_approve, report_reopen
from tests.monitoring.builders import allocate, many_projects, period, report, reporting_project

URL = "/seguimiento/?anio=2025&mes=3"


def _projects_row(page: str, name: str) -> str:
    return page.split('data-testid="projects"')[1].split(name)[1].split("</tr>")[0]


def _view(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_reads_the_figures_from_the_cache(login, planner, lead):
    period(month=3)
    many_projects(3, lead=lead)
    client = login(planner)
    with CaptureQueriesContext(connection) as first:
        first_page = _view(client)
    with CaptureQueriesContext(connection) as second:
        second_page = _view(client)
    assert len(second) < len(first)
    assert _projects_row(second_page, "Proyecto masivo 1") == _projects_row(first_page, "Proyecto masivo 1")


def test_an_approved_report_shows_on_the_next_view(login, planner, director, lead):
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocate(project, "10000000")
    pending = report(project, month=3, state="submitted", committed="4000000", obligated="0", paid="0")
    client = login(planner)
    assert "$ 0" in _projects_row(_view(client), "Proyecto Pedregal")  # cached with nothing approved

    report_approve(report=pending, by=planner)

    row = _projects_row(_view(client), "Proyecto Pedregal")
    assert "$ 4.000.000" in row and "40,0 %" in row


def test_a_reopened_report_stops_counting_on_the_next_view(login, planner, lead):
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocate(project, "10000000")
    approved = report(project, month=3, state="submitted", committed="4000000", obligated="0", paid="0")
    report_approve(report=approved, by=planner)
    client = login(planner)
    assert "$ 4.000.000" in _projects_row(_view(client), "Proyecto Pedregal")

    approved.refresh_from_db()
    report_reopen(report=approved, by=planner, comment="Falta el acta de entrega.")

    row = _projects_row(_view(client), "Proyecto Pedregal")
    assert "$ 4.000.000" not in row and "0,0 %" in row


def test_a_new_allocation_shows_on_the_next_view(login, planner, finance, lead):
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocation = allocate(project, "10000000")
    report(project, month=3, state="approved", committed="4000000", obligated="0", paid="0")
    client = login(planner)
    assert "40,0 %" in _projects_row(_view(client), "Proyecto Pedregal")

    allocation_set(by=finance, fiscal_year=allocation.fiscal_year, project=project,
                   source=allocation.source, amount=Decimal("20000000"))

    row = _projects_row(_view(client), "Proyecto Pedregal")
    assert "$ 20.000.000" in row and "20,0 %" in row


def test_long_tables_are_paged_and_keep_the_month(login, planner, lead):
    period(month=3)
    many_projects(52, lead=lead)
    client = login(planner)
    first = _view(client)
    assert first.count("Proyecto masivo") >= 50
    projects = first.split('data-testid="projects"')[1].split("</table>")[0]
    assert projects.count("<tr>") == 51  # header + 50 projects
    assert "Página 1 de 2 (52 proyectos)" in first
    assert 'href="?anio=2025&amp;mes=3&amp;pagina=2&amp;pagina_sin_reporte=1#projects-title"' in first

    second = client.get(URL + "&pagina=2").content.decode()
    rest = second.split('data-testid="projects"')[1].split("</table>")[0]
    assert rest.count("<tr>") == 3  # header + the last two
    assert "Página 2 de 2 (52 proyectos)" in second
    # Every project has a pending March report: all 52 are missing, paged the same way.
    assert "Página 1 de 2 (52 proyectos sin reporte)" in second


def test_the_rows_kept_for_the_planner_are_not_shown_to_a_lead(login, planner, lead, lead2):
    period(month=3)
    mine = reporting_project(lead=lead, name="Proyecto Pedregal")
    theirs = reporting_project(lead=lead2, name="Proyecto Moravia")
    allocate(mine, "10000000")
    allocate(theirs, "10000000")
    planner_page = _view(login(planner))
    assert "Proyecto Pedregal" in planner_page and "Proyecto Moravia" in planner_page

    lead_page = _view(login(lead))
    rows = lead_page.split('data-testid="projects"')[1].split("</table>")[0]
    assert "Proyecto Pedregal" in rows and "Proyecto Moravia" not in rows

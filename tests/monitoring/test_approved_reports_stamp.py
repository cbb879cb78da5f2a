"""The dashboard's cached figures follow the approved reports through a stamp that the database
itself bumps: whatever writes an approved report (a service, an import, a bulk load, the admin, a
SQL statement) shows on the next view, and the month's edits of pending reports leave the cached
figures alone."""
from decimal import Decimal

from django.db import connection

from monitoring.figures import inputs_version
from monitoring.models import ProgressReport
from monitoring.services import report_approve
from tests.monitoring.builders import allocate, period, report, reporting_project

URL = "/seguimiento/?anio=2025&mes=3"


def _row(client, name: str) -> str:
    page = client.get(URL).content.decode()
    return page.split('data-testid="projects"')[1].split(name)[1].split("</tr>")[0]


def _stamp() -> int:
    return inputs_version()[0]


def test_a_pending_edit_keeps_the_stamp_and_an_approval_moves_it(db, planner, lead):
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocate(project, "10000000")
    pending = report(project, month=3, state="submitted", committed="4000000", obligated="0", paid="0")
    before = _stamp()

    pending.committed = Decimal("4500000")  # the lead corrects the figure before the review
    pending.save()
    assert _stamp() == before

    report_approve(report=pending, by=planner)
    assert _stamp() > before


def test_a_change_written_straight_to_the_database_shows_on_the_next_view(login, planner, lead):
    """No service, no version: an administrator corrects an approved amount with SQL."""
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocate(project, "10000000")
    approved = report(project, month=3, state="approved", committed="4000000", obligated="0", paid="0")
    client = login(planner)
    assert "$ 4.000.000" in _row(client, "Proyecto Pedregal")

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ProgressReport._meta.db_table} SET committed = 6000000 WHERE id = %s", [approved.pk])

    row = _row(client, "Proyecto Pedregal")
    assert "$ 6.000.000" in row and "60,0 %" in row


def test_approved_reports_loaded_in_bulk_or_deleted_show_on_the_next_view(login, planner, lead):
    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    allocate(project, "10000000")
    client = login(planner)
    assert "$ 2.000.000" not in _row(client, "Proyecto Pedregal")

    ProgressReport.objects.bulk_create([  # as seed_scale and the workbook import write them
        ProgressReport(project=project, year=2025, month=month, state="approved", committed=Decimal("1000000"))
        for month in (1, 2)
    ])
    assert "$ 2.000.000" in _row(client, "Proyecto Pedregal")

    ProgressReport.objects.filter(project=project, month=2).delete()
    row = _row(client, "Proyecto Pedregal")
    assert "$ 1.000.000" in row and "$ 2.000.000" not in row

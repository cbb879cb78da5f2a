"""CU05: a month a project owed and did not report. Of the months from January to the cutoff's
that the calendar has a reporting period for, those in which the project owed its report
(monitoring.reporting_duty: in the bank and not closed, started, with budget that year) and has
none sent or approved: one error per project for its lead, naming the months in Spanish and
the drafts opened and not sent, linked to the follow-up page of the first month missing."""
from __future__ import annotations

import datetime as dt

import pytest

from monitoring.cuadre.base import Severity
from projects.models import Project
from tests import factories
from tests.monitoring.builders import allocate, period, report, reporting_project

from .helpers import findings

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 4, 30)


@pytest.fixture
def periods():
    for month in (1, 2, 3, 4):
        period(2025, month, state="closed" if month < 4 else "open")


def _owing(lead, name: str | None = None, **kwargs):
    project = reporting_project(lead=lead, name=name, **kwargs)
    allocate(project)
    return project


def test_the_months_not_sent_are_one_error_per_project_with_its_drafts(lead, periods):
    project = _owing(lead, name="Mejoramiento Moravia")
    report(project, month=1, state="approved", evidence=False)
    report(project, month=2, state="submitted", evidence=False)
    report(project, month=3, state="pending", evidence=False)

    (found,) = findings("CU05", cutoff=CUTOFF)
    assert found.message == "Faltan los reportes de marzo y abril de 2025; sin enviar: marzo (pendiente)."
    assert found.severity == Severity.ERROR
    assert (found.object_kind, found.object_id) == ("project", project.pk)
    assert found.subject == f"Proyecto {project.bank_code} — Mejoramiento Moravia"
    assert found.url == "/seguimiento/?anio=2025&mes=3"
    assert (found.project_id, found.program_id, found.org_unit_id, found.lead_id) == (
        project.pk, project.program_id, project.org_unit_id, lead.pk
    )
    assert found.numbers == {"missing": 2, "months": "3,4"}


def test_a_single_month_and_a_returned_report_read_so(lead, lead2, periods):
    one = _owing(lead)
    for month in (1, 2, 3):
        report(one, month=month, state="approved", evidence=False)
    three = _owing(lead2)
    report(three, month=1, state="returned", evidence=False)
    report(three, month=4, state="approved", evidence=False)

    assert {f.lead_id: f.message for f in findings("CU05", cutoff=CUTOFF)} == {
        lead.pk: "Falta el reporte de abril de 2025.",
        lead2.pk: "Faltan los reportes de enero, febrero y marzo de 2025; sin enviar: enero (devuelto).",
    }


def test_who_owes_is_reporting_dutys_answer(lead, periods):
    starts_in_april = _owing(lead)
    Project.objects.filter(pk=starts_in_april.pk).update(start_date=dt.date(2025, 4, 10))
    reporting_project(lead=lead)  # no budget in 2025: owes nothing that year
    _owing(lead, state="closed")
    factories.funded(factories.project(lead=lead, state="formulation"), 2025)

    assert [(f.object_id, f.message) for f in findings("CU05", cutoff=CUTOFF)] == [
        (starts_in_april.pk, "Falta el reporte de abril de 2025.")
    ]


def test_months_without_a_period_or_after_the_cutoff_are_not_counted(lead):
    project = _owing(lead)
    period(2025, 2)
    period(2025, 5)
    report(project, month=2, state="approved", evidence=False)

    assert findings("CU05", cutoff=CUTOFF) == []  # January, March and April have no period
    assert [f.message for f in findings("CU05", cutoff=dt.date(2025, 5, 31))] == ["Falta el reporte de mayo de 2025."]

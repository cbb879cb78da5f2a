"""CU02: money committed in a month with no physical progress and no difficulty written. A sent
or approved report of a month up to the cutoff's that commits money while no product advanced
and the narrative says nothing of what got in the way is an alert for the lead, on that report."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.cuadre.base import Severity
from tests import factories
from tests.monitoring.builders import report, reporting_project

from .helpers import findings

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 6, 30)


def test_money_without_progress_nor_difficulties_is_an_alert_on_the_report(lead):
    project = reporting_project(lead=lead, name="Titulación de predios")
    factories.product(project, code="P2", name="Predios titulados", goals={2025: "10"})
    rep = report(project, month=5, state="approved", committed="12345678.5", quantity="0", difficulties="  \n ",
                 evidence=False)

    (found,) = findings("CU02", cutoff=CUTOFF)
    assert found.message == (
        "El reporte de mayo de 2025 compromete $ 12.345.679 sin avance físico en ningún producto y sin dificultades "
        "escritas que lo expliquen."
    )
    assert found.severity == Severity.ALERT
    assert (found.object_kind, found.object_id) == ("report", rep.pk)
    assert found.subject == f"Proyecto {project.bank_code} — Titulación de predios (reporte de mayo de 2025)"
    assert found.url == f"/seguimiento/reportes/{rep.pk}/"
    assert (found.project_id, found.program_id, found.org_unit_id, found.lead_id) == (
        project.pk, project.program_id, project.org_unit_id, lead.pk
    )
    assert found.numbers == {"month": 5, "committed": Decimal("12345678.50")}


def test_a_report_without_any_product_row_has_no_progress_either(lead):
    rep = report(reporting_project(lead=lead), month=6, state="submitted", quantity=None, evidence=False)
    assert [f.object_id for f in findings("CU02", cutoff=CUTOFF)] == [rep.pk]


def test_a_difficulty_written_or_some_progress_or_a_draft_is_no_finding(lead):
    project = reporting_project(lead=lead)
    report(project, month=1, state="approved", quantity="0", evidence=False,
           difficulties="El contratista suspendió la obra por lluvias.")
    report(project, month=2, state="approved", quantity="0.5", evidence=False)  # half a unit done
    report(project, month=3, state="approved", committed="0", quantity="0", evidence=False)  # no money either
    report(project, month=4, state="pending", quantity="0", evidence=False)  # the lead's draft
    report(project, month=7, state="approved", quantity="0", evidence=False)  # after the cutoff

    assert findings("CU02", cutoff=CUTOFF) == []

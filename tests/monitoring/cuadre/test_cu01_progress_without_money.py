"""CU01: a month with physical progress and nothing committed. A sent or approved report of a
month up to the cutoff's whose products advanced while the report commits $ 0 is an alert for
the lead of the project, on that report; a draft (pending or returned) is not judged yet."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.cuadre.base import Severity
from tests.monitoring.builders import report, reporting_project

from .helpers import findings

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 3, 31)


def test_an_approved_month_with_progress_and_nothing_committed_is_an_alert_on_its_report(lead):
    project = reporting_project(lead=lead, name="Mejoramiento Moravia")
    rep = report(project, month=3, state="approved", committed="0", obligated="0", paid="0", quantity="2.5",
                 evidence=False)

    (found,) = findings("CU01", cutoff=CUTOFF)
    assert found.message == (
        "El reporte de marzo de 2025 tiene avance físico (P1 Viviendas mejoradas: 2,5 Viviendas) y no compromete "
        "recursos en el mes ($ 0)."
    )
    assert found.severity == Severity.ALERT
    assert (found.object_kind, found.object_id) == ("report", rep.pk)
    assert found.subject == f"Proyecto {project.bank_code} — Mejoramiento Moravia (reporte de marzo de 2025)"
    assert found.url == f"/seguimiento/reportes/{rep.pk}/"
    assert (found.project_id, found.program_id, found.org_unit_id, found.lead_id) == (
        project.pk, project.program_id, project.org_unit_id, lead.pk
    )
    assert found.numbers == {"month": 3, "committed": Decimal("0"), "progress P1": Decimal("2.5")}


def test_a_sent_report_is_judged_before_it_is_approved_a_draft_is_not(lead):
    sent = report(reporting_project(lead=lead), month=2, state="submitted", committed="0", evidence=False)
    report(reporting_project(lead=lead), month=2, state="pending", committed="0", evidence=False)
    report(reporting_project(lead=lead), month=2, state="returned", committed="0", evidence=False)

    assert [f.object_id for f in findings("CU01", cutoff=CUTOFF)] == [sent.pk]


def test_progress_with_money_committed_or_no_progress_or_a_later_month_is_no_finding(lead):
    project = reporting_project(lead=lead)
    report(project, month=1, state="approved", committed="1", evidence=False)  # a peso committed
    report(project, month=2, state="approved", committed="0", quantity="0", evidence=False)  # nothing done
    report(project, month=4, state="approved", committed="0", evidence=False)  # after the cutoff

    assert findings("CU01", cutoff=CUTOFF) == []
    assert [f.message[:28] for f in findings("CU01", cutoff=dt.date(2025, 4, 30))] == ["El reporte de abril de 2025 "]

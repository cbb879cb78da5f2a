"""An approved report is locked: no edit, no evidence change, until planning staff reopen it
with a recorded reason."""
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.models import ReportTransition
from tests.monitoring.builders import edit_data, report, reporting_project, small_pdf

LOCKED = "El reporte está aprobado y bloqueado: Planeación debe reabrirlo para poder modificarlo."


@pytest.fixture
def approved(lead):
    return report(reporting_project(lead=lead), state="approved")


def test_approved_report_cannot_be_changed_by_anyone(planner, lead, approved):
    for user in (lead, planner):
        with pytest.raises(DomainError) as exc:
            services.report_update(
                report=approved, by=user, version=approved.version, committed=approved.committed,
                obligated=approved.obligated, paid=0, territories={10: (approved.committed, 5)},
            )
        assert exc.value.message == LOCKED
        with pytest.raises(DomainError) as exc:
            services.evidence_add(report=approved, by=user, upload=SimpleUploadedFile("b.pdf", small_pdf()))
        assert exc.value.message == LOCKED
        with pytest.raises(DomainError) as exc:
            services.evidence_delete(evidence=approved.evidence.get(), by=user)
        assert exc.value.message == LOCKED
    approved.refresh_from_db()
    assert approved.paid == 400000 and approved.evidence.count() == 1


def test_approved_report_pages_refuse_changes(login, planner, approved):
    client = login(planner)
    assert client.get(f"/seguimiento/reportes/{approved.pk}/editar/").status_code == 403
    assert client.post(f"/seguimiento/reportes/{approved.pk}/editar/", edit_data(approved, paid="0")).status_code == 403
    upload = SimpleUploadedFile("b.pdf", small_pdf(), content_type="application/pdf")
    response = client.post(f"/seguimiento/reportes/{approved.pk}/evidencias/", {"version": approved.version, "file": upload})
    assert response.status_code == 403
    evidence = approved.evidence.get()
    response = client.post(f"/seguimiento/evidencias/{evidence.pk}/eliminar/", {"version": approved.version}, follow=True)
    assert LOCKED in response.content.decode()
    page = client.get(f"/seguimiento/reportes/{approved.pk}/").content.decode()
    assert "Editar reporte" not in page and "Adjuntar evidencia" not in page and "Reabrir" in page
    approved.refresh_from_db()
    assert approved.paid == 400000 and approved.evidence.count() == 1


def test_reopening_needs_a_reason(login, planner, approved):
    response = login(planner).post(f"/seguimiento/reportes/{approved.pk}/accion/reopen/", {"version": approved.version, "comment": " "})
    assert "Escriba un comentario que explique la decisión." in response.content.decode()
    approved.refresh_from_db()
    assert approved.state == "approved"


def test_reopened_report_can_be_corrected_and_the_reason_is_recorded(login, planner, lead, approved):
    response = login(planner).post(
        f"/seguimiento/reportes/{approved.pk}/accion/reopen/",
        {"version": approved.version, "comment": "El pagado de marzo quedó mal digitado."},
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.state == "returned" and approved.approved_at is None
    move = ReportTransition.objects.get(report=approved, name="reopen")
    assert (move.from_state, move.to_state, move.by, move.comment) == (
        "approved", "returned", planner, "El pagado de marzo quedó mal digitado."
    )
    response = login(lead).post(f"/seguimiento/reportes/{approved.pk}/editar/", edit_data(approved, paid="300000"))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.paid == 300000

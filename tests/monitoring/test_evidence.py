"""Evidence: checked by content, stored under a random name, downloaded only through the
permission-checked view, as an attachment."""
import os

from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import Evidence
from tests.monitoring.builders import report, reporting_project, small_pdf


def test_lead_uploads_a_pdf_stored_under_a_random_name(login, lead):
    rep = report(reporting_project(lead=lead), evidence=False)
    upload = SimpleUploadedFile("Acta de entrega marzo.pdf", small_pdf(), content_type="application/pdf")
    response = login(lead).post(
        f"/seguimiento/reportes/{rep.pk}/evidencias/", {"version": rep.version, "file": upload, "description": "Acta"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(report=rep)
    assert evidence.original_name == "Acta de entrega marzo.pdf"
    assert evidence.content_type == "application/pdf" and evidence.uploaded_by == lead
    stored = os.path.basename(evidence.file.name)
    assert evidence.file.name.startswith("evidence/") and "Acta" not in stored and stored.endswith(".pdf")
    rep.refresh_from_db()
    assert rep.version == 2


def test_a_file_that_is_not_an_accepted_kind_is_refused_next_to_the_field(login, lead):
    rep = report(reporting_project(lead=lead), evidence=False)
    upload = SimpleUploadedFile("acta.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = login(lead).post(f"/seguimiento/reportes/{rep.pk}/evidencias/", {"version": rep.version, "file": upload})
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["file"] == [
        "Tipo de archivo no permitido: solo se aceptan PDF, imágenes (PNG, JPG, GIF) o documentos de Office (Word, Excel, PowerPoint)."
    ]
    assert not Evidence.objects.filter(report=rep).exists()


def test_download_is_an_attachment_for_those_who_may_see_the_report(login, lead, reader):
    rep = report(reporting_project(lead=lead))
    evidence = rep.evidence.get()
    for user in (lead, reader):
        response = login(user).get(f"/seguimiento/evidencias/{evidence.pk}/descargar/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;") and "acta.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_lead_removes_evidence_of_a_pending_report(login, lead):
    rep = report(reporting_project(lead=lead))
    evidence = rep.evidence.get()
    response = login(lead).post(f"/seguimiento/evidencias/{evidence.pk}/eliminar/", {"version": rep.version})
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()

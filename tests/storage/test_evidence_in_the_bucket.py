"""A lead's evidence of a monthly report is kept in the bucket and downloaded from it."""
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import Evidence
from tests.monitoring.builders import report, reporting_project, small_pdf


def test_lead_uploads_evidence_to_the_bucket_and_downloads_it(login, lead, reader, bucket):
    assert default_storage.__class__.__name__ == "S3Storage"  # the override took effect
    rep = report(reporting_project(lead=lead), evidence=False)
    content = small_pdf("Acta de entrega marzo")
    upload = SimpleUploadedFile("Acta de entrega marzo.pdf", content, content_type="application/pdf")
    response = login(lead).post(
        f"/seguimiento/reportes/{rep.pk}/evidencias/", {"version": rep.version, "file": upload, "description": "Acta"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(report=rep)
    assert bucket.names() == [evidence.file.name]
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".pdf")
    assert bucket.read(evidence.file.name) == content
    # Private: only the owner's grant, nothing for everyone or for any authenticated AWS user.
    assert [g["Grantee"]["Type"] for g in bucket.acl_grants(evidence.file.name)] == ["CanonicalUser"]
    for user in (lead, reader):
        download = login(user).get(f"/seguimiento/evidencias/{evidence.pk}/descargar/")
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="Acta de entrega marzo.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == content
    assert bucket.local_files() == []


def test_removing_evidence_removes_its_object_from_the_bucket(login, lead, bucket, django_capture_on_commit_callbacks):
    rep = report(reporting_project(lead=lead), evidence=False)
    login(lead).post(
        f"/seguimiento/reportes/{rep.pk}/evidencias/",
        {"version": rep.version, "file": SimpleUploadedFile("acta.pdf", small_pdf()), "description": ""},
    )
    evidence = Evidence.objects.get(report=rep)
    rep.refresh_from_db()
    assert bucket.names("evidence/") == [evidence.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(lead).post(f"/seguimiento/evidencias/{evidence.pk}/eliminar/", {"version": rep.version})
    assert response.status_code == 302
    assert bucket.names() == []
    assert bucket.local_files() == []

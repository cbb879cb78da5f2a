"""A workbook upload handed to the worker: the web process keeps it in the bucket, the task body
reads it back by its storage name (never a local path), validates it, then imports it."""
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.workbook import tasks
from isvimed_planning.workbook.models import ImportJob
from projects.models import Project
from tests.workbook.builders import base_data, make_leads, write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run_in_the_worker(job_id, confirm):
    """What the worker does with the message: the task body, given only the job's id."""
    result = tasks.process_import_job.apply(args=[job_id, confirm])
    assert result.successful(), result.traceback


def test_planner_uploads_a_workbook_the_worker_validates_and_imports_from_the_bucket(
    login, planner, settings, bucket, django_capture_on_commit_callbacks
):
    make_leads()
    settings.WORKBOOK_SYNC_MAX_BYTES = 0  # every workbook goes to the worker
    content = write(base_data()).getvalue()
    client = login(planner)
    with mock.patch.object(tasks.process_import_job, "delay", side_effect=run_in_the_worker) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/libro/", {"file": SimpleUploadedFile("plan.xlsx", content, content_type=XLSX)})
        job = ImportJob.objects.get()
        delay.assert_called_once_with(job.pk, False)
        assert response.status_code == 302
        assert bucket.names() == [job.file.name]
        assert job.file.name.startswith("workbook-imports/")
        assert bucket.read(job.file.name) == content
        job.refresh_from_db()
        assert job.state == "checked", job.error
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/libro/importaciones/{job.pk}/confirmar/")
        assert delay.call_count == 2
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert Project.objects.filter(bank_code="2024050010001").exists()
    assert bucket.names() == [job.file.name]
    assert bucket.local_files() == []

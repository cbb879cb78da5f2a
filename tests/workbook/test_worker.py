"""Large workbooks are validated and imported by a real Celery worker (over Redis), with the
progress visible to the page that polls it."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.workbook.models import ImportJob
from monitoring.models import ProgressReport
from tests.conftest import browser_login
from tests.worker import wait_for
from tests.workbook.builders import big_data, write

pytestmark = pytest.mark.celery_worker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """A private media folder, for this process and the worker's."""
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path


@pytest.fixture
def large(settings):
    """Every upload counts as large: it goes to the worker."""
    settings.WORKBOOK_SYNC_MAX_BYTES = 0


def _job_in(pk, *states):
    job = ImportJob.objects.get(pk=pk)
    return job if job.state in states else None


def test_worker_validates_then_imports_a_large_workbook(transactional_db, media, large, celery_worker, login, planner):
    content = write(big_data(projects=4)).getvalue()
    client = login(planner)
    response = client.post("/libro/", {"file": SimpleUploadedFile("grande.xlsx", content, content_type=XLSX)})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/libro/importaciones/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    if job.state == "checking":
        assert f'data-progress-url="/libro/importaciones/{job.pk}/progreso/"' in page
    checked = wait_for(lambda: _job_in(job.pk, "checked", "invalid", "failed"), timeout=90)
    assert checked.state == "checked", (checked.preview or {}).get("errors", checked.error)
    assert checked.preview["counts"]["ejecucion_financiera"]["created"] == 4 * 48
    assert not ProgressReport.objects.exists()

    client.post(f"/libro/importaciones/{job.pk}/confirmar/")
    done = wait_for(lambda: _job_in(job.pk, "done", "invalid", "failed"), timeout=90)
    assert done.state == "done", done.error
    assert done.progress == 100
    assert ProgressReport.objects.count() == 4 * 48
    report = ProgressReport.objects.first()
    assert report.history.get().history_change_reason == "Importado de grande.xlsx por planeador"
    assert report.history.get().history_user == planner


@pytest.mark.browser
def test_page_follows_the_worker_progress_to_the_result(transactional_db, media, large, celery_worker, page, planner, tmp_path):
    path = tmp_path / "grande.xlsx"
    write(big_data(projects=2), path)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, planner)
    page.goto("/libro/")
    page.get_by_label("Libro de planeación (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Validar el libro").click()
    page.get_by_role("button", name="Confirmar importación").wait_for(timeout=90000)
    assert "La validación no encontró errores. Nada se ha guardado todavía." in page.content()
    page.get_by_role("button", name="Confirmar importación").click()
    page.get_by_text("Libro importado: los cambios quedaron guardados").wait_for(timeout=90000)
    assert ProgressReport.objects.count() == 2 * 48

"""A job that outlives its time limit in a real (prefork) worker is failed with a message its
page shows: the soft limit stops the workbook import inside the job, the hard limit kills the
worker's child running a matrix that ignores the soft one. The limits travel in the message
(from the task's settings where it is queued); the worker's environment gives the message's
text (WORKBOOK_JOB_TIME_LIMIT, MATRIX_JOB_TIME_LIMIT, JOB_HARD_LIMIT_MARGIN)."""
from __future__ import annotations

import pytest

from isvimed_planning.workbook.models import ImportJob
from isvimed_planning.workbook.tasks import process_import_job
from monitoring.matrix_services import snapshot_request
from monitoring.models import MatrixSnapshot
from monitoring.tasks import generate_matrix_snapshot
from tests.job_hooks import BLOCK_AT, IGNORE_SOFT_LIMIT
from tests.matrices.builders import CUTOFF, dataset
from tests.worker import forget_unacked, running_worker, wait_for
from tests.workbook.builders import big_data, write

pytestmark = pytest.mark.celery_worker

PREFORK = ("-P", "prefork", "-c", "1")  # time limits are enforced by the prefork pool


def _limits(monkeypatch, task, soft: int, hard: int) -> None:
    """The limits the message carries (Celery caches a task's sending options on first use)."""
    monkeypatch.setattr(task, "soft_time_limit", soft)
    monkeypatch.setattr(task, "time_limit", hard)
    monkeypatch.setattr(task, "_exec_options", None)


def test_an_import_past_its_soft_time_limit_is_failed_with_its_message(
    transactional_db, media, login, planner, settings, monkeypatch
):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0
    forget_unacked()
    monkeypatch.setenv(BLOCK_AT, "1")
    monkeypatch.setenv("WORKBOOK_JOB_TIME_LIMIT", "3")
    _limits(monkeypatch, process_import_job, 3, 63)
    client = login(planner)
    with running_worker(app_module="tests.job_hooks", extra_args=PREFORK):
        client.post("/libro/", {"file": write(big_data(projects=2))})
        job = ImportJob.objects.get()
        failed = wait_for(lambda: ImportJob.objects.filter(pk=job.pk, state="failed").first(), timeout=60)
    message = "La tarea superó el tiempo máximo de 3 segundos y se detuvo; no se guardó nada. Puede reintentarla."
    assert failed.error == message
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert message in page
    assert "Reintentar la validación" in page
    assert planner.notices.filter(kind="job_failed").count() == 1


def test_a_matrix_past_its_hard_time_limit_is_failed_with_its_message(
    transactional_db, media, login, planner, lead, lead2, monkeypatch
):
    dataset(lead=lead, lead2=lead2)
    forget_unacked()
    monkeypatch.setenv(BLOCK_AT, "40")
    monkeypatch.setenv(IGNORE_SOFT_LIMIT, "1")
    monkeypatch.setenv("MATRIX_JOB_TIME_LIMIT", "2")
    monkeypatch.setenv("JOB_HARD_LIMIT_MARGIN", "2")
    _limits(monkeypatch, generate_matrix_snapshot, 2, 4)
    with running_worker(app_module="tests.job_hooks", extra_args=PREFORK) as worker:
        snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
        failed = wait_for(lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, state="failed").first(), timeout=60)
        assert "Hard time limit (4" in worker.log_path.read_text()
    message = "La tarea superó el tiempo máximo de 2 segundos y se detuvo; no se guardó nada. Puede reintentarla."
    assert (failed.error, failed.file.name) == (message, "")
    page = login(planner).get(f"/seguimiento/matrices/{snapshot.pk}/").content.decode()
    assert message in page
    assert "Reintentar la generación" in page

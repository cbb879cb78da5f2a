"""A real worker SIGKILLed in the middle of a large workbook's validation (as the kernel does when
it runs out of memory): the import stays "Validando" until its hard time limit has passed, then
the sweep marks it failed with a message its page shows and tells the uploader once; the page's
"Reintentar" button runs it again to the end on a new worker."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from isvimed_planning.workbook.models import ImportJob
from isvimed_planning.workbook.tasks import HARD_LIMIT, sweep_stuck_imports
from tests.job_hooks import BLOCK_AT
from tests.worker import forget_unacked, kill_worker, running_worker, wait_for
from tests.workbook.builders import big_data, write

pytestmark = pytest.mark.celery_worker

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."


def test_a_killed_worker_leaves_the_import_failed_with_a_message_and_the_retry_works(
    transactional_db, media, login, planner, settings, monkeypatch
):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0  # every file goes to the worker
    forget_unacked()
    client = login(planner)
    monkeypatch.setenv(BLOCK_AT, "1")  # the job stops once it has read a little
    with running_worker(app_module="tests.job_hooks") as worker:
        response = client.post("/libro/", {"file": write(big_data(projects=2))})
        job = ImportJob.objects.get()
        assert response["Location"] == f"/libro/importaciones/{job.pk}/"
        wait_for(lambda: ImportJob.objects.filter(pk=job.pk, progress__gte=1).exists(), timeout=60)
        kill_worker(worker)
    assert worker.returncode == -9

    stuck = ImportJob.objects.get(pk=job.pk)
    assert (stuck.state, stuck.attempts) == ("checking", 1)
    assert sweep_stuck_imports() == 0, "a job within its time limit may still be running"
    with time_machine.travel(stuck.heartbeat_at + dt.timedelta(seconds=HARD_LIMIT + 61), tick=False):
        assert sweep_stuck_imports() == 1

    failed = ImportJob.objects.get(pk=job.pk)
    assert (failed.state, failed.error, failed.label) == ("failed", INTERRUPTED, "Falló")
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert INTERRUPTED in page
    assert "Reintentar la validación" in page
    assert "data-progress-url" not in page
    notice = planner.notices.get(kind="job_failed")
    assert (notice.title, notice.body, notice.url) == (
        "Falló la importación de libro.xlsx", INTERRUPTED, f"/libro/importaciones/{job.pk}/"
    )

    monkeypatch.delenv(BLOCK_AT)
    forget_unacked()  # the dead worker's message: Redis would hand it out again after an hour
    with running_worker():
        response = client.post(f"/libro/importaciones/{job.pk}/reintentar/")
        assert response["Location"] == f"/libro/importaciones/{job.pk}/"
        done = wait_for(lambda: ImportJob.objects.filter(pk=job.pk).exclude(state="checking").first(), timeout=90)
    assert done.state == "checked", (done.preview or {}).get("errors", done.error)
    assert (done.error, done.attempts) == ("", 1)
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert "La validación no encontró errores. Nada se ha guardado todavía." in page
    assert INTERRUPTED not in page

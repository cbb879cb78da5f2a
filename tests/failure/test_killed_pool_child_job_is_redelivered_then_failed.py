"""In the production pool (prefork), the kernel's OOM killer SIGKILLs the child running a job: the
worker hands the message back at once (reject_on_worker_lost), the job runs again on a new child,
and once it has used JOB_MAX_ATTEMPTS the next delivery fails it with its message instead of
running it a third time."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from isvimed_planning.workbook.models import ImportJob
from tests.job_hooks import BLOCK_AT
from tests.worker import forget_unacked, running_worker, wait_for
from tests.workbook.builders import big_data, write

pytestmark = pytest.mark.celery_worker

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kill_child_at_attempt(worker, pk: int, attempt: int) -> None:
    wait_for(lambda: ImportJob.objects.filter(pk=pk, attempts=attempt, progress__gte=1).exists(), timeout=60)
    (child,) = _children(worker.pid)
    os.kill(child, signal.SIGKILL)


def test_a_job_that_keeps_killing_its_pool_child_is_failed_after_its_attempts(
    transactional_db, media, login, planner, settings, monkeypatch
):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0
    forget_unacked()
    monkeypatch.setenv(BLOCK_AT, "1")
    monkeypatch.setenv("JOB_MAX_ATTEMPTS", "2")
    client = login(planner)
    with running_worker(app_module="tests.job_hooks", extra_args=("-P", "prefork", "-c", "1")) as worker:
        client.post("/libro/", {"file": write(big_data(projects=2))})
        job = ImportJob.objects.get()
        _kill_child_at_attempt(worker, job.pk, 1)
        _kill_child_at_attempt(worker, job.pk, 2)
        failed = wait_for(lambda: ImportJob.objects.filter(pk=job.pk, state="failed").first(), timeout=60)
        assert worker.poll() is None, "the worker itself keeps running"
    assert (failed.error, failed.attempts) == (INTERRUPTED, 2)
    assert planner.notices.filter(kind="job_failed").count() == 1
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert INTERRUPTED in page and "Reintentar la validación" in page

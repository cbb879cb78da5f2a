"""A matrix job whose worker was SIGKILLed is delivered again by Redis; once the job has used
its attempts (JOB_MAX_ATTEMPTS, 1 here) the redelivery marks it failed instead of running it,
so a job that kills every worker it lands on stops there; the page shows why and offers a retry."""
from __future__ import annotations

import pytest

from monitoring.matrix_services import snapshot_request
from monitoring.models import MatrixSnapshot
from tests.job_hooks import BLOCK_AT
from tests.matrices.builders import CUTOFF, dataset
from tests.worker import forget_unacked, kill_worker, redeliver_unacked, running_worker, wait_for

pytestmark = pytest.mark.celery_worker

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."


def test_a_redelivered_job_past_its_attempts_is_failed_not_run_again(
    transactional_db, media, login, planner, lead, lead2, monkeypatch
):
    dataset(lead=lead, lead2=lead2)
    forget_unacked()
    monkeypatch.setenv("JOB_MAX_ATTEMPTS", "1")
    monkeypatch.setenv(BLOCK_AT, "40")
    with running_worker(app_module="tests.job_hooks") as first:
        snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
        wait_for(lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, progress__gte=40).exists(), timeout=60)
        kill_worker(first)
    assert MatrixSnapshot.objects.get(pk=snapshot.pk).state == "running"

    with running_worker() as second:
        assert redeliver_unacked() == 1
        failed = wait_for(lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, state="failed").first(), timeout=60)
        wait_for(lambda: "succeeded in" in second.log_path.read_text())
    assert (failed.error, failed.attempts, failed.file.name) == (INTERRUPTED, 1, "")
    assert planner.notices.filter(kind="job_failed").count() == 1
    page = login(planner).get(f"/seguimiento/matrices/{snapshot.pk}/").content.decode()
    assert INTERRUPTED in page
    assert "Reintentar la generación" in page

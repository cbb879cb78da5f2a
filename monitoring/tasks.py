"""Background jobs of step 4.6: generating the matrices' files, with soft/hard time limits, a
memory bound, and the sweep that fails snapshots whose worker is gone (isvimed_planning/jobs.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from celery import Task, shared_task
from django.db import DatabaseError

from isvimed_planning import jobs
from isvimed_planning.deadlines.tasks import RETRY, day_argument

from . import cuadre_services, submission_services
from .matrix_services import snapshot_fail, snapshot_generate, sweep_stuck

if TYPE_CHECKING:
    from .monthly_cycle import CycleRun

SOFT_LIMIT, HARD_LIMIT = jobs.time_limits("matrix")


class MatrixTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Also called in the worker's main process when the hard time limit killed the child.
        snapshot_id = kwargs.get("snapshot_id", args[0] if args else None)
        if snapshot_id is not None:
            snapshot_fail(snapshot_id=snapshot_id, error=jobs.message_for(exc, kind="matrix"))


@shared_task(
    base=MatrixTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def generate_matrix_snapshot(self, snapshot_id: int) -> str:
    """Generate one snapshot's file. Safe to run twice or after a crash (see snapshot_generate)."""
    delivery = self.request.delivery_info or {}
    snapshot = snapshot_generate(
        snapshot_id=snapshot_id, task_id=self.request.id or "", redelivered=bool(delivery.get("redelivered")),
        retrying=bool(self.request.retries), bound_memory=True,
    )
    return snapshot.state if snapshot else "missing"


@shared_task(name="monitoring.sweep_stuck_snapshots", acks_late=True, ignore_result=True)
def sweep_stuck_snapshots() -> int:
    """Fail the snapshots whose worker died or that never left the queue (safe to run twice)."""
    return sweep_stuck() + cuadre_services.sweep_stuck() + submission_services.sweep_stuck()


class SubmissionCheckTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        check_id = kwargs.get("check_id", args[0] if args else None)
        if check_id is not None:
            submission_services.check_fail(check_id=check_id, error=jobs.message_for(exc, kind="matrix"))


@shared_task(
    base=SubmissionCheckTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    max_retries=3,
)
def check_matrix_submission(self, check_id: int) -> str:
    """Recompute a sent matrix as of its data and compare it with today (safe to run twice)."""
    delivery = self.request.delivery_info or {}
    check = submission_services.check_run(
        check_id=check_id, task_id=self.request.id or "", redelivered=bool(delivery.get("redelivered")),
        retrying=bool(self.request.retries),
    )
    return check.state if check else "missing"


class CuadreTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        run_id = kwargs.get("run_id", args[0] if args else None)
        if run_id is not None:
            cuadre_services.cuadre_fail(run_id=run_id, error=jobs.message_for(exc, kind="matrix"))


@shared_task(
    base=CuadreTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    max_retries=3,
)
def run_cuadre(self, run_id: int) -> str:
    """Compute one run of the cuadre (safe to run twice: cuadre_services.cuadre_generate)."""
    delivery = self.request.delivery_info or {}
    run = cuadre_services.cuadre_generate(
        run_id=run_id, task_id=self.request.id or "", redelivered=bool(delivery.get("redelivered")),
        retrying=bool(self.request.retries),
    )
    return run.state if run else "missing"


@shared_task(name="monitoring.monthly_cycle", **RETRY)
def monthly_cycle(self, today: str | None = None) -> CycleRun:
    """Daily: the parts of the monthly follow-up cycle that are due on that day."""
    from .monthly_cycle import run

    return run(today=day_argument(today))

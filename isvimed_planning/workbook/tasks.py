"""Workbook imports in the worker: soft/hard time limits, a memory bound, and the sweep that fails
imports whose worker is gone (see isvimed_planning/jobs.py)."""
from __future__ import annotations

from celery import Task, shared_task

from isvimed_planning import jobs

SOFT_LIMIT, HARD_LIMIT = jobs.time_limits("workbook")


class ImportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Reached when the task body could not fail the job itself: the hard time limit (called
        # in the worker's main process after it killed the child) or an error outside process_job.
        from .services import fail_job

        job_id = kwargs.get("job_id", args[0] if args else None)
        if job_id is not None:
            fail_job(job_id=job_id, message=jobs.message_for(exc, kind="workbook"))


@shared_task(
    base=ImportTask, bind=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT,
)
def process_import_job(self, job_id: int, confirm: bool) -> None:
    """Validate (confirm=False) or import (confirm=True) an uploaded workbook; a rerun is a no-op."""
    from .services import process_job

    delivery = self.request.delivery_info or {}
    process_job(
        job_id=job_id, confirm=confirm, task_id=self.request.id or "",
        redelivered=bool(delivery.get("redelivered")), bound_memory=True,
    )


@shared_task(name="workbook.sweep_stuck_imports", acks_late=True, ignore_result=True)
def sweep_stuck_imports() -> int:
    """Fail the imports whose worker died or that never left the queue (safe to run twice)."""
    from .models import RUNNING_STATES, ImportJob
    from .services import _notify_failed

    return jobs.sweep(ImportJob, states=RUNNING_STATES, hard_limit=HARD_LIMIT, notify_fn=_notify_failed, label="Falló")

"""Background jobs of step 4.6: generating the matrices' files, with soft/hard time limits, a
memory bound, and the sweep that fails snapshots whose worker is gone (isvimed_planning/jobs.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from celery import shared_task
from django.db import DatabaseError

from isvimed_planning import jobs
from isvimed_planning.deadlines.tasks import RETRY, day_argument

from . import cuadre_services, submission_services
from .matrix_services import snapshot_fail, snapshot_generate, sweep_stuck

if TYPE_CHECKING:
    from .monthly_cycle import CycleRun

# The three jobs of the step share one task shape (isvimed_planning.jobs.job_task); their names
# are the ones already in brokers' queues and in the beat schedule, so they must not change.
generate_matrix_snapshot = jobs.job_task(
    name="monitoring.tasks.generate_matrix_snapshot", kind="matrix",
    run=lambda pk, **attempt: snapshot_generate(snapshot_id=pk, bound_memory=True, **attempt),
    fail=lambda pk, message: snapshot_fail(snapshot_id=pk, error=message),
    retry_on=(DatabaseError, OSError), retry_backoff_max=300, retry_jitter=True, max_retries=5,
)
check_matrix_submission = jobs.job_task(
    name="monitoring.tasks.check_matrix_submission", kind="matrix",
    run=lambda pk, **attempt: submission_services.check_run(check_id=pk, **attempt),
    fail=lambda pk, message: submission_services.check_fail(check_id=pk, error=message),
)
run_cuadre = jobs.job_task(
    name="monitoring.tasks.run_cuadre", kind="matrix",
    run=lambda pk, **attempt: cuadre_services.cuadre_generate(run_id=pk, **attempt),
    fail=lambda pk, message: cuadre_services.cuadre_fail(run_id=pk, error=message),
)


@shared_task(name="monitoring.sweep_stuck_snapshots", acks_late=True, ignore_result=True)
def sweep_stuck_snapshots() -> int:
    """Fail the snapshots whose worker died or that never left the queue (safe to run twice)."""
    return sweep_stuck() + cuadre_services.sweep_stuck() + submission_services.sweep_stuck()


@shared_task(name="monitoring.refresh_figures", ignore_result=True)
def refresh_figures() -> str:
    """Every minute: the institute's figures of the current cycle computed (or patched) here, not
    by the first dashboard view after a change. A cache hit when nothing changed."""
    from .selectors import refresh_figures as refresh

    year, month = refresh()
    return f"{year}-{month:02d}"


@shared_task(name="monitoring.monthly_cycle", **RETRY)
def monthly_cycle(self, today: str | None = None) -> CycleRun:
    """Daily: the parts of the monthly follow-up cycle that are due on that day."""
    from .monthly_cycle import run

    return run(today=day_argument(today))

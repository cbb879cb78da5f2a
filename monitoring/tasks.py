"""Background jobs of step 4.6: generating the matrices' files."""
from __future__ import annotations

from celery import Task, shared_task
from django.db import DatabaseError

from isvimed_planning.deadlines.tasks import RETRY, day_argument

from .matrix_services import snapshot_fail, snapshot_generate


class MatrixTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        snapshot_id = kwargs.get("snapshot_id", args[0] if args else None)
        if snapshot_id is not None:
            snapshot_fail(snapshot_id=snapshot_id, error="La generación falló. Solicítela de nuevo.")


@shared_task(
    base=MatrixTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def generate_matrix_snapshot(self, snapshot_id: int) -> str:
    """Generate one snapshot's file. Safe to run twice or after a crash (see snapshot_generate)."""
    snapshot = snapshot_generate(snapshot_id=snapshot_id)
    return snapshot.state if snapshot else "missing"


@shared_task(name="monitoring.monthly_cycle", **RETRY)
def monthly_cycle(self, today: str | None = None) -> dict:
    """Daily: the parts of the monthly follow-up cycle that are due on that day."""
    from .monthly_cycle import run

    return run(today=day_argument(today))

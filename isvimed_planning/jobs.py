"""Background jobs that never hang: claim, heartbeat, fail with a Spanish message, sweep.

A job row (the workbook's ImportJob, monitoring's MatrixSnapshot) has `state`, `error`,
`finished_at` and the fields of JobFields: `started_at` (the current attempt claimed it),
`heartbeat_at` (last sign of life: queued, claimed, progress), `attempts` and `task_id` (the
Celery message that claimed it).

- A message claims the job with a conditional update. A different message for a claimed job is
  a duplicate and does nothing; the same message again is a redelivery (its worker died) or an
  autoretry, and claims it again unless the job already used JOB_MAX_ATTEMPTS: a job that keeps
  killing its worker is failed instead of run again.
- Every failure (exception, soft or hard time limit, memory bound, worker gone) ends in `fail`,
  which writes the message the job's page shows and notifies the requester once.
- `sweep` (Celery beat, every few minutes) fails jobs whose last sign of life is older than
  their hard time limit (their worker is gone: no attempt outlives it) or that waited in the
  queue longer than JOB_QUEUE_TIMEOUT.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

JobT = TypeVar("JobT", bound=models.Model)

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."
NEVER_STARTED = "La tarea no empezó: el servicio de tareas en segundo plano no la tomó a tiempo. Puede reintentarla."
DATABASE_ERROR = "La tarea falló por un error de la base de datos; no se guardó nada. Puede reintentarla."
UNEXPECTED = "La tarea falló por un error inesperado; no se guardó nada. Puede reintentarla."
TIMED_OUT = "La tarea superó el tiempo máximo de {limit} y se detuvo; no se guardó nada. Puede reintentarla."
OUT_OF_MEMORY = "La tarea se detuvo porque necesitaba más de {mb} MB de memoria; no se guardó nada. Puede reintentarla."
# Seconds a job may outlive its hard time limit before the sweep declares its worker gone.
SWEEP_GRACE_SECONDS = 60


class JobFields(models.Model):
    """The fields every background job row carries (abstract)."""

    started_at = models.DateTimeField("inicio del intento", null=True, blank=True)
    heartbeat_at = models.DateTimeField("última señal", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("intentos", default=0)
    task_id = models.CharField("tarea", max_length=255, blank=True)

    class Meta:
        abstract = True


def max_attempts() -> int:
    return getattr(settings, "JOB_MAX_ATTEMPTS", 2)


def time_limits(kind: str) -> tuple[int, int]:
    """(soft, hard) seconds of a kind of job ("workbook", "matrix")."""
    soft = int(settings.JOB_TIME_LIMITS[kind])
    return soft, soft + getattr(settings, "JOB_HARD_LIMIT_MARGIN", 60)


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} segundos"
    return f"{seconds // 60} minutos"


def message_for(exc: BaseException, *, kind: str) -> str:
    """The Spanish message a user reads for the exception that stopped a job."""
    from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

    if isinstance(exc, (SoftTimeLimitExceeded, TimeLimitExceeded)):
        return TIMED_OUT.format(limit=_duration(time_limits(kind)[0]))
    if isinstance(exc, MemoryError):
        return OUT_OF_MEMORY.format(mb=memory_limit_mb())
    if isinstance(exc, DatabaseError):
        return DATABASE_ERROR
    return UNEXPECTED


@dataclass
class Claim(Generic[JobT]):
    """What a message may do with its job: run it (`run`, and then `job` is the claimed row), or
    nothing (it is done, failed or owned by another message)."""

    run: bool
    job: JobT | None = None


def claim(model: type[JobT], pk: int, *, states, task_id: str = "", redelivered: bool = False,
          retrying: bool = False, on_give_up: Callable[[JobT], None] | None = None, give_up_fields: dict | None = None,
          **running_fields) -> Claim[JobT]:
    """Claim job `pk` (in one of `states`) for this attempt with a conditional update.

    `task_id` is the Celery message's id ("" when run in-process); `redelivered` says the broker
    delivers it again (its worker died); `retrying` that it is an autoretry of itself."""
    now = timezone.now()
    give_up_fields = give_up_fields or {}
    row = model._default_manager.filter(pk=pk, state__in=states).values("started_at", "attempts", "task_id").first()
    if row is None:
        return Claim(False)
    base = model._default_manager.filter(pk=pk, state__in=states)
    if row["started_at"] is None:
        won = base.filter(started_at__isnull=True)
    elif task_id and row["task_id"] == task_id:
        if (redelivered or not retrying) and row["attempts"] >= max_attempts():
            job = model._default_manager.get(pk=pk)
            log.warning("%s %s: attempt %s of a job that keeps stopping its worker: failed", model.__name__, pk,
                        row["attempts"] + 1)
            fail(job, INTERRUPTED, states=states, only_if={"attempts": row["attempts"]}, notify_fn=on_give_up,
                 **give_up_fields)
            return Claim(False)
        won = base.filter(task_id=task_id, attempts=row["attempts"])
    else:
        return Claim(False)  # another message owns the running attempt
    updated = won.update(started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, task_id=task_id or "",
                         **running_fields)
    if not updated:
        return Claim(False)
    return Claim(True, model._default_manager.get(pk=pk))


def queue(task, model, pk: int, *, queued_state: str, failed_state: str, message: str) -> None:
    """Send job `pk` to its Celery `task`; when the broker cannot take it, mark the job failed
    with `message` (the Spanish words its page shows) and raise it as a DomainError."""
    from .workflow import DomainError

    try:
        task.delay(pk)
    except Exception:  # broker down or unreachable
        log.exception("Could not queue %s %s", model.__name__, pk)
        model._default_manager.filter(pk=pk, state=queued_state).update(
            state=failed_state, error=message, finished_at=timezone.now()
        )
        raise DomainError(message) from None


def beat(model, pk: int, **fields) -> None:
    """A sign of life, with the progress fields to write."""
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)


def set_progress(model, pk: int, percent: int, *, running_state: str) -> None:
    """A running job's progress (0–99: 100 is written with the result) and a sign of life; a job
    no longer running (failed, taken over) is left as it is."""
    model._default_manager.filter(pk=pk, state=running_state).update(
        progress=max(0, min(99, percent)), heartbeat_at=timezone.now()
    )


def fail(job, message: str, *, states=None, only_if: dict | None = None, notify_fn=None, **extra) -> bool:
    """Mark `job` failed with `message` unless it already finished (or, given `states`, unless it
    is in none of them, or does not match `only_if`, e.g. the `started_at` of the attempt that
    fails); notify once (only the call whose conditional update changed the row notifies).
    Returns whether it changed the row."""
    rows = type(job).objects.filter(pk=job.pk).exclude(state__in=["done", "failed"])
    if states is not None:
        rows = rows.filter(state__in=states)
    if only_if:
        rows = rows.filter(**only_if)
    with transaction.atomic():
        changed = rows.update(state="failed", error=message[:2000], finished_at=timezone.now(), **extra)
        if changed and notify_fn is not None:
            job.refresh_from_db()
            notify_fn(job)
    return bool(changed)


def stuck(model, *, states, hard_limit: int, now: dt.datetime | None = None):
    """Jobs in `states` whose worker is gone (claimed, silent longer than the hard limit) or
    that never left the queue."""
    now = now or timezone.now()
    queue_timeout = getattr(settings, "JOB_QUEUE_TIMEOUT", 2 * 3600)
    return model._default_manager.filter(state__in=states).filter(
        Q(started_at__isnull=False, heartbeat_at__lt=now - dt.timedelta(seconds=hard_limit + SWEEP_GRACE_SECONDS))
        | Q(started_at__isnull=True, heartbeat_at__lt=now - dt.timedelta(seconds=queue_timeout))
    )


def sweep(model, *, states, hard_limit: int, notify_fn=None, **extra) -> int:
    """Fail every stuck job once (safe to run twice, or twice at once: each row is failed by a
    conditional update on what was read, and only the update that wins notifies)."""
    failed = 0
    for job in stuck(model, states=states, hard_limit=hard_limit).order_by("pk"):
        message = INTERRUPTED if job.started_at else NEVER_STARTED
        rows = type(job).objects.filter(
            pk=job.pk, state=job.state, attempts=job.attempts, heartbeat_at=job.heartbeat_at
        )
        with transaction.atomic():
            if rows.update(state="failed", error=message, finished_at=timezone.now(), **extra):
                failed += 1
                log.warning("%s %s stuck since %s: failed by the sweep", model.__name__, job.pk, job.heartbeat_at)
                if notify_fn is not None:
                    job.refresh_from_db()
                    notify_fn(job)
    return failed


# --- Memory bound ------------------------------------------------------------------------


def memory_limit_mb() -> int:
    return getattr(settings, "JOB_MEMORY_LIMIT_MB", 1536)


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_bound(megabytes: int | None = None):
    """Let the block use at most `megabytes` more address space than the process has now
    (RLIMIT_AS): past it allocations raise MemoryError, which fails the job with its message,
    instead of the kernel killing the whole worker. The previous limit is restored after."""
    megabytes = memory_limit_mb() if megabytes is None else megabytes
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + megabytes * 1024 * 1024
    except (ImportError, OSError, ValueError):  # not Linux: no bound
        yield
        return
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def job_task(
    *, name: str, kind: str, run: Callable[..., models.Model | None], fail: Callable[[int, str], object],
    retry_on: tuple[type[BaseException], ...] = (DatabaseError,), **retry: object,
):
    """The Celery task that runs one job row: `run(pk, task_id=, redelivered=, retrying=)` claims
    and does the work (safe to run twice, see `claim`); `fail(pk, message)` is called with the
    Spanish message when the attempt dies in a way the body cannot catch: the hard time limit
    calls `on_failure` in the worker's main process after killing the child. Late acknowledgement
    and reject-on-worker-lost make a dead worker's job come back instead of vanishing."""
    from celery import Task, shared_task

    soft, hard = time_limits(kind)

    class JobTask(Task):
        def on_failure(self, exc, task_id, args, kwargs, einfo):
            pk = args[0] if args else next(iter(kwargs.values()), None)
            if pk is not None:
                fail(pk, message_for(exc, kind=kind))

    def execute(self, pk: int) -> str:
        delivery = self.request.delivery_info or {}
        job = run(pk, task_id=self.request.id or "", redelivered=bool(delivery.get("redelivered")),
                  retrying=bool(self.request.retries))
        return getattr(job, "state", "missing") if job else "missing"

    return shared_task(
        name=name, base=JobTask, bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=soft,
        time_limit=hard, autoretry_for=retry_on, retry_backoff=5, **{"max_retries": 3, **retry},
    )(execute)

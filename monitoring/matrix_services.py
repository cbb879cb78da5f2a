"""Use cases of the matrices for the Alcaldía: validate the parameters, request a snapshot,
generate it (the Celery task body) and the scheduled, idempotent generation."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import jobs, roles
from isvimed_planning.files import random_name
from isvimed_planning.notices import notify
from isvimed_planning.workflow import DomainError

from .matrices import KINDS, TITLES, asof, compute, write_xlsx
from .matrices.base import cutoff_outside_year
from .models import MatrixKind, MatrixSnapshot, SnapshotState

log = logging.getLogger(__name__)

QUEUE_ERROR = "No se pudo poner en cola la generación. Intente de nuevo en unos minutos."
RUNNING = (SnapshotState.QUEUED, SnapshotState.RUNNING)
STORAGE_DIR = "matrices"


def validate_parameters(*, kind: str, year: int, cutoff: dt.date) -> None:
    if kind not in KINDS:
        raise DomainError(f"Matriz desconocida «{kind}». Use una de: {', '.join(KINDS)}.", field="kind")
    if not 2000 <= int(year) <= 2100:
        raise DomainError("La vigencia debe ser un año entre 2000 y 2100.", field="year")
    if outside := cutoff_outside_year(year, cutoff):
        raise DomainError(outside, field="cutoff")


def download_name(snapshot: MatrixSnapshot) -> str:
    return f"{snapshot.kind}-{snapshot.year}-corte-{snapshot.cutoff:%Y-%m-%d}.xlsx"


def export(*, kind: str, year: int, cutoff: dt.date, fileobj, progress=None) -> None:
    """Compute the matrix and write its .xlsx to `fileobj` (path or binary file)."""
    validate_parameters(kind=kind, year=year, cutoff=cutoff)
    matrix = compute(kind, year=year, cutoff=cutoff, stream=True)
    write_xlsx(matrix, fileobj, year=year, cutoff=cutoff, progress=progress)


def _queue(snapshot_id: int) -> None:
    from .tasks import generate_matrix_snapshot

    jobs.queue(generate_matrix_snapshot, MatrixSnapshot, snapshot_id, queued_state=SnapshotState.QUEUED, failed_state=SnapshotState.FAILED,
               message=QUEUE_ERROR)


@transaction.atomic
def snapshot_request(*, kind: str, year: int, cutoff: dt.date, by) -> MatrixSnapshot:
    """Keep a new snapshot (queued) and queue its generation once the transaction commits.

    Raises DomainError when the broker cannot take the job (the snapshot is then marked failed)."""
    validate_parameters(kind=kind, year=year, cutoff=cutoff)
    snapshot = MatrixSnapshot.objects.create(kind=kind, year=year, cutoff=cutoff, requested_by=by)
    transaction.on_commit(lambda: _queue(snapshot.pk))
    return snapshot


def _set_progress(snapshot_id: int, percent: int) -> None:
    jobs.set_progress(MatrixSnapshot, snapshot_id, percent, running_state=SnapshotState.RUNNING)


def snapshot_generate(
    *, snapshot_id: int, task_id: str = "", redelivered: bool = False, retrying: bool = False,
    bound_memory: bool = False,
) -> MatrixSnapshot | None:
    """Generate the file of a snapshot (the Celery task body).

    Claims the row with a conditional update (isvimed_planning.jobs.claim: a duplicate message
    does nothing; a message delivered again after its worker died runs again up to
    JOB_MAX_ATTEMPTS, then the snapshot is failed), writes the file to an anonymous temporary
    file of this process (gone when closed or when the process dies: nothing is left behind, and
    no other process ever reads it), then saves it to the storage (default_storage: the local
    disk or the bucket every machine shares) and marks it done in one transaction. A rerun after
    a crash starts over; whoever finishes first wins and any other copy is thrown away, so there
    is never more than one file per snapshot. `bound_memory` (the worker) caps the memory of the work."""
    claimed = jobs.claim(
        MatrixSnapshot, snapshot_id, states=RUNNING, task_id=task_id, redelivered=redelivered, retrying=retrying,
        on_give_up=_notify_failed, state=SnapshotState.RUNNING, progress=0, error="",
    )
    snapshot = claimed.job
    if not claimed.run or snapshot is None:
        return MatrixSnapshot.objects.filter(pk=snapshot_id).first()
    # The version of the data it is computed from, taken before reading it (matrices.asof).
    data_marks, data_as_of, reference = asof.marks(), timezone.now(), asof.reference_rows()
    with tempfile.TemporaryFile(prefix=f"snapshot-{snapshot_id}-", suffix=".part") as scratch:
        with jobs.memory_bound() if bound_memory else contextlib.nullcontext():
            # Streamed: the Georreferenciación's pairs and the Plan de Acción's rows are read while they
            # are written, a chunk of projects at a time.
            matrix = compute(snapshot.kind, year=snapshot.year, cutoff=snapshot.cutoff, stream=True)
            _set_progress(snapshot_id, 40)
            write_xlsx(
                matrix, scratch, year=snapshot.year, cutoff=snapshot.cutoff,
                progress=lambda done, total: _set_progress(snapshot_id, 40 + int(50 * done / total)),
            )
            del matrix
        _set_progress(snapshot_id, 90)
        stored_name = None
        try:
            with transaction.atomic():
                row = MatrixSnapshot.objects.select_for_update().get(pk=snapshot_id)
                if row.state != SnapshotState.RUNNING or row.started_at != snapshot.started_at:
                    return row  # another run finished, gave up or took over meanwhile: keep its file only
                scratch.seek(0)
                stored_name = default_storage.save(
                    f"{STORAGE_DIR}/{snapshot.year}/{random_name('matriz.xlsx')}", File(scratch, name="matriz.xlsx")
                )
                row.file.name = stored_name
                row.state = SnapshotState.DONE
                row.progress = 100
                row.error = ""
                row.finished_at = timezone.now()
                row.data_marks, row.data_as_of, row.reference_rows = data_marks, data_as_of, reference
                row.data_version = asof.version_of(data_marks)
                row.save(update_fields=[
                    "file", "state", "progress", "error", "finished_at", "data_marks", "data_as_of", "reference_rows",
                    "data_version",
                ])
                if row.requested_by_id:
                    notify(
                        recipients=[row.requested_by], kind="matrix_done", key=f"matrix-{row.pk}-done",
                        title=f"La matriz {kind_label(row.kind)} {row.year} está lista",
                        body=f"Vigencia {row.year}, fecha de corte {row.cutoff:%d/%m/%Y}.",
                        url=reverse("monitoring:matrix_detail", args=[row.pk]),
                    )
        except BaseException:
            if stored_name:
                default_storage.delete(stored_name)
            raise
        return row


def _notify_failed(snapshot: MatrixSnapshot) -> None:
    if snapshot.requested_by_id:
        notify(
            recipients=[snapshot.requested_by], kind="job_failed",
            key=f"matrix-{snapshot.pk}-failed-{snapshot.finished_at:%Y%m%d%H%M%S%f}",
            title=f"Falló la generación de la matriz {kind_label(snapshot.kind)} {snapshot.year}",
            body=snapshot.error, url=reverse("monitoring:matrix_detail", args=[snapshot.pk]),
        )


def snapshot_fail(*, snapshot_id: int, error: str) -> None:
    """Mark a snapshot failed once its job gives up (retries exhausted, a time limit, a bug), with
    the message its page shows, and tell who asked for it."""
    snapshot = MatrixSnapshot.objects.filter(pk=snapshot_id).select_related("requested_by").first()
    if snapshot is not None:
        jobs.fail(snapshot, error, states=RUNNING, notify_fn=_notify_failed)


def snapshot_retry(*, snapshot_id: int, by) -> MatrixSnapshot:
    """Generate a failed snapshot again (same parameters, same page)."""
    if not roles.may(by, "monitoring.generate_matrices"):
        raise PermissionDenied
    with transaction.atomic():
        retried = MatrixSnapshot.objects.filter(pk=snapshot_id, state=SnapshotState.FAILED).update(
            state=SnapshotState.QUEUED, progress=0, error="", finished_at=None, started_at=None, attempts=0,
            task_id="", heartbeat_at=timezone.now(),
        )
        if not retried:
            raise DomainError("Esta matriz no falló: no hay nada que reintentar.")
        transaction.on_commit(lambda: _queue(snapshot_id))
    return MatrixSnapshot.objects.get(pk=snapshot_id)


def sweep_stuck() -> int:
    """Fail the snapshots whose worker died or that never left the queue (safe to run twice)."""
    return jobs.sweep(
        MatrixSnapshot, states=RUNNING, hard_limit=jobs.time_limits("matrix")[1], notify_fn=_notify_failed
    )


def scheduled_snapshot(*, kind: str, year: int, cutoff: dt.date, schedule_key: str) -> MatrixSnapshot:
    """Get or create the snapshot of `schedule_key` and generate it now (idempotent: running
    it twice keeps one snapshot and one file)."""
    validate_parameters(kind=kind, year=year, cutoff=cutoff)
    try:
        with transaction.atomic():
            snapshot, _ = MatrixSnapshot.objects.get_or_create(
                schedule_key=schedule_key, defaults={"kind": kind, "year": year, "cutoff": cutoff}
            )
    except IntegrityError:  # created concurrently
        snapshot = MatrixSnapshot.objects.get(schedule_key=schedule_key)
    if snapshot.state == SnapshotState.DONE:
        return snapshot
    if snapshot.state == SnapshotState.FAILED:
        MatrixSnapshot.objects.filter(pk=snapshot.pk, state=SnapshotState.FAILED).update(
            state=SnapshotState.QUEUED, error="", finished_at=None, started_at=None, attempts=0, task_id="",
            heartbeat_at=timezone.now(),
        )
    snapshot_generate(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    return snapshot


def kind_label(kind: str) -> str:
    return TITLES.get(kind, kind)


__all__ = [
    "MatrixKind", "QUEUE_ERROR", "download_name", "export", "kind_label", "scheduled_snapshot",
    "snapshot_fail", "snapshot_generate", "snapshot_request", "snapshot_retry", "sweep_stuck", "validate_parameters",
]

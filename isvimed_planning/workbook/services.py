"""Use cases of the browser import: upload (dry run), confirm (write), run in a Celery worker
when the file is large. The work itself is isvimed_planning.workbook.importer."""
from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from isvimed_planning.workflow import DomainError

from .base import Result
from .bounds import measure
from .importer import import_workbook
from .models import ImportJob, ImportState

log = logging.getLogger(__name__)

# A workbook is checked and imported within the request only when it is small by every measure
# taken on the zip before parsing (bounds.measure): the file, its rows, its cells, its size
# unzipped. Anything else, whatever its file size, goes to the worker.
DEFAULT_SYNC_MAX_BYTES = 256 * 1024
DEFAULT_SYNC_MAX_ROWS = 5_000
CELLS_PER_ROW = 20  # the widest sheet has 12 columns


def sync_max_bytes() -> int:
    return getattr(settings, "WORKBOOK_SYNC_MAX_BYTES", DEFAULT_SYNC_MAX_BYTES)


def sync_max_rows() -> int:
    return getattr(settings, "WORKBOOK_SYNC_MAX_ROWS", DEFAULT_SYNC_MAX_ROWS)


def scan_in_request_bytes() -> int:
    """Unzipped bytes the upload form scans itself (a few ms); beyond, only the zip's directory."""
    return 16 * sync_max_bytes()


def runs_in_request(size: int, bounds: dict | None) -> bool:
    if size > sync_max_bytes() or not bounds or not bounds.get("scanned"):
        return False
    rows = bounds.get("rows") or 0
    return (
        rows <= sync_max_rows()
        and (bounds.get("cells") or 0) <= CELLS_PER_ROW * sync_max_rows()
        and (bounds.get("uncompressed") or 0) <= scan_in_request_bytes()
    )


def _stored(job: ImportJob) -> dict:
    """What the upload recorded on the job's preview before validating: options and measure."""
    return job.preview or {}


def _bounds(job: ImportJob) -> dict | None:
    """The upload's measure, or (a job made without the form) one taken now when the file is small."""
    bounds = _stored(job).get("bounds")
    if bounds is None and job.size <= sync_max_bytes():
        try:
            with job.file.open("rb") as handle:
                bounds = measure(handle, scan_up_to=scan_in_request_bytes()).as_dict()
        except ValueError:
            # Refused while measuring, within the request's budget: the run refuses it as fast.
            bounds = {"scanned": True, "rows": 0, "cells": 0, "uncompressed": 0}
    return bounds


def _dispatch(job: ImportJob, *, confirm: bool) -> None:
    if runs_in_request(job.size, _bounds(job)):
        process_job(job_id=job.pk, confirm=confirm)
        return
    from .tasks import process_import_job

    def enqueue():
        try:
            process_import_job.delay(job.pk, confirm)
        except Exception:  # broker down: say so on the job instead of leaving it waiting forever
            log.exception("could not queue workbook import %s", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportState.FAILED, finished_at=timezone.now(), label="Falló",
                error="No se pudo poner en cola: el servicio de tareas en segundo plano no responde. Intente más tarde.",
            )

    transaction.on_commit(enqueue)


def start_import(*, upload, user, create_users: bool = False, bounds: dict | None = None) -> ImportJob:
    """Store the uploaded workbook and validate it (dry run): nothing is written yet. `bounds` is
    the upload form's measure of the file (bounds.Measure.as_dict()); without it the worker
    measures and validates."""
    job = ImportJob.objects.create(
        file=upload, original_name=upload.name[:255], size=upload.size, created_by=user,
        state=ImportState.CHECKING, label="En cola para validar",
        preview={"options": {"create_users": bool(create_users)}, "bounds": bounds},
    )
    _dispatch(job, confirm=False)
    return job


def confirm_import(*, job: ImportJob, user) -> ImportJob:
    """Write a validated workbook (validated again against the database of now)."""
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
        state=ImportState.IMPORTING, progress=0, label="En cola para importar", confirmed_at=timezone.now()
    )
    if not claimed:
        raise DomainError("Esta importación ya no se puede confirmar.")
    job.refresh_from_db()
    _dispatch(job, confirm=True)
    return job


def process_job(*, job_id: int, confirm: bool) -> None:
    """Run the dry run (confirm=False) or the import (confirm=True) of a job; safe to run twice."""
    expected = ImportState.IMPORTING if confirm else ImportState.CHECKING
    job = ImportJob.objects.filter(pk=job_id, state=expected).select_related("created_by").first()
    if job is None:
        return
    last = [-1]

    def progress(percent: int, label: str) -> None:
        if percent != last[0]:
            last[0] = percent
            ImportJob.objects.filter(pk=job_id).update(progress=percent, label=label[:200])

    stored = _stored(job)
    options = stored.get("options") or {}
    try:
        with job.file.open("rb") as handle:
            result = import_workbook(
                handle, user=job.created_by, filename=job.original_name, dry_run=not confirm, progress=progress,
                create_users=bool(options.get("create_users")),
            )
    except Exception as exc:  # unexpected: keep the job readable, log the trace
        log.exception("workbook import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now(),
            label="Falló",
        )
        return
    if result.errors:
        state = ImportState.INVALID
    elif confirm:
        state = ImportState.DONE
    else:
        state = ImportState.CHECKED
    fields = {"state": state, "progress": 100, "label": ImportState(state).label, "finished_at": timezone.now()}
    if confirm:
        fields["result"] = result.as_dict()
    else:
        fields["preview"] = {**result.as_dict(), "options": options, "bounds": stored.get("bounds")}
    ImportJob.objects.filter(pk=job_id).update(**fields)


def job_result(job: ImportJob) -> Result | None:
    data = job.result if job.result is not None else job.preview
    if not data or "errors" not in data:  # still the upload's options, not a validation
        return None
    return Result.from_dict(data)


def job_options(job: ImportJob) -> dict:
    return _stored(job).get("options") or {}

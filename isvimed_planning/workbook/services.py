"""Use cases of the browser import: upload (dry run), confirm (write), run in a Celery worker
when the file is large. The work itself is isvimed_planning.workbook.importer."""
from __future__ import annotations

import contextlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import jobs, roles
from isvimed_planning.notices import notify
from isvimed_planning.workflow import DomainError

from .base import Result
from .bounds import measure
from .importer import import_workbook
from .models import RUNNING_STATES, ImportJob, ImportState

log = logging.getLogger(__name__)

# Who may upload, confirm and retry an import.
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
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
        state=ImportState.IMPORTING, progress=0, label="En cola para importar", confirmed_at=now,
        started_at=None, attempts=0, task_id="", heartbeat_at=now,
    )
    if not claimed:
        raise DomainError("Esta importación ya no se puede confirmar.")
    job.refresh_from_db()
    _dispatch(job, confirm=True)
    return job


def _notify_failed(job: ImportJob) -> None:
    notify(
        recipients=[job.created_by], kind="job_failed",
        key=f"workbook-import-{job.pk}-failed-{job.finished_at:%Y%m%d%H%M%S%f}",
        title=f"Falló la importación de {job.original_name}"[:200], body=job.error,
        url=reverse("workbook:job", args=[job.pk]),
    )


def fail_job(*, job_id: int, message: str, states=RUNNING_STATES, started_at=None) -> bool:
    """Mark a running job (of the attempt `started_at`, if given) failed with `message` (shown on
    its page) and tell who uploaded it."""
    job = ImportJob.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None:
        return False
    only_if = {"started_at": started_at} if started_at else None
    return jobs.fail(job, message, states=states, only_if=only_if, notify_fn=_notify_failed, label="Falló")


def process_job(
    *, job_id: int, confirm: bool, task_id: str = "", redelivered: bool = False, bound_memory: bool = False
) -> None:
    """Run the dry run (confirm=False) or the import (confirm=True) of a job.

    Claimed with a conditional update (isvimed_planning.jobs.claim): a duplicate message does
    nothing, a redelivered one (its worker died) runs again up to JOB_MAX_ATTEMPTS. Any error
    fails the job with a Spanish message its page shows; the import is all or nothing.
    `bound_memory` (the worker) caps the memory of the work with jobs.memory_bound; the bound is
    lifted before the failure is written."""
    expected = ImportState.IMPORTING if confirm else ImportState.CHECKING
    claimed = jobs.claim(
        ImportJob, job_id, states=[expected], task_id=task_id, redelivered=redelivered,
        on_give_up=_notify_failed, give_up_fields={"label": "Falló"}, progress=0,
    )
    job = claimed.job
    if not claimed.run or job is None:
        return
    last = [-1]

    def progress(percent: int, label: str) -> None:
        if percent != last[0]:
            last[0] = percent
            jobs.beat(ImportJob, job_id, progress=percent, label=label[:200])

    stored = _stored(job)
    options = stored.get("options") or {}
    try:
        with jobs.memory_bound() if bound_memory else contextlib.nullcontext(), job.file.open("rb") as handle:
            result = import_workbook(
                handle, user=job.created_by, filename=job.original_name, dry_run=not confirm, progress=progress,
                create_users=bool(options.get("create_users")),
            )
    except Exception as exc:  # keep the job readable and retryable, log the trace
        log.exception("workbook import %s failed", job_id)
        fail_job(
            job_id=job_id, message=jobs.message_for(exc, kind="workbook"), states=[expected],
            started_at=job.started_at,
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
    # Only if this attempt still owns the job (the sweep may have failed it, and a retry started).
    ImportJob.objects.filter(pk=job_id, state=expected, started_at=job.started_at).update(**fields)


def retry_job(*, job: ImportJob, user) -> ImportJob:
    """Run a failed job again: the import if it had been confirmed, the dry run otherwise."""
    if not roles.may(user, "workbook.import_workbook"):
        raise PermissionDenied
    confirm = job.confirmed_at is not None
    state = ImportState.IMPORTING if confirm else ImportState.CHECKING
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportState.FAILED).update(
        state=state, progress=0, error="", finished_at=None, started_at=None, attempts=0, task_id="",
        heartbeat_at=timezone.now(), label="En cola para importar" if confirm else "En cola para validar",
    )
    if not claimed:
        raise DomainError("Esta importación no falló: no hay nada que reintentar.")
    job.refresh_from_db()
    _dispatch(job, confirm=confirm)
    return job


def job_result(job: ImportJob) -> Result | None:
    data = job.result if job.result is not None else job.preview
    if not data or "errors" not in data:  # still the upload's options, not a validation
        return None
    return Result.from_dict(data)


def job_options(job: ImportJob) -> dict:
    return _stored(job).get("options") or {}

"""Sealed submissions of the matrices: mark a generated matrix as sent (monitoring.MatrixSubmission,
never altered afterwards), verify a file by its SHA-256, and check a sent matrix: recompute it as
of the data it was computed from (monitoring.matrices.asof) and compare it cell by cell with what
the data say today, with the history changes behind each changed cell (a background job)."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from action_plan.models import ActionPlanEntry
from isvimed_planning import jobs, roles
from isvimed_planning.files import random_name
from isvimed_planning.workflow import DomainError
from projects.models import Product, Project
from strategy.models import Indicator, Program

from .matrices import asof, compute, write_xlsx
from .matrices.diff import compare, read_cells
from .models import (
    SEALED_MESSAGE,
    MatrixSnapshot,
    MatrixSubmission,
    ProgressReport,
    SealedError,
    SnapshotState,
    SubmissionChannel,
    SubmissionCheck,
)

log = logging.getLogger(__name__)

STORAGE_DIR = "matrices/enviadas"
RUNNING = (SnapshotState.QUEUED, SnapshotState.RUNNING)
QUEUE_ERROR = "No se pudo poner en cola la verificación. Intente de nuevo en unos minutos."
MAX_CHANGES = 2000  # cells kept in a check's result (the total is kept too)
MAX_HISTORY = 500  # history records kept in a check's result
# How far in the future a sending time may be (clocks of the browser and the server differ).
CLOCK_SLACK = dt.timedelta(minutes=5)
HISTORY_TYPES = {"+": "creado", "~": "modificado", "-": "eliminado"}


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def seal_of(submission: MatrixSubmission) -> str:
    raw = json.dumps(submission.sealed_fields(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _clean(value: str) -> str:
    return " ".join((value or "").split())


@transaction.atomic
def snapshot_send(
    *, snapshot: MatrixSnapshot, by, recipient: str, channel: str, sent_at: dt.datetime, note: str = "",
) -> MatrixSubmission:
    """Mark a generated matrix as sent: a new sealed MatrixSubmission with its own copy of the
    file (a new stored name: files are never overwritten), the file's SHA-256 and the version of
    the data it was computed from. Raises DomainError (Spanish) on bad input."""
    if not roles.may(by, "monitoring.send_matrices"):
        raise PermissionDenied
    snapshot = MatrixSnapshot.objects.select_for_update().get(pk=snapshot.pk)
    if snapshot.state != SnapshotState.DONE or not snapshot.file:
        raise DomainError("Solo se puede marcar como enviada una matriz ya generada.")
    if not snapshot.data_marks or snapshot.data_as_of is None:
        raise DomainError(
            "Esta matriz se generó antes de que se registrara la versión de sus datos: genérela de nuevo para "
            "enviarla sellada."
        )
    recipient = _clean(recipient)
    if not recipient:
        raise DomainError("Indique a quién se envió la matriz.", field="recipient")
    if len(recipient) > 200:
        raise DomainError("El destinatario admite hasta 200 caracteres.", field="recipient")
    if channel not in SubmissionChannel.values:
        raise DomainError("Elija el medio de envío.", field="channel")
    if sent_at is None:
        raise DomainError("Indique la fecha y hora del envío.", field="sent_at")
    now = timezone.now()
    if sent_at > now + CLOCK_SLACK:
        raise DomainError("La fecha de envío no puede ser futura.", field="sent_at")
    generated = snapshot.finished_at or snapshot.data_as_of
    if sent_at < generated:
        local = timezone.localtime(generated)
        raise DomainError(
            f"La fecha de envío no puede ser anterior a la generación de la matriz ({local:%d/%m/%Y %H:%M}).",
            field="sent_at",
        )
    with snapshot.file.open("rb") as f:
        content = f.read()
    digest = hashlib.sha256(content).hexdigest()
    stored = default_storage.save(f"{STORAGE_DIR}/{snapshot.year}/{random_name('matriz.xlsx')}", ContentFile(content))
    try:
        with default_storage.open(stored, "rb") as f:
            if sha256_of(f) != digest:
                raise DomainError("La copia del archivo enviado no coincide con el original. Intente de nuevo.")
        submission = MatrixSubmission(
            snapshot=snapshot, kind=snapshot.kind, year=snapshot.year, cutoff=snapshot.cutoff, file_size=len(content),
            sha256=digest, data_as_of=snapshot.data_as_of, data_marks=snapshot.data_marks,
            data_version=snapshot.data_version or asof.version_of(snapshot.data_marks),
            reference_rows=snapshot.reference_rows, recipient=recipient, channel=channel, sent_at=sent_at, sent_by=by,
            note=(note or "").strip(), created_at=max(now, sent_at),
        )
        submission.file.name = stored
        submission.seal = seal_of(submission)
        submission.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    return submission


def submission_alter(*, submission: MatrixSubmission, **changes: Any) -> None:
    """There is no way to alter a sent matrix: this use case exists to say so, in Spanish."""
    raise DomainError(SEALED_MESSAGE)


def file_matches(submission: MatrixSubmission) -> bool:
    """Whether the stored file still has the SHA-256 recorded when it was sent."""
    try:
        with submission.file.open("rb") as f:
            return sha256_of(f) == submission.sha256
    except OSError:
        return False


def seal_matches(submission: MatrixSubmission) -> bool:
    """Whether the record is as it was written (no change made outside the application)."""
    return seal_of(submission) == submission.seal


def normalize_hash(value: str) -> str | None:
    value = (value or "").strip().lower()
    if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    return None


# --- The check: recompute as of the data, and the difference with today -----------------------


def _queue(check_id: int) -> None:
    from .tasks import check_matrix_submission

    jobs.queue(check_matrix_submission, SubmissionCheck, check_id, queued_state=SnapshotState.QUEUED,
               failed_state=SnapshotState.FAILED, message=QUEUE_ERROR)


@transaction.atomic
def check_request(*, submission: MatrixSubmission, by) -> SubmissionCheck:
    """Queue a check of a sent matrix (one at a time: a check already running is reused)."""
    if not roles.may(by, "monitoring.generate_matrices"):
        raise PermissionDenied
    running = SubmissionCheck.objects.filter(submission=submission, state__in=RUNNING).first()
    if running is not None:
        return running
    check = SubmissionCheck.objects.create(submission=submission, requested_by=by)
    transaction.on_commit(lambda: _queue(check.pk))
    return check


def _cells_of(matrix, *, year: int, cutoff: dt.date):
    buffer = io.BytesIO()
    write_xlsx(matrix, buffer, year=year, cutoff=cutoff)
    buffer.seek(0)
    return read_cells(buffer)


def recompute_as_of(submission: MatrixSubmission):
    """(cells of the matrix recomputed as of the submission's data, the rewind's account)."""
    with asof.rewound(submission.data_marks, submission.reference_rows) as rewind:
        matrix = compute(submission.kind, year=submission.year, cutoff=submission.cutoff)
    return _cells_of(matrix, year=submission.year, cutoff=submission.cutoff), rewind


def _sent_cells(submission: MatrixSubmission):
    with submission.file.open("rb") as f:
        return read_cells(io.BytesIO(f.read()))


def _last_values(model, ids: set, *fields: str) -> dict:
    """{id: (fields…)} from the history table of `model` (covers rows deleted since)."""
    if not ids:
        return {}
    history = model.history.model
    found: dict = {}
    ids_list = sorted(ids)
    for start in range(0, len(ids_list), asof.CHUNK):
        for row in history.objects.filter(id__in=ids_list[start:start + asof.CHUNK]).order_by("history_id").values_list(
            "id", *fields
        ):
            found[row[0]] = row[1:]
    return found


def history_after(data_marks: dict[str, int]) -> list[dict]:
    """The history records written after the marks in the tables the matrices read: what,
    whose, when, which fields, and the BPIN / indicator / program / territory they touch."""
    records = []
    for model in asof.SEALED_MODELS:
        history = model.history.model  # type: ignore[attr-defined]
        mark = int(data_marks.get(asof.label(model), 0))
        for record in history.objects.filter(history_id__gt=mark).select_related("history_user").order_by("history_id")[
            :MAX_HISTORY
        ]:
            records.append((model, record))
    records.sort(key=lambda pair: pair[1].history_date)
    records = records[:MAX_HISTORY]
    ids: dict[str, set] = defaultdict(set)
    own = {Project: "project_id", Product: "product_id", Indicator: "indicator_id", Program: "program_id",
           ProgressReport: "report_id", ActionPlanEntry: "entry_id"}
    refs = []
    for model, record in records:
        ref = {name: getattr(record, name, None) for name in
               ("project_id", "product_id", "indicator_id", "program_id", "report_id", "entry_id", "territory_id")}
        if model in own:
            ref[own[model]] = record.id
        refs.append(ref)
        for name, value in ref.items():
            if value is not None:
                ids[name].add(value)
    entries = _last_values(ActionPlanEntry, ids["entry_id"], "project_id")
    reports = _last_values(ProgressReport, ids["report_id"], "project_id")
    products = _last_values(Product, ids["product_id"], "project_id", "indicator_id")
    for ref in refs:
        if ref["entry_id"] in entries:
            ref["project_id"] = ref["project_id"] or entries[ref["entry_id"]][0]
        if ref["report_id"] in reports:
            ref["project_id"] = ref["project_id"] or reports[ref["report_id"]][0]
        if ref["product_id"] in products:
            ref["project_id"] = ref["project_id"] or products[ref["product_id"]][0]
            ref["indicator_id"] = ref["indicator_id"] or products[ref["product_id"]][1]
    projects = _last_values(Project, {r["project_id"] for r in refs if r["project_id"]}, "bank_code", "program_id")
    indicators = _last_values(Indicator, {r["indicator_id"] for r in refs if r["indicator_id"]}, "code", "program_id")
    for ref in refs:
        ref["program_id"] = (
            ref["program_id"] or projects.get(ref["project_id"], (None, None))[1]
            or indicators.get(ref["indicator_id"], (None, None))[1]
        )
    programs = _last_values(Program, {r["program_id"] for r in refs if r["program_id"]}, "code")
    result = []
    for (model, record), ref in zip(records, refs, strict=True):
        history = model.history.model  # type: ignore[attr-defined]
        subjects = {
            "bpin": projects.get(ref["project_id"], (None,))[0],
            "indicator": indicators.get(ref["indicator_id"], (None,))[0],
            "program": programs.get(ref["program_id"], (None,))[0],
            "territory": None if ref["territory_id"] is None else str(ref["territory_id"]),
        }
        fields: list[str] = []
        if record.history_type == "~":
            # The record before, by id (history_date may repeat within a transaction).
            previous = history.objects.filter(id=record.id, history_id__lt=record.history_id).order_by("-history_id").first()
            if previous is not None:
                fields = [
                    str(getattr(model._meta.get_field(c.field), "verbose_name", c.field))
                    for c in record.diff_against(previous).changes
                ]
        try:
            described = str(record.instance)
        except Exception:  # a related row deleted since: say what it is without it
            described = f"{model._meta.verbose_name} {record.id}"
        user = record.history_user
        result.append({
            "model": str(model._meta.verbose_name), "object": described, "id": record.id,
            "type": HISTORY_TYPES.get(record.history_type, record.history_type),
            "by": user.display_name if user else "", "at": record.history_date.isoformat(), "fields": fields,
            "subjects": {k: v for k, v in subjects.items() if v},
        })
    return result


def _causes(change: dict, history: list[dict]) -> list[int]:
    subjects = change["subjects"]
    found = []
    for i, record in enumerate(history):
        theirs = record["subjects"]
        if any(subjects.get(k) and theirs.get(k) == subjects[k] for k in ("bpin", "indicator", "program", "territory")):
            found.append(i)
    return found


def check_run(*, check_id: int, task_id: str = "", redelivered: bool = False, retrying: bool = False) -> SubmissionCheck | None:
    """The job body: recompute as of the data, compare with the sent file and with today."""
    claimed = jobs.claim(
        SubmissionCheck, check_id, states=RUNNING, task_id=task_id, redelivered=redelivered, retrying=retrying,
        state=SnapshotState.RUNNING, progress=0, error="",
    )
    check = claimed.job
    if not claimed.run or check is None:
        return SubmissionCheck.objects.filter(pk=check_id).first()
    submission = MatrixSubmission.objects.get(pk=check.submission_id)
    sent = _sent_cells(submission)
    progress = lambda p: jobs.set_progress(SubmissionCheck, check_id, p, running_state=SnapshotState.RUNNING)  # noqa: E731
    progress(10)
    as_of, rewind = recompute_as_of(submission)
    recompute_differences = [c.as_dict() for c in compare(sent, as_of)]
    progress(50)
    today = _cells_of(compute(submission.kind, year=submission.year, cutoff=submission.cutoff),
                      year=submission.year, cutoff=submission.cutoff)
    changes = [c.as_dict() for c in compare(sent, today)]
    progress(80)
    history = history_after(submission.data_marks)
    for change in changes[:MAX_CHANGES]:
        change["causes"] = _causes(change, history)
    result = {
        "same": not recompute_differences, "recompute_differences": recompute_differences[:MAX_CHANGES],
        "rewind": {"restored": rewind.restored, "removed": rewind.removed, "gaps": rewind.gaps[:100]},
        "changes": changes[:MAX_CHANGES], "changes_total": len(changes), "history": history,
        "file_ok": file_matches(submission),
    }
    updated = SubmissionCheck.objects.filter(pk=check_id, state=SnapshotState.RUNNING, started_at=check.started_at).update(
        state=SnapshotState.DONE, progress=100, result=result, finished_at=timezone.now(),
    )
    if not updated:
        log.info("Check %s finished elsewhere; result dropped", check_id)
    return SubmissionCheck.objects.get(pk=check_id)


def check_fail(*, check_id: int, error: str) -> None:
    check = SubmissionCheck.objects.filter(pk=check_id).first()
    if check is not None:
        jobs.fail(check, error, states=RUNNING)


def sweep_stuck() -> int:
    return jobs.sweep(SubmissionCheck, states=RUNNING, hard_limit=jobs.time_limits("matrix")[1])


__all__ = [
    "SealedError", "check_fail", "check_request", "check_run", "file_matches", "history_after", "normalize_hash",
    "recompute_as_of", "seal_matches", "snapshot_send", "submission_alter", "sweep_stuck",
]

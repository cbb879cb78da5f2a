"""Use cases of the cuadre: request a run for a year and cutoff (reusing the last one while the
data have not changed), run it (the Celery task body, with progress), and justify an alert."""
from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from isvimed_planning import jobs, roles
from isvimed_planning.workflow import DomainError

from .cuadre.base import Finding, finding_key
from .cuadre.compute import data_version, run_rules
from .cuadre.rules import BY_CODE
from .matrix_services import validate_parameters
from .models import CuadreFinding, CuadreRun, FindingJustification, MatrixKind, SnapshotState

log = logging.getLogger(__name__)

RUNNING = (SnapshotState.QUEUED, SnapshotState.RUNNING)
QUEUE_ERROR = "No se pudo poner en cola el cuadre. Intente de nuevo en unos minutos."
ERROR_NOT_JUSTIFIABLE = "Los errores no se justifican: deben corregirse."
COMMENT_REQUIRED = "Escriba la justificación."
UNKNOWN_FINDING = "Ese hallazgo no existe en el último cuadre de la vigencia."


def _queue(run_id: int) -> None:
    from .tasks import run_cuadre

    jobs.queue(run_cuadre, CuadreRun, run_id, queued_state=SnapshotState.QUEUED, failed_state=SnapshotState.FAILED,
               message=QUEUE_ERROR)


@transaction.atomic
def cuadre_request(*, year: int, cutoff: dt.date, by, force: bool = False) -> CuadreRun:
    """The run of the cuadre for this year and cutoff on the current data: the last one when it
    was computed (or is being computed) from the same data, else a new one queued.

    `force` queues a new run even when the data have not changed (the "Recalcular" button of a
    failed run)."""
    if not roles.may(by, "monitoring.run_cuadre"):
        raise PermissionDenied
    validate_parameters(kind=MatrixKind.PLAN_ACCION, year=year, cutoff=cutoff)
    version = data_version()
    if not force:
        existing = (
            CuadreRun.objects.filter(year=year, cutoff=cutoff, data_version=version)
            .exclude(state=SnapshotState.FAILED).order_by("-created_at").first()
        )
        if existing is not None:
            return existing
    run = CuadreRun.objects.create(year=year, cutoff=cutoff, data_version=version, requested_by=by)
    transaction.on_commit(lambda: _queue(run.pk))
    return run


def _set_progress(run_id: int, percent: int) -> None:
    jobs.set_progress(CuadreRun, run_id, percent, running_state=SnapshotState.RUNNING)


def cuadre_generate(*, run_id: int, task_id: str = "", redelivered: bool = False, retrying: bool = False) -> CuadreRun | None:
    """Compute a run's findings (the Celery task body); safe to run twice (jobs.claim)."""
    claimed = jobs.claim(
        CuadreRun, run_id, states=RUNNING, task_id=task_id, redelivered=redelivered, retrying=retrying,
        state=SnapshotState.RUNNING, progress=0, error="",
    )
    run = claimed.job
    if not claimed.run or run is None:
        return CuadreRun.objects.filter(pk=run_id).first()
    findings = run_rules(
        year=run.year, cutoff=run.cutoff,
        progress=lambda done, total: _set_progress(run_id, int(95 * done / total)),
    )
    with transaction.atomic():
        row = CuadreRun.objects.select_for_update().get(pk=run_id)
        if row.state != SnapshotState.RUNNING or row.started_at != run.started_at:
            return row  # another attempt finished or took over meanwhile: keep its findings only
        store_findings(run=row, findings=findings)
        row.state, row.progress, row.error, row.finished_at = SnapshotState.DONE, 100, "", timezone.now()
        row.save(update_fields=["state", "progress", "error", "finished_at"])
    return row


def store_findings(*, run: CuadreRun, findings: list[Finding]) -> None:
    """Keep a run's findings as rows, in their order (most serious first)."""
    CuadreFinding.objects.bulk_create(
        (
            CuadreFinding(
                run=run, position=position, key=finding.key,
                **{name: getattr(finding, name) for name in Finding.COLUMNS if name != "numbers"},
                numbers={name: str(value) for name, value in finding.numbers.items()},
            )
            for position, finding in enumerate(findings)
        ),
        batch_size=1000,
    )


def cuadre_fail(*, run_id: int, error: str) -> None:
    run = CuadreRun.objects.filter(pk=run_id).first()
    if run is not None:
        jobs.fail(run, error, states=RUNNING)


def sweep_stuck() -> int:
    return jobs.sweep(CuadreRun, states=RUNNING, hard_limit=jobs.time_limits("matrix")[1])


def cuadre_now(*, year: int, cutoff: dt.date) -> CuadreRun:
    """Run the cuadre in this process unless a run on the same data exists (the reminders and
    the early warning, which already run in a worker)."""
    version = data_version()
    existing = CuadreRun.objects.filter(
        year=year, cutoff=cutoff, data_version=version, state=SnapshotState.DONE
    ).order_by("-created_at").first()
    if existing is not None:
        return existing
    run = CuadreRun.objects.create(year=year, cutoff=cutoff, data_version=version)
    return cuadre_generate(run_id=run.pk) or run


def _justifiable(*, year: int, rule: str, key: str) -> None:
    found = BY_CODE.get(rule)
    if found is None:
        raise DomainError(UNKNOWN_FINDING)
    if not found.justifiable:
        raise DomainError(ERROR_NOT_JUSTIFIABLE)


@transaction.atomic
def finding_justify(*, year: int, rule: str, object_kind: str, object_id: int, comment: str, by) -> FindingJustification:
    """Mark an alert (or a note) as justified, with the planner's reason; changing the reason keeps
    the previous one in history."""
    if not roles.may(by, "monitoring.justify_finding"):
        raise PermissionDenied
    key = finding_key(rule, object_kind, object_id)
    _justifiable(year=year, rule=rule, key=key)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(COMMENT_REQUIRED, field="comment")
    justification = FindingJustification.objects.select_for_update().filter(year=year, key=key).first()
    if justification is None:
        justification = FindingJustification(year=year, key=key, rule=rule)
    justification.comment = comment
    justification.by = by
    justification._change_reason = "Justificación del hallazgo"  # type: ignore[attr-defined]
    justification.save()
    return justification


@transaction.atomic
def justification_withdraw(*, year: int, rule: str, object_kind: str, object_id: int, by) -> None:
    """The alert is open again (the deletion is kept in history)."""
    if not roles.may(by, "monitoring.justify_finding"):
        raise PermissionDenied
    found = FindingJustification.objects.filter(year=year, key=finding_key(rule, object_kind, object_id)).first()
    if found is None:
        raise DomainError("Ese hallazgo no estaba justificado.")
    found._change_reason = f"Justificación retirada por {by.get_full_name() or by.get_username()}"  # type: ignore[attr-defined]
    found.delete()

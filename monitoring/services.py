"""Use cases of step 4.6: the reporting calendar, the monthly report of a project (content,
evidence, workflow) and the values of result indicators.

Every edit of a report carries the version the user started from (optimistic lock): a save
based on an old version is refused and nothing is overwritten.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from budget.money import year_sources
from isvimed_planning import comments, roles
from isvimed_planning.calendar import month_name
from isvimed_planning.files import validate_upload
from isvimed_planning.formatting import format_cop
from isvimed_planning.historical import update_with_history
from isvimed_planning.models import Territory, User
from isvimed_planning.versioning import claim_version, stale_error, stale_message
from isvimed_planning.workflow import DomainError, Hooks
from projects.models import Product, Project

from . import totals, workflow as wf
from .models import (
    Evidence,
    IndicatorMeasurement,
    PeriodState,
    ProductProgress,
    ProgressReport,
    ReportComment,
    ReportingPeriod,
    ReportState,
    ReportTransition,
    SourceExecution,
    TerritorialDistribution,
)
from .reporting_duty import why_not_owed

STALE_MESSAGE = stale_message(ProgressReport)
LOCKED_MESSAGE = "El reporte está aprobado y bloqueado: Planeación debe reabrirlo para poder modificarlo."
NOT_EDITABLE_MESSAGE = "Su rol no permite modificar este reporte en su estado actual."
PUBLISH_REFUSED = "Solo Planeación decide qué evidencias son públicas."
COMMENT_REFUSED = "Solo el responsable del proyecto y Planeación comentan un reporte mensual."
NEGATIVE_AMOUNT = "El valor no puede ser negativo."
NEGATIVE_QUANTITY = "La cantidad no puede ser negativa."
NEGATIVE_BENEFICIARIES = "El número de beneficiarios no puede ser negativo."
DEADLINE_BEFORE_CUTOFF = "La fecha límite de reporte no puede ser anterior a la fecha de corte."
NEEDS_EVIDENCE = "Adjunte al menos una evidencia antes de enviar el reporte."
NEEDS_ACHIEVEMENTS = "Escriba los logros del mes antes de enviar el reporte."

MONEY_Q = Decimal("0.01")


def _cop(value: Decimal) -> str:
    """$ 1.234.567 (with cents only when there are cents: $ 1.234.567,50)."""
    return format_cop(value, cents=True)


# --- Permissions --------------------------------------------------------------------------


def _require_edit(user, report: ProgressReport) -> None:
    if report.state == ReportState.APPROVED:
        raise DomainError(LOCKED_MESSAGE)
    if not roles.may(user, "monitoring.edit_report", report):
        raise DomainError(NOT_EDITABLE_MESSAGE)


# --- Reporting calendar -------------------------------------------------------------------


def _check_period_dates(year: int, month: int, cutoff: dt.date, deadline: dt.date) -> None:
    if not 1 <= month <= 12:
        raise DomainError("El mes debe estar entre 1 y 12.", field="month")
    if (cutoff.year, cutoff.month) < (year, month):
        raise DomainError(
            f"La fecha de corte no puede ser anterior al mes que se reporta ({month_name(month)} de {year}).",
            field="cutoff",
        )
    if deadline < cutoff:
        raise DomainError(DEADLINE_BEFORE_CUTOFF, field="report_deadline")


@transaction.atomic
def period_save(
    *, by: User, year: int, month: int, cutoff: dt.date, report_deadline: dt.date, period: ReportingPeriod | None = None,
    version: int | None = None,
) -> ReportingPeriod:
    if not roles.may(by, "monitoring.manage_calendar"):
        raise DomainError("Su rol no permite modificar el calendario de reporte.")
    _check_period_dates(year, month, cutoff, report_deadline)
    clash = ReportingPeriod.objects.filter(year=year, month=month)
    if period is not None:
        clash = clash.exclude(pk=period.pk)
    if clash.exists():
        raise DomainError(f"Ya existe el periodo {month:02d}/{year}.", field="month")
    if period is None:
        period = ReportingPeriod(year=year, month=month)
    else:
        claim_version(period, version)
    period.year, period.month, period.cutoff, period.report_deadline = year, month, cutoff, report_deadline
    period.save()
    return period


@transaction.atomic
def period_close(*, by: User, period: ReportingPeriod) -> ReportingPeriod:
    if not roles.may(by, "monitoring.manage_calendar"):
        raise DomainError("Su rol no permite modificar el calendario de reporte.")
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state == PeriodState.CLOSED:
        raise DomainError(f"El periodo {period} ya está cerrado.")
    period.state = PeriodState.CLOSED
    period._change_reason = "Periodo cerrado"
    period.save()
    return period


# --- Reports ------------------------------------------------------------------------------


@transaction.atomic
def report_start(*, by: User, project: Project, year: int, month: int) -> ProgressReport:
    """Opens (or returns the existing) report of a project for an open period."""
    existing = ProgressReport.objects.filter(project=project, year=year, month=month).first()
    if existing is not None:
        return existing
    if not roles.may(by, "monitoring.create_report", project):
        raise DomainError("Solo el responsable del proyecto o Planeación pueden reportar este proyecto.")
    refusal = why_not_owed(project, year=year, month=month)
    if refusal:
        raise DomainError(refusal)
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    if period is None:
        raise DomainError(f"No hay periodo de reporte para {month_name(month)} de {year} en el calendario.")
    if period.state != PeriodState.OPEN:
        raise DomainError(f"El periodo {period} está cerrado; ya no se pueden abrir reportes en él.")
    try:
        with transaction.atomic():  # two clicks at once: the second one gets the first's report
            return ProgressReport.objects.create(project=project, year=year, month=month)
    except IntegrityError:
        return ProgressReport.objects.get(project=project, year=year, month=month)


def _lock(report: ProgressReport, *, by: User, version: int | None) -> ProgressReport:
    """Claims the next version of the report, or refuses when `version` is no longer current.

    The compare-and-set UPDATE is atomic in the database: two saves based on the same version
    cannot both succeed.
    """
    claim_version(report, version, sync=False)
    fresh = ProgressReport.objects.select_related("project__lead").get(pk=report.pk)
    _require_edit(by, fresh)
    return fresh


def _sync(stale: ProgressReport, fresh: ProgressReport) -> None:
    stale.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    stale._state.fields_cache.clear()


def _check_not_negative(committed, obligated, paid, quantities, territories) -> None:
    for name, value in (("committed", committed), ("obligated", obligated), ("paid", paid)):
        if value is not None and value < 0:
            raise DomainError(NEGATIVE_AMOUNT, field=name)
    for product_id, quantity in quantities.items():
        if quantity is not None and quantity < 0:
            raise DomainError(NEGATIVE_QUANTITY, field=f"qty_{product_id}")
    for code, (amount, people) in territories.items():
        if amount is not None and amount < 0:
            raise DomainError(NEGATIVE_AMOUNT, field=f"terr_committed_{code}")
        if people is not None and people < 0:
            raise DomainError(NEGATIVE_BENEFICIARIES, field=f"terr_beneficiaries_{code}")


def check_territorial_total(committed: Decimal, territories: dict) -> None:
    total = sum((amount or Decimal(0) for amount, _ in territories.values()), Decimal(0))
    if total != committed:
        difference = total - committed
        side = "sobran" if difference > 0 else "faltan"
        raise DomainError(
            f"La distribución por territorio suma {_cop(total)} y el comprometido del mes es {_cop(committed)}: "
            f"{side} {_cop(abs(difference))}. Distribuya exactamente el comprometido del mes "
            "(use «0 - Ciudad» para la inversión sin georreferenciar).",
            field="territories",
        )


SPLIT_COLUMNS = (("committed", "comprometido"), ("obligated", "obligado"), ("paid", "pagado"))


def check_source_split(
    report: ProgressReport, *, committed: Decimal, obligated: Decimal, paid: Decimal,
    split: dict[int, tuple[Decimal, Decimal, Decimal]],
) -> bool:
    """The split by funding source of a report whose project has several sources in its year
    (MATRICES.md "Execution by source") adds up to the report's totals; without a split, the
    report's amounts must all be 0. `split`: {source id: (committed, obligated, paid)}. Returns
    whether the project has several sources (one source: all of it is that source's, no split)."""
    sources = year_sources([report.project_id], report.year).get(report.project_id, [])
    if len(sources) < 2:
        return False
    known = {s.pk for s in sources}
    for source_id in split:
        if source_id not in known:
            raise DomainError(
                f"La fuente elegida no financia el proyecto en {report.year}: use las fuentes de sus techos.",
                field="sources",
            )
    totals = (committed, obligated, paid)
    if not split:
        if any(totals):
            names = ", ".join(s.name for s in sources)
            raise DomainError(
                f"El proyecto tiene {len(sources)} fuentes de financiación en {report.year} ({names}): reparta el "
                "comprometido, el obligado y el pagado del mes entre ellas.",
                field="sources",
            )
        return True
    for i, (_, label) in enumerate(SPLIT_COLUMNS):
        total = sum((amounts[i] for amounts in split.values()), Decimal(0))
        if total != totals[i]:
            raise DomainError(
                f"La suma por fuentes del {label} ({_cop(total)}) no coincide con el total del reporte ({_cop(totals[i])}).",
                field="sources",
            )
    return True


def _write_rows(model, *, by: User, created: list, changed: list, fields: list[str]) -> None:
    """Inserts `created` and updates `fields` of `changed`, each with its history record."""
    if created:
        bulk_create_with_history(created, model, default_user=by)
    update_with_history(changed, fields, by=by)


def _save_split(report: ProgressReport, split: dict[int, tuple[Decimal, Decimal, Decimal]]) -> None:
    """Keeps the report's SourceExecution rows in step with `split`, with history."""
    current = {row.source_id: row for row in SourceExecution.objects.filter(report=report)}
    for source_id, gone in current.items():
        if source_id not in split:
            gone.delete()
    for source_id, (c, o, p) in split.items():
        row = current.get(source_id)
        if row is None:
            SourceExecution.objects.create(report=report, source_id=source_id, committed=c, obligated=o, paid=p)
        elif (row.committed, row.obligated, row.paid) != (c, o, p):
            row.committed, row.obligated, row.paid = c, o, p
            row.save()


def check_running_totals(report: ProgressReport, *, committed: Decimal, obligated: Decimal, paid: Decimal) -> None:
    """Within the project's year, at the end of every month the accumulated paid ≤ obligated ≤
    committed. Counts every report of the year (any state), with this one's new amounts."""
    amounts = {
        r.month: (r.committed, r.obligated, r.paid)
        for r in ProgressReport.objects.filter(project_id=report.project_id, year=report.year).exclude(pk=report.pk)
    }
    amounts[report.month] = (committed, obligated, paid)
    c = o = p = Decimal(0)
    for month in sorted(amounts):
        mc, mo, mp = amounts[month]
        c, o, p = c + mc, o + mo, p + mp
        when = f"{month_name(month)} de {report.year}"
        if o > c:
            raise DomainError(
                f"El obligado acumulado a {when} ({_cop(o)}) supera el comprometido acumulado ({_cop(c)}).",
                field="obligated",
            )
        if p > o:
            raise DomainError(
                f"El pagado acumulado a {when} ({_cop(p)}) supera el obligado acumulado ({_cop(o)}).",
                field="paid",
            )


@transaction.atomic
def report_update(
    *,
    report: ProgressReport,
    by: User,
    version: int | None,
    committed: Decimal,
    obligated: Decimal,
    paid: Decimal,
    achievements: str = "",
    difficulties: str = "",
    improvement_actions: str = "",
    quantities: dict[int, Decimal | None] | None = None,
    territories: dict[int, tuple[Decimal | None, int | None]] | None = None,
    sources: dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]] | None = None,
) -> ProgressReport:
    """Saves the content of a report: amounts of the month, quantity per product (None: not
    reported), committed and beneficiaries per territory code (both None: not in that territory),
    and the split by funding source id (committed, obligated, paid; all None: no row) when the
    project has several sources in the report's year (`sources` None: the split is kept)."""
    quantities = quantities or {}
    territories = {code: v for code, v in (territories or {}).items() if v[0] is not None or v[1] is not None}
    split: dict[int, tuple[Decimal, Decimal, Decimal]] = {
        source_id: (amounts[0] or Decimal(0), amounts[1] or Decimal(0), amounts[2] or Decimal(0))
        for source_id, amounts in (sources or {}).items()
        if any(v is not None for v in amounts)
    }
    _check_not_negative(committed, obligated, paid, quantities, territories)
    for amounts in split.values():
        if any(v < 0 for v in amounts):
            raise DomainError(NEGATIVE_AMOUNT, field="sources")
    fresh = _lock(report, by=by, version=version)
    product_ids = set(Product.objects.filter(project_id=fresh.project_id).values_list("pk", flat=True))
    for product_id in quantities:
        if product_id not in product_ids:
            raise DomainError("El producto no pertenece al proyecto del reporte.")
    known_codes = set(Territory.objects.values_list("code", flat=True))
    for code in territories:
        if code not in known_codes:
            raise DomainError(f"El territorio {code} no existe.", field="territories")
    check_territorial_total(committed, territories)
    if sources is None:  # not given: the split stays as it is
        split = {
            row.source_id: (row.committed, row.obligated, row.paid)
            for row in SourceExecution.objects.filter(report=fresh)
        }
    several = check_source_split(fresh, committed=committed, obligated=obligated, paid=paid, split=split)
    check_running_totals(fresh, committed=committed, obligated=obligated, paid=paid)
    fresh.committed, fresh.obligated, fresh.paid = committed, obligated, paid
    fresh.achievements, fresh.difficulties = achievements.strip(), difficulties.strip()
    fresh.improvement_actions = improvement_actions.strip()
    fresh._change_reason = "Reporte editado"
    fresh.save()
    # A report's rows are written in one statement per kind (and one for their history), not
    # one per row: a month reported in twenty territories was forty statements per save.
    new_rows: list[ProductProgress] = []
    changed: list[ProductProgress] = []
    existing = {p.product_id: p for p in ProductProgress.objects.filter(report=fresh)}
    for product_id, quantity in quantities.items():
        row = existing.get(product_id)
        if quantity is None:
            if row is not None:
                row.delete()
        elif row is None:
            new_rows.append(ProductProgress(report=fresh, product_id=product_id, quantity=quantity))
        elif row.quantity != quantity:
            row.quantity = quantity
            changed.append(row)
    _write_rows(ProductProgress, by=by, created=new_rows, changed=changed, fields=["quantity"])
    new_places: list[TerritorialDistribution] = []
    moved: list[TerritorialDistribution] = []
    current = {d.territory_id: d for d in TerritorialDistribution.objects.filter(report=fresh)}
    for code, gone in current.items():
        if code not in territories:
            gone.delete()
    for code, (amount, people) in territories.items():
        amount, people = amount or Decimal(0), people or 0
        place = current.get(code)
        if place is None:
            new_places.append(TerritorialDistribution(report=fresh, territory_id=code, committed=amount, beneficiaries=people))
        elif (place.committed, place.beneficiaries) != (amount, people):
            place.committed, place.beneficiaries = amount, people
            moved.append(place)
    _write_rows(TerritorialDistribution, by=by, created=new_places, changed=moved, fields=["committed", "beneficiaries"])
    _save_split(fresh, split if several else {})  # one source: all of it is that source's, no rows
    _sync(report, fresh)
    return fresh


@transaction.atomic
def evidence_add(
    *, report: ProgressReport, by: User, upload, description: str = "", version: int | None = None
) -> Evidence:
    try:
        content_type = validate_upload(upload)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="file") from None
    fresh = _lock(report, by=by, version=version)
    evidence = Evidence(
        report=fresh, original_name=(upload.name or "evidencia")[:255], content_type=content_type, size=upload.size,
        description=description.strip()[:300], uploaded_by=by,
    )
    evidence.file.save(upload.name or "evidencia", upload, save=False)
    evidence.save()
    _sync(report, fresh)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User, version: int | None = None) -> None:
    report = evidence.report
    _lock(report, by=by, version=version)
    stored = evidence.file
    evidence.delete()
    if stored:
        name, storage = stored.name, stored.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def evidence_set_public(*, evidence: Evidence, by: User, public: bool) -> Evidence:
    """`by` (planning staff) marks an evidence file public or private. Citizens see a public
    file only while its report is approved (transparency.selectors): marking it does not
    publish an unapproved report. The change is kept in the evidence's history."""
    if not roles.may(by, "monitoring.publish_evidence", evidence):
        raise DomainError(PUBLISH_REFUSED)
    fresh = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if fresh.is_public != public:
        fresh.is_public = public
        fresh._change_reason = "Marcada pública" if public else "Marcada privada"  # type: ignore[attr-defined]
        fresh.save(update_fields=["is_public"])
    return fresh


# --- Conversation -------------------------------------------------------------------------


def report_comment_add(*, report: ProgressReport, by: User, text: str) -> ReportComment:
    """`by` writes in the report's conversation; the others are notified (isvimed_planning.comments)."""
    if not roles.may(by, "monitoring.comment_report", report):
        raise DomainError(COMMENT_REFUSED)
    project = report.project
    return comments.post(
        model=ReportComment, target_field="report", target=report, by=by, text=text, lead=project.lead,
        title=f"Nuevo comentario en el reporte {report.month:02d}/{report.year} de «{project.name}»"[:200],
        url=reverse("monitoring:report_detail", args=[report.pk]) + "#conversacion",
    )


# --- Workflow -----------------------------------------------------------------------------


def _check_ready(report: ProgressReport, transition) -> None:
    """A report goes to review complete: its achievements, evidence and amounts that add up."""
    if not report.achievements.strip():
        raise DomainError(NEEDS_ACHIEVEMENTS, field="achievements")
    if not Evidence.objects.filter(report=report).exists():
        raise DomainError(NEEDS_EVIDENCE, field="file")
    territories = {
        d.territory_id: (d.committed, d.beneficiaries) for d in TerritorialDistribution.objects.filter(report=report)
    }
    check_territorial_total(report.committed, territories)
    split = {
        row.source_id: (row.committed, row.obligated, row.paid) for row in SourceExecution.objects.filter(report=report)
    }
    check_source_split(report, committed=report.committed, obligated=report.obligated, paid=report.paid, split=split)
    check_running_totals(report, committed=report.committed, obligated=report.obligated, paid=report.paid)
    report.submitted_at = timezone.now()


def _stamp_approval(report: ProgressReport, transition) -> None:
    report.approved_at = timezone.now()


def _clear_approval(report: ProgressReport, transition) -> None:
    report.approved_at = None


def _refresh_totals(report: ProgressReport, transition, record) -> None:
    # The report's quantities start or stop counting: its month's totals, in the same transaction.
    totals.refresh_totals(months=[(report.year, report.month)], projects=[report.project_id])


REPORT_HOOKS = {
    wf.SUBMIT: Hooks(before=_check_ready),
    wf.APPROVE: Hooks(before=_stamp_approval, after=_refresh_totals),
    wf.REOPEN: Hooks(before=_clear_approval, after=_refresh_totals),
}


def report_transition(
    *, report: ProgressReport, by: User, name: str, comment: str = "", version: int | None = None
) -> ReportTransition:
    """Moves the report along the workflow, records the move and tells the people concerned."""
    return wf.REPORT_WORKFLOW.apply(obj=report, name=name, by=by, comment=comment, version=version, hooks=REPORT_HOOKS)


def report_submit(*, report: ProgressReport, by: User, comment: str = "", version: int | None = None):
    return report_transition(report=report, by=by, name=wf.SUBMIT, comment=comment, version=version)


def report_return(*, report: ProgressReport, by: User, comment: str, version: int | None = None):
    return report_transition(report=report, by=by, name=wf.RETURN, comment=comment, version=version)


def report_approve(*, report: ProgressReport, by: User, comment: str = "", version: int | None = None):
    return report_transition(report=report, by=by, name=wf.APPROVE, comment=comment, version=version)


def report_reopen(*, report: ProgressReport, by: User, comment: str, version: int | None = None):
    return report_transition(report=report, by=by, name=wf.REOPEN, comment=comment, version=version)


# --- Result indicators --------------------------------------------------------------------


@transaction.atomic
def measurements_save(
    *, by: User, year: int, month: int, values: dict[int, Decimal | None], versions: dict[int, int] | None = None
) -> int:
    """Records the value of result indicators for a month (None removes it). Returns changes.

    `versions` are the versions of the month's values the grid was opened on (0: there was no
    value): a value that someone else set, changed or removed since is not overwritten, and then
    nothing of the grid is saved."""
    from strategy.models import Indicator, IndicatorKind

    if not roles.may(by, "monitoring.record_measurements"):
        raise DomainError("Solo la Subdirección de Planeación registra los valores de los indicadores de resultado.")
    if not 1 <= month <= 12:
        raise DomainError("El mes debe estar entre 1 y 12.", field="month")
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=list(values))}
    for pk in values:
        indicator = indicators.get(pk)
        if indicator is None or indicator.kind != IndicatorKind.RESULT:
            raise DomainError("Solo se registran aquí valores de indicadores de resultado.")
    existing = {m.indicator_id: m for m in IndicatorMeasurement.objects.filter(year=year, month=month, indicator_id__in=list(values))}
    changes = 0
    for pk, value in values.items():
        row = existing.get(pk)
        if (row.value if row is not None else None) == value:
            continue  # nothing to write, so nothing to overwrite
        seen = None if versions is None else versions.get(pk)
        if row is None:
            if seen:  # the value the user saw was removed meanwhile
                raise stale_error(IndicatorMeasurement)
        elif seen == 0:  # someone recorded a value after the grid was opened
            raise stale_error(row)
        else:
            claim_version(row, seen)
        if value is None:
            if row is not None:  # nothing recorded and nothing to record
                row.delete()
        elif row is None:
            IndicatorMeasurement.objects.create(indicator_id=pk, year=year, month=month, value=value, recorded_by=by)
        else:
            row.value, row.recorded_by = value, by
            row.save()
        changes += 1
    return changes

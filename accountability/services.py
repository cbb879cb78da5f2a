"""Use cases of step 4.7: legal information requests (Ley 1755 de 2015), Concejo sessions and
their commitments, and the accountability report (draft → awaiting approval → approved → published)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.calendar import add_business_days
from isvimed_planning.formatting import format_date
from isvimed_planning.models import User
from isvimed_planning.notices import notify
from isvimed_planning.versioning import claim_version
from isvimed_planning.workflow import DomainError, Hooks

from . import workflow as wf
from .models import (
    LEGAL_TERM_DAYS,
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    InformationRequest,
    ReportState,
    RequestState,
)
from .selectors import report_figures

NOT_ALLOWED = "Su rol no permite esta acción."
FUTURE_RECEIVED = "La fecha de recibido no puede ser posterior a hoy."
DUPLICATE_FILING = "Ya existe una solicitud con el radicado {filing}."
ALREADY_ANSWERED = "La solicitud ya fue respondida."
ANSWER_MISSING = "Escriba la respuesta o adjunte el archivo de respuesta."
ANSWER_BEFORE_RECEIVED = "La fecha de respuesta no puede ser anterior a la fecha de recibido."
ANSWER_IN_FUTURE = "La fecha de respuesta no puede ser posterior a hoy."
EXTENSION_TWICE = "La solicitud ya tiene una prórroga: la ley permite una sola."
EXTENSION_NOT_AFTER = "La nueva fecha debe ser posterior al vencimiento legal ({due})."
EXTENSION_TOO_LONG = (
    "La prórroga no puede superar el doble del término legal (Ley 1755 de 2015, art. 14): "
    "la fecha máxima es {limit}."
)
EXTENSION_NOTICE_MISSING = "Escriba el aviso de prórroga enviado al solicitante, con los motivos de la demora."
EXTENSION_NOTICE_LATE = "El aviso de prórroga debe enviarse antes de que venza el término legal ({due})."
EXTENSION_NOTICE_EARLY = "El aviso de prórroga no puede ser anterior a la fecha de recibido."
COMMITMENT_DELIVERED_EARLY = "La fecha de entrega no puede ser anterior a la sesión ({date})."
REPORT_PERIOD_YEAR = "El periodo debe estar dentro de la vigencia {year}."
REPORT_PERIOD_ORDER = "La fecha final del periodo no puede ser anterior a la inicial."
REPORT_DUPLICATE = "Ya existe un informe de la vigencia {year} para ese periodo."
REPORT_NOT_EDITABLE = "Solo se puede modificar un informe en borrador."


def _require_manage(user) -> None:
    if not roles.may(user, "accountability.manage"):
        raise DomainError(NOT_ALLOWED)


def _planners() -> list[User]:
    return list(roles.users_with_role(roles.PLANEACION))


# --- Information requests -----------------------------------------------------------------


def legal_due_date(*, received_on: dt.date, kind: str) -> dt.date:
    """Last day of the legal term: LEGAL_TERM_DAYS business days counted from the day after
    receipt (weekends, Colombian holidays and institutional non-working days do not count)."""
    return add_business_days(received_on, LEGAL_TERM_DAYS[kind])


def extension_limit(req: InformationRequest) -> dt.date:
    """The latest extended due date: twice the original term, from the day after receipt."""
    return add_business_days(req.received_on, 2 * LEGAL_TERM_DAYS[req.kind])


def _request_url(req: InformationRequest) -> str:
    return reverse("accountability:request_detail", args=[req.pk])


@transaction.atomic
def request_register(
    *, by: User, filing_number: str, requester_name: str, requester_kind: str, channel: str, received_on: dt.date,
    kind: str, subject: str, requester_email: str = "", description: str = "", assignee: User | None = None,
) -> InformationRequest:
    _require_manage(by)
    filing_number = filing_number.strip()
    if received_on > timezone.localdate():
        raise DomainError(FUTURE_RECEIVED, field="received_on")
    if InformationRequest.objects.filter(filing_number__iexact=filing_number).exists():
        raise DomainError(DUPLICATE_FILING.format(filing=filing_number), field="filing_number")
    req = InformationRequest.objects.create(
        filing_number=filing_number, requester_name=requester_name.strip(), requester_kind=requester_kind,
        requester_email=requester_email, channel=channel, received_on=received_on, kind=kind, subject=subject.strip(),
        description=description, due_date=legal_due_date(received_on=received_on, kind=kind), assignee=assignee,
        state=RequestState.ASSIGNED if assignee else RequestState.RECEIVED,
    )
    if assignee:
        _notify_assignee(req)
    return req


def _notify_assignee(req: InformationRequest) -> None:
    notify(
        recipients=[req.assignee], kind="accountability.request_assigned", key=f"request-{req.pk}-assigned-{req.assignee_id}",
        title=f"Solicitud {req.filing_number} asignada: vence el {format_date(req.effective_due_date)}",
        body=req.subject, url=_request_url(req),
    )


@transaction.atomic
def request_assign(
    *, by: User, request: InformationRequest, assignee: User, version: int | None = None
) -> InformationRequest:
    _require_manage(by)
    req = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if req.state == RequestState.ANSWERED:
        raise DomainError(ALREADY_ANSWERED)
    claim_version(req, version)
    req.assignee = assignee
    req.state = RequestState.ASSIGNED
    req.save()
    _notify_assignee(req)
    return req


@transaction.atomic
def request_extend(
    *, by: User, request: InformationRequest, new_due_date: dt.date, notice: str, notified_on: dt.date,
    version: int | None = None,
) -> InformationRequest:
    """Extends the term (Ley 1755 de 2015, art. 14, parágrafo): the requester is told the reasons
    and the new date before the term ends, and the new date never exceeds twice the term."""
    _require_manage(by)
    req = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if req.state == RequestState.ANSWERED:
        raise DomainError(ALREADY_ANSWERED)
    if req.extended_due_date:
        raise DomainError(EXTENSION_TWICE)
    if new_due_date <= req.due_date:
        raise DomainError(EXTENSION_NOT_AFTER.format(due=format_date(req.due_date)), field="new_due_date")
    limit = extension_limit(req)
    if new_due_date > limit:
        raise DomainError(EXTENSION_TOO_LONG.format(limit=format_date(limit)), field="new_due_date")
    if not notice.strip():
        raise DomainError(EXTENSION_NOTICE_MISSING, field="notice")
    if notified_on > req.due_date:
        raise DomainError(EXTENSION_NOTICE_LATE.format(due=format_date(req.due_date)), field="notified_on")
    if notified_on < req.received_on:
        raise DomainError(EXTENSION_NOTICE_EARLY, field="notified_on")
    claim_version(req, version)
    req.extended_due_date = new_due_date
    req.extension_notice = notice.strip()
    req.extension_notified_on = notified_on
    req.save()
    notify(
        recipients=[req.assignee] if req.assignee else _planners(), kind="accountability.request_extended",
        key=f"request-{req.pk}-extended", title=f"Solicitud {req.filing_number} prorrogada hasta el {format_date(new_due_date)}",
        url=_request_url(req),
    )
    return req


@transaction.atomic
def request_answer(
    *, by: User, request: InformationRequest, answer: str, answered_on: dt.date, answer_file=None,
    version: int | None = None,
) -> InformationRequest:
    """Records the answer (text and/or file; the file is already validated by the form)."""
    _require_manage(by)
    req = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if req.state == RequestState.ANSWERED:
        raise DomainError(ALREADY_ANSWERED)
    if not answer.strip() and not answer_file:
        raise DomainError(ANSWER_MISSING, field="answer")
    if answered_on < req.received_on:
        raise DomainError(ANSWER_BEFORE_RECEIVED, field="answered_on")
    if answered_on > timezone.localdate():
        raise DomainError(ANSWER_IN_FUTURE, field="answered_on")
    claim_version(req, version)
    req.answer = answer.strip()
    if answer_file:
        req.answer_file_name = answer_file.name[:200]
        req.answer_file = answer_file
    req.answered_on = answered_on
    req.state = RequestState.ANSWERED
    req.save()
    late = answered_on > req.effective_due_date
    notify(
        recipients=_planners(), kind="accountability.request_answered", key=f"request-{req.pk}-answered",
        title=f"Solicitud {req.filing_number} respondida{' fuera de término' if late else ''}", url=_request_url(req),
    )
    return req


# --- Concejo sessions ---------------------------------------------------------------------


SESSION_FIELDS = ("kind", "date", "subject", "questionnaire", "attendees", "delivered")


@transaction.atomic
def session_save(
    *, by: User, session: CouncilSession | None = None, questionnaire_file=None, version: int | None = None, **data
) -> CouncilSession:
    _require_manage(by)
    if session is None:
        session = CouncilSession(created_by=by)
    else:
        claim_version(session, version)
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    if questionnaire_file:
        session.questionnaire_file = questionnaire_file
        session.questionnaire_file_name = questionnaire_file.name[:200]
    session.save()
    return session


@transaction.atomic
def commitment_add(
    *, by: User, session: CouncilSession, description: str, due_date: dt.date, responsible: User | None = None,
) -> CouncilCommitment:
    _require_manage(by)
    commitment = CouncilCommitment.objects.create(
        session=session, description=description.strip(), due_date=due_date, responsible=responsible
    )
    if responsible:
        notify(
            recipients=[responsible], kind="accountability.commitment", key=f"commitment-{commitment.pk}",
            title=f"Compromiso con el Concejo para el {format_date(due_date)}", body=commitment.description,
            url=reverse("accountability:session_detail", args=[session.pk]),
        )
    return commitment


@transaction.atomic
def commitment_deliver(
    *, by: User, commitment: CouncilCommitment, delivered_on: dt.date, version: int | None = None
) -> CouncilCommitment:
    _require_manage(by)
    if delivered_on < commitment.session.date:
        raise DomainError(COMMITMENT_DELIVERED_EARLY.format(date=format_date(commitment.session.date)), field="delivered_on")
    claim_version(commitment, version)
    commitment.delivered_on = delivered_on
    commitment.save()
    return commitment


# --- Accountability report ----------------------------------------------------------------

@transaction.atomic
def report_create(
    *, by: User, year: int, title: str, introduction: str = "", period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> AccountabilityReport:
    """A draft report of the year (1 January – 31 December unless a period is given)."""
    _require_manage(by)
    period_start = period_start or dt.date(year, 1, 1)
    period_end = period_end or dt.date(year, 12, 31)
    if period_start.year != year:
        raise DomainError(REPORT_PERIOD_YEAR.format(year=year), field="period_start")
    if period_end.year != year:
        raise DomainError(REPORT_PERIOD_YEAR.format(year=year), field="period_end")
    if period_end < period_start:
        raise DomainError(REPORT_PERIOD_ORDER, field="period_end")
    if AccountabilityReport.objects.filter(year=year, period_start=period_start, period_end=period_end).exists():
        raise DomainError(REPORT_DUPLICATE.format(year=year))
    return AccountabilityReport.objects.create(
        year=year, period_start=period_start, period_end=period_end, title=title.strip(), introduction=introduction,
        created_by=by,
    )


@transaction.atomic
def report_update(
    *, by: User, report: AccountabilityReport, title: str, introduction: str, version: int | None = None
) -> AccountabilityReport:
    _require_manage(by)
    report = AccountabilityReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.DRAFT:
        raise DomainError(REPORT_NOT_EDITABLE)
    claim_version(report, version)
    report.title, report.introduction = title.strip(), introduction
    report.save()
    return report


def _report_hooks(by: User) -> dict[str, Hooks]:
    def freeze(report: AccountabilityReport, transition) -> None:
        report.figures = report_figures(year=report.year, cutoff=report.period_end)
        report.approved_by, report.approved_at = by, timezone.now()

    def publish(report: AccountabilityReport, transition) -> None:
        report.published_at = timezone.now()

    def unfreeze(report: AccountabilityReport, transition) -> None:
        report.figures = None
        report.approved_by = report.approved_at = report.published_at = None

    return {wf.APPROVE: Hooks(before=freeze), wf.PUBLISH: Hooks(before=publish), wf.REOPEN: Hooks(before=unfreeze)}


def report_transition(*, by: User, report: AccountabilityReport, name: str, comment: str = "") -> AccountabilityReport:
    """send (planeacion) puts a draft before the Director, who is told; approve (direccion)
    freezes the figures from monitoring.figures at the period end; publish makes it public; reopen (with a reason) sends it back to draft and unfreezes them."""
    record = wf.REPORT_WORKFLOW.apply(obj=report, name=name, by=by, comment=comment, hooks=_report_hooks(by))
    return record.report

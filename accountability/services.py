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

from . import petitioner, workflow as wf
from .models import (
    CLOSED_REQUEST_STATES,
    DOCUMENTS_COPIES_DAYS,
    LEGAL_TERM_DAYS,
    REQUIREMENT_TERM_DAYS,
    TRANSFER_TERM_DAYS,
    AccountabilityReport,
    AnswerOutcome,
    CommitmentStatus,
    CouncilCommitment,
    CouncilSession,
    FollowedCommitment,
    HearingCommitment,
    HearingQuestion,
    InformationRequest,
    PetitionerNoticeKind,
    PublicHearing,
    ReportState,
    RequestKind,
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
NOT_OPEN = "La solicitud ya está cerrada ({state})."
DATE_BEFORE_RECEIVED = "La fecha no puede ser anterior a la fecha de recibido."
DATE_IN_FUTURE = "La fecha no puede ser posterior a hoy."
TRANSFER_AUTHORITY_MISSING = "Escriba la autoridad competente a la que se traslada la petición."
TRANSFER_NOTICE_MISSING = "Escriba el aviso de traslado al peticionario."
REQUIREMENT_MISSING = "Escriba qué debe completar el peticionario."
REQUIREMENT_LATE = (
    "El requerimiento debe hacerse dentro de los 10 días hábiles siguientes al recibo "
    "(Ley 1755 de 2015, art. 17): a más tardar el {limit}."
)
REQUIREMENT_AFTER_EXTENSION = "La solicitud ya fue prorrogada: no se puede requerir completarla."
COMPLETED_BEFORE_REQUIREMENT = "La fecha en que completó no puede ser anterior al requerimiento ({date})."
WITHDRAWAL_EARLY = (
    "El peticionario tiene un mes para completar su petición (Ley 1755 de 2015, art. 17): "
    "el desistimiento tácito se puede decretar desde el {date}."
)
WITHDRAWAL_NOTICE_MISSING = "Escriba el acto motivado de desistimiento que se notifica al peticionario."
DENIAL_GROUND_MISSING = "Elija el fundamento legal de la negación (Ley 1712 de 2014, arts. 18 y 19)."
GROUND_WITHOUT_DENIAL = "Solo una respuesta que niega total o parcialmente lleva fundamento de negación."
COMMITMENT_DELIVERED_EARLY = "La fecha de entrega no puede ser anterior a la sesión ({date})."
HEARING_WINDOW_ORDER = "El cierre de las preguntas debe ser posterior a su apertura."
HEARING_WINDOW_AFTER = "Las preguntas deben cerrarse antes de la audiencia."
QUESTION_WINDOW_CLOSED = (
    "La recepción de preguntas para esta audiencia está cerrada: estuvo abierta del {opens} al {closes}."
)
QUESTION_WINDOW_NOT_YET = "La recepción de preguntas para esta audiencia abre el {opens}."
QUESTION_EMPTY = "Escriba su pregunta."
ANSWER_EMPTY = "Escriba la respuesta a la pregunta."
COMMITMENT_RESPONSIBLE_MISSING = "Elija el responsable o escriba su nombre."
COMMITMENT_DONE_NEEDS_DATE = "Escriba la fecha en que se cumplió el compromiso."
COMMITMENT_DONE_NEEDS_EVIDENCE = "Describa la evidencia del cumplimiento."
COMMITMENT_DATE_WITHOUT_DONE = "La fecha de entrega solo se registra cuando el compromiso está cumplido."
COMMITMENT_DELIVERED_BEFORE_HEARING = "La fecha de entrega no puede ser anterior a la audiencia ({date})."
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


def transfer_limit(req: InformationRequest) -> dt.date:
    """Last day to transfer a petition ISVIMED is not competent for (art. 21)."""
    return add_business_days(req.received_on, TRANSFER_TERM_DAYS)


def requirement_limit(req: InformationRequest) -> dt.date:
    """Last day to ask the petitioner to complete the petition (art. 17)."""
    return add_business_days(req.received_on, REQUIREMENT_TERM_DAYS)


def add_month(day: dt.date) -> dt.date:
    """The same day of the next month (the last day of that month when it has no such day)."""
    import calendar

    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def completion_limit(req: InformationRequest) -> dt.date | None:
    """The petitioner's last day to complete (art. 17: one month from the requirement)."""
    return add_month(req.required_on) if req.required_on else None


def withdrawal_from(req: InformationRequest) -> dt.date | None:
    """The first day the tacit withdrawal may be decreed: the day after the petitioner's month."""
    limit = completion_limit(req)
    return limit + dt.timedelta(days=1) if limit else None


def restarted_due_date(*, completed_on: dt.date, kind: str) -> dt.date:
    """Art. 17: the term restarts, whole, from the day after the petitioner completes the petition."""
    return add_business_days(completed_on, LEGAL_TERM_DAYS[kind])


def copies_due_date(req: InformationRequest, today: dt.date) -> dt.date | None:
    """Art. 14 num. 1: a request for documents not answered within its term is taken as accepted
    and the copies are due within 3 business days after the term; None when that does not apply."""
    if req.kind != RequestKind.DOCUMENTS or req.state not in wf.OPEN_STATES or today <= req.effective_due_date:
        return None
    return add_business_days(req.effective_due_date, DOCUMENTS_COPIES_DAYS)


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
    petitioner.send(req, PetitionerNoticeKind.ACKNOWLEDGEMENT)
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
    _require_open(req)
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
    _require_open(req)
    if req.state == RequestState.INCOMPLETE:
        raise DomainError(NOT_OPEN.format(state=req.get_state_display().lower()))
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
    petitioner.send(req, PetitionerNoticeKind.EXTENSION)
    return req


def _require_open(req: InformationRequest) -> None:
    if req.state == RequestState.ANSWERED:
        raise DomainError(ALREADY_ANSWERED)
    if req.is_closed:
        raise DomainError(NOT_OPEN.format(state=req.get_state_display().lower()))


def _check_day(req: InformationRequest, day: dt.date, field: str) -> None:
    if day < req.received_on:
        raise DomainError(DATE_BEFORE_RECEIVED, field=field)
    if day > timezone.localdate():
        raise DomainError(DATE_IN_FUTURE, field=field)


def _move(*, by: User, request: InformationRequest, name: str, version: int | None, before, after=None) -> InformationRequest:
    """One move of the request's life cycle (workflow.REQUEST_WORKFLOW): the table checks the state
    and the role; `before(req)` checks the dates on the locked row and writes the fields."""
    _require_manage(by)
    state = InformationRequest.objects.filter(pk=request.pk).values_list("state", flat=True).first()
    if state in CLOSED_REQUEST_STATES:  # the same words as before the life cycle had more ends
        raise DomainError(ALREADY_ANSWERED if state == RequestState.ANSWERED
                          else NOT_OPEN.format(state=RequestState(state).label.lower()))
    hooks = Hooks(before=lambda req, t: before(req), after=(lambda req, t, record: after(req)) if after else None)
    record = wf.REQUEST_WORKFLOW.apply(obj=request, name=name, by=by, version=version, hooks={name: hooks})
    return record.request


@transaction.atomic
def request_transfer(
    *, by: User, request: InformationRequest, transferred_to: str, transferred_on: dt.date, notice: str,
    version: int | None = None,
) -> InformationRequest:
    """Art. 21: ISVIMED is not competent; the petition goes to the competent authority and the
    petitioner is told. The request ends there (a late transfer is kept and shown as late)."""
    def before(req: InformationRequest) -> None:
        if not transferred_to.strip():
            raise DomainError(TRANSFER_AUTHORITY_MISSING, field="transferred_to")
        if not notice.strip():
            raise DomainError(TRANSFER_NOTICE_MISSING, field="notice")
        _check_day(req, transferred_on, "transferred_on")
        req.transferred_to, req.transferred_on, req.transfer_notice = transferred_to.strip(), transferred_on, notice.strip()

    req = _move(by=by, request=request, name=wf.TRANSFER, version=version, before=before)
    petitioner.send(req, PetitionerNoticeKind.TRANSFER)
    return req


@transaction.atomic
def request_require(
    *, by: User, request: InformationRequest, requirement: str, required_on: dt.date, version: int | None = None,
) -> InformationRequest:
    """Art. 17: the petition is incomplete; within 10 business days of receipt the petitioner is
    asked to complete it and the clock stops until they do."""
    def before(req: InformationRequest) -> None:
        if not requirement.strip():
            raise DomainError(REQUIREMENT_MISSING, field="requirement")
        _check_day(req, required_on, "required_on")
        limit = requirement_limit(req)
        if required_on > limit:
            raise DomainError(REQUIREMENT_LATE.format(limit=format_date(limit)), field="required_on")
        if req.extended_due_date:
            raise DomainError(REQUIREMENT_AFTER_EXTENSION)
        req.requirement, req.required_on = requirement.strip(), required_on

    req = _move(by=by, request=request, name=wf.REQUIRE, version=version, before=before)
    petitioner.send(req, PetitionerNoticeKind.REQUIREMENT)
    return req


@transaction.atomic
def request_complete(
    *, by: User, request: InformationRequest, completed_on: dt.date, version: int | None = None,
) -> InformationRequest:
    """Art. 17: the petitioner completed the petition; the whole legal term restarts from the
    next day (the due date before the requirement is kept in original_due_date)."""
    def before(req: InformationRequest) -> None:
        if req.required_on and completed_on < req.required_on:
            raise DomainError(COMPLETED_BEFORE_REQUIREMENT.format(date=format_date(req.required_on)), field="completed_on")
        _check_day(req, completed_on, "completed_on")
        req.completed_on = completed_on
        req.original_due_date = req.original_due_date or req.due_date
        req.due_date = restarted_due_date(completed_on=completed_on, kind=req.kind)

    def after(req: InformationRequest) -> None:
        if not req.assignee_id:  # the table lands on "assigned"; nobody was given it yet
            req.state = RequestState.RECEIVED
            req.save(update_fields=["state"])

    req = _move(by=by, request=request, name=wf.COMPLETE, version=version, before=before, after=after)
    notify(
        recipients=[req.assignee] if req.assignee else _planners(), kind="accountability.request_assigned",
        key=f"request-{req.pk}-completed", url=_request_url(req),
        title=f"Solicitud {req.filing_number} completada por el peticionario: vence el {format_date(req.due_date)}",
    )
    return req


@transaction.atomic
def request_withdraw(
    *, by: User, request: InformationRequest, withdrawn_on: dt.date, notice: str, version: int | None = None,
) -> InformationRequest:
    """Art. 17: a month passed without the petitioner completing; the tacit withdrawal is decreed
    (a reasoned act notified to the petitioner) and the file closed."""
    def before(req: InformationRequest) -> None:
        first = withdrawal_from(req)
        if first and withdrawn_on < first:
            raise DomainError(WITHDRAWAL_EARLY.format(date=format_date(first)), field="withdrawn_on")
        _check_day(req, withdrawn_on, "withdrawn_on")
        if not notice.strip():
            raise DomainError(WITHDRAWAL_NOTICE_MISSING, field="notice")
        req.withdrawn_on, req.withdrawal_notice = withdrawn_on, notice.strip()

    req = _move(by=by, request=request, name=wf.WITHDRAW, version=version, before=before)
    petitioner.send(req, PetitionerNoticeKind.WITHDRAWAL)
    return req


@transaction.atomic
def request_answer(
    *, by: User, request: InformationRequest, answer: str, answered_on: dt.date, answer_file=None,
    outcome: str = AnswerOutcome.GRANTED, denial_ground: str = "", denial_reason: str = "",
    version: int | None = None,
) -> InformationRequest:
    """Records the answer (text and/or file; the file is already validated by the form). A denial,
    whole or partial, names its legal ground (Ley 1712 de 2014, arts. 18-19); the petitioner is
    told it and the remedy (recurso de insistencia)."""
    outcome = outcome or AnswerOutcome.GRANTED

    def before(req: InformationRequest) -> None:
        if not answer.strip() and not answer_file:
            raise DomainError(ANSWER_MISSING, field="answer")
        if answered_on < req.received_on:
            raise DomainError(ANSWER_BEFORE_RECEIVED, field="answered_on")
        if answered_on > timezone.localdate():
            raise DomainError(ANSWER_IN_FUTURE, field="answered_on")
        denies = outcome in (AnswerOutcome.DENIED, AnswerOutcome.PARTIAL)
        if denies and not denial_ground:
            raise DomainError(DENIAL_GROUND_MISSING, field="denial_ground")
        if not denies and denial_ground:
            raise DomainError(GROUND_WITHOUT_DENIAL, field="denial_ground")
        req.answer = answer.strip()
        if answer_file:
            req.answer_file_name = answer_file.name[:200]
            req.answer_file = answer_file
        req.answered_on = answered_on
        req.outcome, req.denial_ground = outcome, denial_ground
        req.denial_reason = denial_reason.strip() if denies else ""

    req = _move(by=by, request=request, name=wf.ANSWER, version=version, before=before)
    late = answered_on > req.effective_due_date
    notify(
        recipients=_planners(), kind="accountability.request_answered", key=f"request-{req.pk}-answered",
        title=f"Solicitud {req.filing_number} respondida{' fuera de término' if late else ''}", url=_request_url(req),
    )
    petitioner.send(req, PetitionerNoticeKind.ANSWER)
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


def commitment_deliver(
    *, by: User, commitment: CouncilCommitment, delivered_on: dt.date, version: int | None = None
) -> CouncilCommitment:
    """The Concejo's page records a delivery in one step: the shared follow-up, marked done."""
    result = commitment_follow_up(
        by=by, commitment=commitment, status=CommitmentStatus.DONE, delivered_on=delivered_on,
        evidence_note=commitment.evidence_note or "Entrega registrada.", version=version,
    )
    assert isinstance(result, CouncilCommitment)
    return result


def _commitment_start(commitment: FollowedCommitment) -> tuple[dt.date, str]:
    """The day the commitment was made (nothing is delivered before it) and the refusal's words."""
    if isinstance(commitment, HearingCommitment):
        return timezone.localdate(commitment.hearing.starts_at), COMMITMENT_DELIVERED_BEFORE_HEARING
    assert isinstance(commitment, CouncilCommitment)
    return commitment.session.date, COMMITMENT_DELIVERED_EARLY


@transaction.atomic
def commitment_follow_up(
    *, by: User, commitment: FollowedCommitment, status: str, delivered_on: dt.date | None = None,
    evidence_note: str = "", version: int | None = None,
) -> FollowedCommitment:
    """The one follow-up of every commitment, the Concejo's and a public hearing's: pending → in
    progress → done; done carries the delivery date and the evidence, the others none."""
    if not roles.may(by, "accountability.record_commitment"):
        raise DomainError(NOT_ALLOWED)
    evidence_note = evidence_note.strip()
    if status == CommitmentStatus.DONE:
        if delivered_on is None:
            raise DomainError(COMMITMENT_DONE_NEEDS_DATE, field="delivered_on")
        start, message = _commitment_start(commitment)
        if delivered_on < start:
            raise DomainError(message.format(date=format_date(start)), field="delivered_on")
        if delivered_on > timezone.localdate():
            raise DomainError(DATE_IN_FUTURE, field="delivered_on")
        if not evidence_note:
            raise DomainError(COMMITMENT_DONE_NEEDS_EVIDENCE, field="evidence_note")
    elif delivered_on is not None:
        raise DomainError(COMMITMENT_DATE_WITHOUT_DONE, field="delivered_on")
    claim_version(commitment, version)
    commitment.status, commitment.delivered_on, commitment.evidence_note = status, delivered_on, evidence_note
    commitment._change_reason = f"Seguimiento: {CommitmentStatus(status).label}"
    commitment.save()
    return commitment


# --- Public hearings (Ley 1757 de 2015) -------------------------------------------------------

HEARING_FIELDS = ("title", "starts_at", "place", "link", "report", "questions_open_at", "questions_close_at", "state")


def _hearing_url(hearing: PublicHearing) -> str:
    return reverse("accountability:hearing_detail", args=[hearing.pk])


@transaction.atomic
def hearing_save(*, by: User, hearing: PublicHearing | None = None, version: int | None = None, **data) -> PublicHearing:
    """Convenes a public hearing or changes it; the question window closes before it starts."""
    _require_manage(by)
    if data["questions_close_at"] <= data["questions_open_at"]:
        raise DomainError(HEARING_WINDOW_ORDER, field="questions_close_at")
    if data["questions_close_at"] > data["starts_at"]:
        raise DomainError(HEARING_WINDOW_AFTER, field="questions_close_at")
    if hearing is None:
        hearing = PublicHearing(created_by=by)
    else:
        claim_version(hearing, version)
    for name in HEARING_FIELDS:
        if name in data:
            setattr(hearing, name, data[name])
    hearing.link = hearing.link or ""
    hearing.save()
    return hearing


@transaction.atomic
def question_submit(
    *, hearing: PublicHearing, text: str, name: str = "", email: str = "", territory=None,
) -> HearingQuestion:
    """A citizen's question (no login), accepted only while the window is open; it waits for
    moderation and planning is told."""
    now = timezone.now()
    if not hearing.window_open(now):
        opens, closes = format_date(hearing.questions_open_at), format_date(hearing.questions_close_at)
        if hearing.state == "scheduled" and now < hearing.questions_open_at:
            raise DomainError(QUESTION_WINDOW_NOT_YET.format(opens=opens))
        raise DomainError(QUESTION_WINDOW_CLOSED.format(opens=opens, closes=closes))
    if not text.strip():
        raise DomainError(QUESTION_EMPTY, field="text")
    question = HearingQuestion.objects.create(
        hearing=hearing, text=text.strip(), name=name.strip(), email=email.strip(), territory=territory,
    )
    notify(
        recipients=_planners(), kind="accountability.hearing_question", key=f"hearing-question-{question.pk}",
        title=f"Nueva pregunta para la audiencia «{hearing.title}»", body=question.text[:200], url=_hearing_url(hearing),
    )
    return question


def question_moderate(
    *, by: User, question: HearingQuestion, name: str, answer: str = "", comment: str = "", version: int | None = None,
) -> HearingQuestion:
    """publish, reject (with the reason, which is not public) or answer (the answer is published
    with the question and e-mailed to the citizen when they left an address)."""
    def write_answer(q: HearingQuestion, transition) -> None:
        if not answer.strip():
            raise DomainError(ANSWER_EMPTY, field="answer")
        q.answer, q.answered_at = answer.strip(), timezone.now()

    def write_reason(q: HearingQuestion, transition) -> None:
        q.rejection_reason = comment.strip()

    def tell_citizen(q: HearingQuestion, transition, record) -> None:
        petitioner.send_hearing_answer(q)

    hooks = {wf.ANSWER_QUESTION: Hooks(before=write_answer, after=tell_citizen), wf.REJECT_QUESTION: Hooks(before=write_reason)}
    record = wf.QUESTION_WORKFLOW.apply(obj=question, name=name, by=by, comment=comment, version=version, hooks=hooks)
    return record.question


@transaction.atomic
def hearing_commitment_add(
    *, by: User, hearing: PublicHearing, description: str, due_date: dt.date, responsible: User | None = None,
    responsible_name: str = "",
) -> HearingCommitment:
    """An improvement commitment arising from the hearing (the Director or planning records it)."""
    if not roles.may(by, "accountability.record_commitment"):
        raise DomainError(NOT_ALLOWED)
    if responsible is None and not responsible_name.strip():
        raise DomainError(COMMITMENT_RESPONSIBLE_MISSING, field="responsible_name")
    commitment = HearingCommitment.objects.create(
        hearing=hearing, description=description.strip(), due_date=due_date, responsible=responsible,
        responsible_name="" if responsible else responsible_name.strip(), created_by=by,
    )
    if responsible:
        notify(
            recipients=[responsible], kind="accountability.commitment", key=f"hearing-commitment-{commitment.pk}",
            title=f"Compromiso de la audiencia pública para el {format_date(due_date)}", body=commitment.description,
            url=_hearing_url(hearing),
        )
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

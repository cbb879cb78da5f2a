"""Notices to the petitioner (Ley 1755 de 2015): acknowledgement with the radicado and the due
date, transfer, requirement to complete, extension, tacit withdrawal and the answer (with its
file). Petitioners are not users: each notice is a PetitionerNotice row written in the service's
transaction, and its e-mail leaves once that transaction commits (Celery task
accountability.tasks.send_petitioner_notices), which records when it was sent. A request with no
e-mail gets no notice here (the office notifies it by its other channel).

A citizen who asked a question for a public hearing and left an e-mail gets the answer the same
way (send_hearing_answer): the same table, task and resending sweep."""
from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from isvimed_planning.formatting import format_date

from .models import (
    INSISTENCE_REMEDY,
    AnswerOutcome,
    HearingQuestion,
    InformationRequest,
    PetitionerNotice,
    PetitionerNoticeKind as K,
)

log = logging.getLogger(__name__)

SIGNATURE = "\n\nInstituto Social de Vivienda y Hábitat de Medellín — ISVIMED"


def _subject(req: InformationRequest, kind: str) -> str:
    radicado = f"Radicado {req.filing_number}"
    if kind == K.ACKNOWLEDGEMENT:
        return f"{radicado}: recibimos su petición (respuesta a más tardar el {format_date(req.due_date)})"
    if kind == K.TRANSFER:
        return f"{radicado}: su petición fue trasladada a {req.transferred_to}"
    if kind == K.REQUIREMENT:
        return f"{radicado}: complete su petición"
    if kind == K.EXTENSION:
        return f"{radicado}: prórroga de la respuesta hasta el {format_date(req.extended_due_date)}"
    if kind == K.WITHDRAWAL:
        return f"{radicado}: desistimiento tácito de su petición"
    return f"{radicado}: respuesta a su petición"


def _body(req: InformationRequest, kind: str) -> str:
    head = f"Señor(a) {req.requester_name}:\n\n"
    about = f"Asunto: {req.subject}\n\n"
    if kind == K.ACKNOWLEDGEMENT:
        text = (f"Su petición fue recibida el {format_date(req.received_on)} con el radicado {req.filing_number}. "
                f"Tipo: {req.get_kind_display()}. Le responderemos a más tardar el {format_date(req.due_date)} "
                "(Ley 1755 de 2015, art. 14).")
    elif kind == K.TRANSFER:
        text = (f"ISVIMED no es competente para resolver su petición. El {format_date(req.transferred_on)} la trasladamos a "
                f"{req.transferred_to}, que le responderá (Ley 1755 de 2015, art. 21).\n\n{req.transfer_notice}")
    elif kind == K.REQUIREMENT:
        text = (f"Para resolver su petición necesitamos que la complete:\n\n{req.requirement}\n\n"
                "Mientras tanto el término para responder está suspendido; vuelve a correr desde el día siguiente a "
                "que usted la complete. Si no la completa en un mes, se entenderá que desistió de ella "
                "(Ley 1755 de 2015, art. 17).")
    elif kind == K.EXTENSION:
        text = (f"No podremos responder su petición en el término legal. {req.extension_notice}\n\n"
                f"Le responderemos a más tardar el {format_date(req.extended_due_date)} "
                "(Ley 1755 de 2015, art. 14, parágrafo).")
    elif kind == K.WITHDRAWAL:
        text = (f"El {format_date(req.required_on)} le pedimos completar su petición y no recibimos respuesta en el mes "
                f"siguiente. El {format_date(req.withdrawn_on)} se decretó el desistimiento tácito y el archivo del "
                f"expediente (Ley 1755 de 2015, art. 17). Puede presentar de nuevo la petición con los requisitos "
                f"completos.\n\n{req.withdrawal_notice}")
    else:
        text = req.answer or "Encuentre adjunta la respuesta a su petición."
        if req.outcome in (AnswerOutcome.DENIED, AnswerOutcome.PARTIAL):
            text += (f"\n\n{req.get_outcome_display()}. Fundamento legal: Ley 1712 de 2014, "
                     f"{req.get_denial_ground_display()}.")
            if req.denial_reason:
                text += f" {req.denial_reason}"
            text += f"\n\n{INSISTENCE_REMEDY}"
    return (head + about + text).strip() + SIGNATURE


def send(req: InformationRequest, kind: str) -> PetitionerNotice | None:
    """Records the notice of `kind` for `req` and queues its e-mail once the transaction commits.
    Nothing when the petitioner gave no e-mail; each kind once per request."""
    if not req.requester_email:
        return None
    return _record(request=req, kind=kind, to_email=req.requester_email, subject=_subject(req, kind), body=_body(req, kind))


def send_hearing_answer(question: HearingQuestion) -> PetitionerNotice | None:
    """The answer to a hearing question, to the e-mail the citizen left (once per question)."""
    if not question.email:
        return None
    hearing = question.hearing
    head = f"Señor(a) {question.name}:\n\n" if question.name else "Cordial saludo:\n\n"
    body = (f"{head}Usted preguntó para la audiencia pública «{hearing.title}» "
            f"({format_date(timezone.localdate(hearing.starts_at))}):\n\n{question.text}\n\nRespuesta:\n\n{question.answer}\n\n"
            "La pregunta y su respuesta están publicadas en la página de la audiencia.")
    return _record(question=question, kind=K.HEARING_ANSWER, to_email=question.email,
                   subject=f"Respuesta a su pregunta para la audiencia «{hearing.title}»", body=body.strip() + SIGNATURE)


def _record(*, subject: str, **fields) -> PetitionerNotice | None:
    try:
        with transaction.atomic():
            notice = PetitionerNotice.objects.create(subject=subject[:200], **fields)
    except IntegrityError:
        return None  # already sent
    transaction.on_commit(lambda: _queue([notice.pk]))
    return notice


def _queue(ids: list[int]) -> None:
    from .tasks import send_petitioner_notices

    try:
        send_petitioner_notices.delay(ids)
    except Exception:  # broker down: the row exists, unsent; resend_pending sends it later
        log.warning("Could not queue petitioner notices %s; the next sweep will retry.", ids)

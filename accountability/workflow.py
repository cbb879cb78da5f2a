"""The accountability report workflow of step 4.7 as data: draft → sent for approval
(Planeación; the Director is told) → approved (Director) → published; the Director may send it
back to draft with a reason, from awaiting approval or later."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import (
    AccountabilityReportTransition,
    HearingQuestionTransition,
    InformationRequestTransition,
    QuestionState as Q,
    ReportState as S,
    RequestState as R,
)

SEND, APPROVE, PUBLISH, REOPEN = "send", "approve", "publish", "reopen"


def _notice(report, transition: Transition, by, comment: str) -> TransitionNotice:
    if transition.name == SEND:  # the Director decides: only the Director's office is told
        recipients = list(roles.users_with_role(roles.DIRECCION))
    else:
        recipients = list(roles.users_with_role(roles.PLANEACION)) + ([report.created_by] if report.created_by else [])
    return TransitionNotice(
        recipients=recipients,
        kind="accountability.report",
        title=f"Informe «{report.title}»: {transition.label.lower()}",
        body=comment,
        url=reverse("accountability:report_detail", args=[report.pk]),
    )


REPORT_WORKFLOW = Workflow(
    [
        Transition(SEND, "Enviar a aprobación", (S.DRAFT,), S.AWAITING, (roles.PLANEACION,)),
        Transition(APPROVE, "Aprobar informe", (S.AWAITING,), S.APPROVED, (roles.DIRECCION,)),
        Transition(PUBLISH, "Publicar informe", (S.APPROVED,), S.PUBLISHED, (roles.PLANEACION, roles.DIRECCION)),
        Transition(REOPEN, "Devolver a borrador", (S.AWAITING, S.APPROVED, S.PUBLISHED), S.DRAFT,
                   (roles.DIRECCION,), needs_comment=True, tone="aside"),
    ],
    dict(S.choices),
    record_model=AccountabilityReportTransition,
    notice=_notice,
)


# --- The life cycle of an information request (Ley 1755 de 2015) ---------------------------
# received/assigned → answered (arts. 14, 13), → transferred (art. 21: not competent, within 5
# business days of receipt), → incomplete (art. 17: requirement within 10 business days; the clock
# stops) → back to assigned when the petitioner completes it (the whole term restarts) or →
# withdrawn (tacit withdrawal after a month without an answer). The extension (art. 14,
# parágrafo) changes the date, not the state. The terms are checked in accountability.services;
# the notices to the petitioner are sent by accountability.petitioner, the staff's by the services.

ANSWER, TRANSFER, REQUIRE, COMPLETE, WITHDRAW = "answer", "transfer", "require", "complete", "withdraw"
OPEN_STATES = (R.RECEIVED, R.ASSIGNED)
MANAGERS = (roles.PLANEACION, roles.ADMIN)

REQUEST_WORKFLOW = Workflow(
    [
        Transition(ANSWER, "Responder", OPEN_STATES, R.ANSWERED, MANAGERS),
        Transition(TRANSFER, "Trasladar por competencia", OPEN_STATES, R.TRANSFERRED, MANAGERS, tone="aside"),
        Transition(REQUIRE, "Requerir completar la petición", OPEN_STATES, R.INCOMPLETE, MANAGERS, tone="aside"),
        # Lands on "assigned"; a request nobody was given goes back to "received" (services hook).
        Transition(COMPLETE, "Registrar que el peticionario completó", (R.INCOMPLETE,), R.ASSIGNED, MANAGERS),
        Transition(WITHDRAW, "Decretar desistimiento tácito", (R.INCOMPLETE,), R.WITHDRAWN, MANAGERS, tone="reverse"),
    ],
    dict(R.choices),
    record_model=InformationRequestTransition,
    counts_versions=True,
)


# --- Moderation of the questions for a public hearing (Ley 1757 de 2015) ---------------------
# A citizen's question waits for moderation; planning publishes it or rejects it with a reason,
# and answers it (the answer is published with the question, and e-mailed when an address was
# given: accountability.petitioner). Only published and answered questions are public.

PUBLISH_QUESTION, REJECT_QUESTION, ANSWER_QUESTION = "publish", "reject", "answer"

QUESTION_WORKFLOW = Workflow(
    [
        Transition(PUBLISH_QUESTION, "Publicar pregunta", (Q.PENDING,), Q.PUBLISHED, MANAGERS),
        Transition(ANSWER_QUESTION, "Responder y publicar", (Q.PENDING, Q.PUBLISHED), Q.ANSWERED, MANAGERS),
        Transition(REJECT_QUESTION, "Rechazar pregunta", (Q.PENDING, Q.PUBLISHED), Q.REJECTED, MANAGERS,
                   needs_comment=True, tone="reverse"),
    ],
    dict(Q.choices),
    record_model=HearingQuestionTransition,
    counts_versions=True,
)

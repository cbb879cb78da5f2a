"""The accountability report workflow of step 4.7 as data: draft → sent for approval
(Planeación; the Director is told) → approved (Director) → published; the Director may send it
back to draft with a reason, from awaiting approval or later."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import AccountabilityReportTransition, ReportState as S

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

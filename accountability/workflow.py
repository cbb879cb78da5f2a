"""The accountability report workflow of step 4.7 as data: draft → approved (Director) →
published; the Director may send it back to draft with a reason."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import AccountabilityReportTransition, ReportState as S

APPROVE, PUBLISH, REOPEN = "approve", "publish", "reopen"


def _notice(report, transition: Transition, by, comment: str) -> TransitionNotice:
    planners = list(roles.users_with_role(roles.PLANEACION))
    return TransitionNotice(
        recipients=planners + ([report.created_by] if report.created_by else []),
        kind="accountability.report",
        title=f"Informe «{report.title}»: {transition.label.lower()}",
        body=comment,
        url=reverse("accountability:report_detail", args=[report.pk]),
    )


REPORT_WORKFLOW = Workflow(
    [
        Transition(APPROVE, "Aprobar informe", (S.DRAFT,), S.APPROVED, (roles.DIRECCION,)),
        Transition(PUBLISH, "Publicar informe", (S.APPROVED,), S.PUBLISHED, (roles.PLANEACION, roles.DIRECCION)),
        Transition(REOPEN, "Devolver a borrador", (S.APPROVED, S.PUBLISHED), S.DRAFT,
                   (roles.DIRECCION,), needs_comment=True, tone="aside"),
    ],
    dict(S.choices),
    record_model=AccountabilityReportTransition,
    notice=_notice,
)

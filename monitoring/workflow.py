"""The monthly report workflow of step 4.6 as data: who may move a report from which state to which.

pending → submitted (the lead of the project) → approved (planeacion), or
submitted → returned with a comment (planeacion) → submitted again (the lead).
An approved report is locked; planeacion may reopen it with a recorded reason.
"""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.roles import is_project_lead
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import ReportState as S, ReportTransition

SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
REOPEN = "reopen"

# States in which the report's content and evidence may still change.
EDITABLE_STATES = (S.PENDING, S.RETURNED)
# States in which planning staff may still correct the content (never an approved report).
PLANNER_EDITABLE_STATES = (S.PENDING, S.SUBMITTED, S.RETURNED)
# A report in these states counts as "reported" for the month.
REPORTED_STATES = (S.SUBMITTED, S.APPROVED)


def _leads_it(user, report) -> bool:
    return bool(is_project_lead(user, report))


NOTICE_TITLES = {
    SUBMIT: "Reporte {period} de «{name}» enviado a revisión",
    RETURN: "Reporte {period} de «{name}» devuelto con observaciones",
    APPROVE: "Reporte {period} de «{name}» aprobado por Planeación",
    REOPEN: "Reporte {period} de «{name}» reabierto por Planeación",
}


def _planners() -> list:
    return list(roles.users_with_role(roles.PLANEACION))


def _notice(report, transition: Transition, by, comment: str) -> TransitionNotice:
    return TransitionNotice(
        recipients=_planners() if transition.name == SUBMIT else [report.project.lead],
        kind="report",
        title=NOTICE_TITLES[transition.name].format(period=f"{report.month:02d}/{report.year}", name=report.project.name),
        body=f"{by.display_name}: {transition.label}." + (f"\n\n{comment}" if comment else ""),
        url=reverse("monitoring:report_detail", args=[report.pk]),
    )


REPORT_WORKFLOW = Workflow(
    [
        Transition(
            SUBMIT, "Enviar a revisión", (S.PENDING, S.RETURNED), S.SUBMITTED, (),
            allowed_if=_leads_it, conditional_roles=(roles.RESPONSABLE,),
        ),
        Transition(APPROVE, "Aprobar", (S.SUBMITTED,), S.APPROVED, (roles.PLANEACION,)),
        Transition(RETURN, "Devolver", (S.SUBMITTED,), S.RETURNED, (roles.PLANEACION,), needs_comment=True, tone="reverse"),
        Transition(
            REOPEN, "Reabrir", (S.APPROVED,), S.RETURNED, (roles.PLANEACION,), needs_comment=True, tone="aside",
        ),
    ],
    state_labels=dict(S.choices),
    record_model=ReportTransition,
    notice=_notice,
    select_related=("project__lead",),
    counts_versions=True,
)

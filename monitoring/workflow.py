"""The monthly report workflow of step 4.6 as data: who may move a report from which state to which.

pending → submitted (the lead of the project) → approved (planeacion), or
submitted → returned with a comment (planeacion) → submitted again (the lead).
An approved report is locked; planeacion may reopen it with a recorded reason.
"""
from __future__ import annotations

from isvimed_planning import roles
from isvimed_planning.roles import is_project_lead
from isvimed_planning.workflow import Transition, Workflow

from .models import ReportState as S

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


REPORT_WORKFLOW = Workflow(
    [
        Transition(
            SUBMIT, "Enviar a revisión", (S.PENDING, S.RETURNED), S.SUBMITTED, (),
            allowed_if=_leads_it, conditional_roles=(roles.RESPONSABLE,),
        ),
        Transition(APPROVE, "Aprobar", (S.SUBMITTED,), S.APPROVED, (roles.PLANEACION,)),
        Transition(RETURN, "Devolver", (S.SUBMITTED,), S.RETURNED, (roles.PLANEACION,), needs_comment=True, style="danger"),
        Transition(
            REOPEN, "Reabrir", (S.APPROVED,), S.RETURNED, (roles.PLANEACION,), needs_comment=True, style="secondary",
        ),
    ],
    state_labels=dict(S.choices),
)

NOTICE_TITLES = {
    SUBMIT: "Reporte {period} de «{name}» enviado a revisión",
    RETURN: "Reporte {period} de «{name}» devuelto con observaciones",
    APPROVE: "Reporte {period} de «{name}» aprobado por Planeación",
    REOPEN: "Reporte {period} de «{name}» reabierto por Planeación",
}

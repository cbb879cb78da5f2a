"""The project workflow of step 4.2 as data: who may move a project from which state to which."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.roles import is_project_lead
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import ProjectState as S, ProjectTransition

SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
REGISTER = "register"
VIABLE = "viable"
NOT_VIABLE = "not_viable"
START = "start"
CLOSE = "close"


def _leads_it(user, project) -> bool:
    return bool(is_project_lead(user, project))


# Who hears about each move (besides the one who made it).
NOTICE_TITLES = {
    SUBMIT: "Proyecto «{name}» enviado a revisión",
    RETURN: "Proyecto «{name}» devuelto con observaciones",
    APPROVE: "Proyecto «{name}» aprobado por Planeación",
    REGISTER: "Proyecto «{name}» inscrito en el banco con el código {bank_code}",
    VIABLE: "Proyecto «{name}» declarado viable",
    NOT_VIABLE: "Proyecto «{name}» declarado no viable",
    START: "Proyecto «{name}» en ejecución",
    CLOSE: "Proyecto «{name}» cerrado",
}


def _members(role: str) -> list:
    return list(roles.users_with_role(role))


def _recipients(name: str, project) -> list:
    if name == SUBMIT:
        return _members(roles.PLANEACION)
    if name == REGISTER:
        return [project.lead, *_members(roles.DIRECCION)]
    if name in (VIABLE, NOT_VIABLE):
        return [project.lead, *_members(roles.PLANEACION)]
    return [project.lead]


def _notice(project, transition: Transition, by, comment: str) -> TransitionNotice:
    return TransitionNotice(
        recipients=_recipients(transition.name, project),
        kind="project",
        title=NOTICE_TITLES[transition.name].format(name=project.name, bank_code=project.bank_code or ""),
        body=f"{by.display_name}: {transition.label}." + (f"\n\n{comment}" if comment else ""),
        url=reverse("projects:detail", args=[project.pk]),
    )


PROJECT_WORKFLOW = Workflow(
    [
        Transition(
            SUBMIT, "Enviar a revisión", (S.FORMULATION, S.RETURNED), S.IN_REVIEW, (roles.PLANEACION,),
            allowed_if=_leads_it, conditional_roles=(roles.RESPONSABLE,),
        ),
        Transition(RETURN, "Devolver", (S.IN_REVIEW,), S.RETURNED, (roles.PLANEACION,), needs_comment=True, tone="reverse"),
        Transition(APPROVE, "Aprobar", (S.IN_REVIEW,), S.APPROVED, (roles.PLANEACION,)),
        Transition(REGISTER, "Inscribir en el banco", (S.APPROVED,), S.REGISTERED, (roles.PLANEACION,)),
        Transition(VIABLE, "Otorgar viabilidad", (S.REGISTERED,), S.VIABLE, (roles.DIRECCION,)),
        Transition(
            NOT_VIABLE, "Declarar no viable", (S.REGISTERED,), S.NOT_VIABLE, (roles.DIRECCION,),
            needs_comment=True, tone="reverse",
        ),
        Transition(START, "Iniciar ejecución", (S.REGISTERED, S.VIABLE), S.IN_EXECUTION, (roles.PLANEACION,)),
        Transition(CLOSE, "Cerrar", (S.IN_EXECUTION,), S.CLOSED, (roles.PLANEACION,), tone="aside"),
    ],
    state_labels=dict(S.choices),
    record_model=ProjectTransition,
    notice=_notice,
    select_related=("lead", "program"),
    counts_versions=True,
)

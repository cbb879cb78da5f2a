"""The action plan workflow of step 4.5 as data: draft → approved (Director) → published
(Planeación); the Director may return an approved plan to draft with a reason."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.models import User
from isvimed_planning.workflow import Transition, TransitionNotice, Workflow

from .models import ActionPlanState as S, ActionPlanTransition

APPROVE, RETURN, PUBLISH = "approve", "return", "publish"

NOTICE_TITLES = {
    APPROVE: "Plan de acción {year} aprobado por la Dirección",
    RETURN: "Plan de acción {year} devuelto por la Dirección",
    PUBLISH: "Plan de acción {year} publicado",
}


def _notice(plan, transition: Transition, by, comment: str) -> TransitionNotice:
    recipients = list(roles.users_with_role(roles.PLANEACION, roles.DIRECCION))
    if transition.name == PUBLISH:
        recipients += list(User.objects.filter(pk__in=plan.entries.values("responsible_id")))
    year = plan.fiscal_year.year
    return TransitionNotice(
        recipients=recipients, kind="action_plan", title=NOTICE_TITLES[transition.name].format(year=year),
        body=comment, url=reverse("action_plan:detail", args=[year]),
    )


PLAN_WORKFLOW = Workflow(
    [
        Transition(APPROVE, "Aprobar", (S.DRAFT,), S.APPROVED, (roles.DIRECCION,)),
        Transition(RETURN, "Devolver", (S.APPROVED,), S.DRAFT, (roles.DIRECCION,), needs_comment=True, tone="reverse"),
        Transition(PUBLISH, "Publicar", (S.APPROVED,), S.PUBLISHED, (roles.PLANEACION,)),
    ],
    state_labels=dict(S.choices),
    record_model=ActionPlanTransition,
    notice=_notice,
    select_related=("fiscal_year",),
)

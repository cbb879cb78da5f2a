"""The action plan's card of the home page (isvimed_planning.panels, page "home"): the plans in
draft, which Planeación prepares and the Director approves (action_plan.workflow: draft →
approved by the Director). One query whatever the number of plans."""
from __future__ import annotations

from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.panels import QueueItem, QueueRow, queue_card
from isvimed_planning.roles import has_role

from .models import ActionPlan, ActionPlanState


def home_plans_card(request, user) -> dict | None:
    planner, director = has_role(user, roles.PLANEACION), has_role(user, roles.DIRECCION)
    if not (planner or director):
        return None
    drafts = list(ActionPlan.objects.filter(state=ActionPlanState.DRAFT).select_related("fiscal_year").order_by("fiscal_year__year"))
    url = reverse("action_plan:index")
    rows = [QueueRow(label=f"Plan de acción {p.fiscal_year.year}", url=reverse("action_plan:detail", args=[p.fiscal_year.year]),
                     note="En borrador") for p in drafts]
    if director:
        item = QueueItem(len(drafts), "plan de acción por aprobar", "planes de acción por aprobar", url,
                         "No tiene planes de acción por aprobar.")
    else:
        item = QueueItem(len(drafts), "plan de acción en borrador", "planes de acción en borrador", url,
                         "No tiene planes de acción en borrador.")
    return queue_card(key="action-plans", title="Plan de acción", items=[item], rows=rows)

"""Who may do what in step 4.5 (the yearly action plan)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import is_lead, is_planner, reads_all

from .models import ActionPlanState


@rules.predicate
def is_draft_plan(user, plan) -> bool:
    return plan is not None and plan.state == ActionPlanState.DRAFT


# Every role reads the institutional plan (leads too; it becomes public once published).
rules.add_perm("action_plan.read_plans", reads_all | is_lead)
# Planeación builds the plan and programs its lines.
rules.add_perm("action_plan.edit_plans", is_planner)
# ... as long as that plan is still a draft.
rules.add_perm("action_plan.edit_plan", is_planner & is_draft_plan)

"""Who may do what in step 4.1 (development plan, indicators, stakeholder platform, instruments)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import has_any_role, is_admin, is_director, is_planner

from .models import PlatformState

# Everyone holding a role reads the plan; the planning office edits it; the director approves the platform.
rules.add_perm("strategy.read_plan", has_any_role)
rules.add_perm("strategy.edit_plan", is_planner)
rules.add_perm("strategy.approve_platform", is_director)


@rules.predicate
def is_draft_platform(user, platform) -> bool:
    return platform is not None and platform.state == PlatformState.DRAFT


# Only a draft version of the platform takes changes; an approved one is superseded by a new version.
rules.add_perm("strategy.edit_platform", is_planner & is_draft_platform)

# The DNP product catalogue is reference data of the whole system: the administrator replaces it.
rules.add_perm("strategy.import_catalogue", is_admin)

"""Who may do what in step 4.2 (projects and participatory-budget meetings)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import has_any_role, is_director, is_lead, is_planner, is_project_lead

from .models import EDITABLE_BY_LEAD_STATES, ProjectState

# States in which planning staff may still edit the project.
EDITABLE_BY_PLANNER_STATES = tuple(s for s in ProjectState if s != ProjectState.CLOSED)


@rules.predicate
def planner_may_still_edit(user, project) -> bool:
    return project is not None and project.state in EDITABLE_BY_PLANNER_STATES


@rules.predicate
def lead_may_still_edit(user, project) -> bool:
    return project is not None and project.state in EDITABLE_BY_LEAD_STATES


rules.add_perm("projects.read_projects", has_any_role)
# A lead creates their own projects; planning staff create them for any lead.
rules.add_perm("projects.create_project", is_planner | is_lead)
# Planning staff until the project is closed; its own lead while it is being formulated or was returned.
rules.add_perm(
    "projects.edit_project",
    (is_planner & planner_may_still_edit) | (is_lead & is_project_lead & lead_may_still_edit),
)
# Planning staff choose the lead of a project; a lead's own projects are theirs.
rules.add_perm("projects.assign_lead", is_planner)
rules.add_perm("projects.manage_meetings", is_planner)
# Planning staff correct a BPIN typed wrong at registration (the service refuses a project without one).
rules.add_perm("projects.correct_bank_code", is_planner)

# The project's conversation (isvimed_planning.comments): whoever sees the project reads it; its
# lead, planning staff and the Director write in it until the project is closed.
@rules.predicate
def open_to_comments(user, project) -> bool:
    return project is not None and project.state != ProjectState.CLOSED


rules.add_perm("projects.comment_project", (is_planner | is_director | (is_lead & is_project_lead)) & open_to_comments)

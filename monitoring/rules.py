"""Who may do what in step 4.6 (reporting calendar, monthly reports, result indicators, matrices)."""
from __future__ import annotations

import rules

from isvimed_planning import roles
from isvimed_planning.roles import has_any_role, is_lead, is_planner, is_project_lead

from . import workflow as wf


@rules.predicate
def planner_may_still_edit(user, report) -> bool:
    return report is not None and report.state in wf.PLANNER_EDITABLE_STATES


@rules.predicate
def lead_may_still_edit(user, report) -> bool:
    return report is not None and report.state in wf.EDITABLE_STATES


# Every role follows the monthly cycle; leads only through their own projects.
rules.add_perm("monitoring.read_monitoring", has_any_role)
rules.add_perm("monitoring.manage_calendar", is_planner)
rules.add_perm("monitoring.record_measurements", is_planner)
# Reporting a project (and removing its evidence): planning staff, or the project's own lead.
rules.add_perm("monitoring.create_report", is_planner | (is_lead & is_project_lead))
# The lead edits their report while pending or returned; planning staff while it is not approved.
rules.add_perm(
    "monitoring.edit_report",
    (is_planner & planner_may_still_edit) | (is_lead & is_project_lead & lead_may_still_edit),
)
# The report's conversation (isvimed_planning.comments): whoever sees the report reads it; its
# project's lead and planning staff write in it, in every state (a question about an approved
# report may lead planning staff to reopen it).
# Which evidence citizens may download (the public project page): planning staff decide.
rules.add_perm("monitoring.publish_evidence", is_planner)
rules.add_perm("monitoring.comment_report", is_planner | (is_lead & is_project_lead))
# The matrices for the mayor's office: read-all roles see them; leads and the read-only role
# (consulta) do not generate them.
rules.add_perm("monitoring.read_matrices", roles.reads_all)
rules.add_perm(
    "monitoring.generate_matrices",
    rules.predicate(
        lambda user: roles.has_role(user, roles.PLANEACION, roles.DIRECCION, roles.FINANCIERA, roles.ADMIN),
        name="generates_matrices",
    ),
)
# Marking a generated matrix as sent (sealed: never altered afterwards) is the planning office's
# act, or the direction's; checking a sent matrix against its history, whoever generates them.
rules.add_perm(
    "monitoring.send_matrices",
    rules.predicate(
        lambda user: roles.has_role(user, roles.PLANEACION, roles.DIRECCION, roles.ADMIN), name="sends_matrices"
    ),
)
# The cuadre: every role that follows the cycle reads it and may run it (a lead sees only the
# findings of the projects they lead, monitoring.cuadre_selectors.visible_rows, and checks them
# before the cutoff; a run on unchanged data is reused, so asking again costs nothing); only
# planning staff justify an alert.
rules.add_perm("monitoring.read_cuadre", has_any_role)
rules.add_perm("monitoring.run_cuadre", has_any_role)
rules.add_perm("monitoring.justify_finding", is_planner)

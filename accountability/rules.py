"""Who may do what in step 4.7 (information requests, council sessions, accountability reports)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import is_admin, is_director, is_planner, reads_all

from .models import CLOSED_REQUEST_STATES, ReportState


@rules.predicate
def is_open_request(user, req) -> bool:
    return req is not None and req.state not in CLOSED_REQUEST_STATES


@rules.predicate
def is_draft_report(user, report) -> bool:
    return report is not None and report.state == ReportState.DRAFT


# Leads and users without a role see nothing of accountability.
rules.add_perm("accountability.read_accountability", reads_all)
# Register and answer requests, record sessions, draft reports: planeacion (and admin).
manages = is_planner | is_admin
rules.add_perm("accountability.manage", manages)
# An answered, transferred or withdrawn request is closed; only a draft report changes its title and presentation.
rules.add_perm("accountability.handle_request", manages & is_open_request)
rules.add_perm("accountability.edit_report", manages & is_draft_report)
# Improvement commitments (a public hearing's, the Concejo's follow-up): the Director, who
# answers for them, records and follows them too.
rules.add_perm("accountability.record_commitment", manages | is_director)

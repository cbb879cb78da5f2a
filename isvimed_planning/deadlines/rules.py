"""Who may see the deadlines (ANS) dashboard and configure the policies."""
from __future__ import annotations

import rules

from isvimed_planning.roles import is_admin, reads_all

# Every role that reads everything (DOMAIN.md: financiera "reads everything" too); not leads.
rules.add_perm("deadlines.read_dashboard", reads_all)
rules.add_perm("deadlines.configure", is_admin)

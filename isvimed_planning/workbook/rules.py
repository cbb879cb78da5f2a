"""Who may read and import the planning workbook (Excel)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import is_admin, is_planner, reads_all

rules.add_perm("workbook.read_workbook", reads_all)
# Importing rewrites the plan's data: planeación and the administrator only.
rules.add_perm("workbook.import_workbook", is_planner | is_admin)

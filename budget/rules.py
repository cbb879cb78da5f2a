"""Who may do what in step 4.3 (budget years, ceilings, unit costs, goal reprogrammings)."""
from __future__ import annotations

import rules

from isvimed_planning.roles import (
    is_director,
    is_finance,
    is_lead,
    is_planner,
    is_project_lead,
    reads_all,
)

from .models import FiscalYearState


@rules.predicate
def is_open_year(user, fiscal_year) -> bool:
    return fiscal_year is not None and fiscal_year.state == FiscalYearState.OPEN


# Every role reads the budget years (a lead sees only their own projects' figures).
rules.add_perm("budget.read_budget", reads_all | is_lead)
# One project's money (its page's budget panel): the read-all roles, and the project's own lead.
rules.add_perm("budget.read_project_budget", reads_all | (is_lead & is_project_lead))
# Ceilings, allocations and modifications: Subdirección Administrativa y Financiera only ...
rules.add_perm("budget.edit_budget", is_finance)
# ... and, in a given year, only while it is open.
rules.add_perm("budget.edit_year", is_finance & is_open_year)
rules.add_perm("budget.edit_unit_costs", is_finance | is_planner)
rules.add_perm("budget.request_reprogramming", is_planner | is_finance)
rules.add_perm("budget.decide_reprogramming", is_director)

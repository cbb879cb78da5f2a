"""The budget's section of the project page (registered in BudgetConfig.ready through
isvimed_planning.panels): the project's budget by funding source for each year it has money."""
from __future__ import annotations

from dataclasses import dataclass

from isvimed_planning import roles

from . import money, selectors
from .models import ProjectAllocation


@dataclass
class YearBudget:
    year: int
    at_date: object
    summary: selectors.SourceSummary


def project_budget(request, project) -> dict | None:
    """The panel's context: per year with allocations (oldest first), the project's initial
    budget, modifications and definitive budget by source, read at selectors.reference_date.
    None for a user who may not see the project's money, or a project without any. Three queries."""
    if not roles.may(request.user, "budget.read_project_budget", project):
        return None
    years = sorted(set(ProjectAllocation.objects.filter(project=project).values_list("fiscal_year__year", flat=True)))
    if not years:
        return None
    at_dates = {year: selectors.reference_date(year) for year in years}
    by_year = money.source_budgets_by_year([project.pk], at_dates)
    return {
        "years": [
            YearBudget(year, at_dates[year], selectors.source_summary([by_year.get(year, {}).get(project.pk, {})]))
            for year in years
        ],
    }

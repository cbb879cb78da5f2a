"""Builders for action plan tests: a year with funded projects and a plan built from it."""
from __future__ import annotations

from decimal import Decimal

from action_plan import services
from action_plan.models import ActionPlanEntry
from tests.budget.builders import allocate, fiscal_year, funded_project


def year_with_projects(lead, *, n=2, amount="10000000", goal="12", year=2026):
    fy = fiscal_year(year, "10000000000")
    projects = []
    for i in range(n):
        project, product = funded_project(lead, goal=goal, year=year, name=f"Proyecto {i + 1} de vivienda")
        allocate(fy, project, amount)
        projects.append((project, product))
    return fy, projects


def even(total: str, months: int = 12) -> list[Decimal]:
    """`total` spread over the twelve months, the remainder in December."""
    total = Decimal(total)
    share = (total / months).quantize(Decimal("1"))
    return [share] * (months - 1) + [total - share * (months - 1)]


def program_all(planner, plan):
    for entry in ActionPlanEntry.objects.filter(plan=plan).select_related("project"):
        products = list(entry.project.products.all())
        budget = sum((a.amount for a in entry.project.allocations.all()), Decimal(0))
        goal = products[0].goals.get(year=plan.fiscal_year.year).goal
        services.entry_save(
            by=planner, entry=entry, responsible=entry.project.lead, financial=even(str(budget)),
            physical={products[0].pk: even(str(goal))},
        )

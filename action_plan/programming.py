"""Programmed to date ("programado a la fecha de corte"): what the action plan of a year expected
at a cutoff, the ONE owner of MATRICES.md columns 19 of `Proyectos` and 11 of `Productos`.

Only an approved or published plan counts (a draft is still being written). For a cutoff C of
year Y, the counted months are 1 … month(C):

- financial, per project: the sum of its financial programming of those months; None when the
  project has no entry in such a plan (an entry without programmed months: 0);
- physical, per product: progress_over (strategy.progress, the accumulation rule the reports
  follow too) of its programmed months among those; None when the project has no entry in
  such a plan, or the product no programmed month up to the cutoff.

Bulk functions: each takes the projects (ids or a subquery of ids) and runs one query, whatever
their number, and returns a dict keyed by project or product id.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from strategy.progress import progress_over

from .models import ActionPlanEntry, ActionPlanState, PhysicalMonthlyTarget

ZERO = Decimal(0)
# The plans whose programming is the expectation: approved or published.
COUNTED_STATES = (ActionPlanState.APPROVED, ActionPlanState.PUBLISHED)

Projects = Iterable[int] | QuerySet[Any]


def _ids(projects: Projects):
    return projects if hasattr(projects, "query") else list(projects)


def counted_entries(year: int, projects: Projects) -> QuerySet[ActionPlanEntry]:
    """The entries of `projects` in the action plan of `year` when it is approved or published."""
    return ActionPlanEntry.objects.filter(
        plan__fiscal_year__year=year, plan__state__in=COUNTED_STATES, project_id__in=_ids(projects)
    )


def programmed_money_to_date(projects: Projects, *, year: int, month: int) -> dict[int, Decimal]:
    """{project_id: financial programming of months 1 … `month`} for the projects with an entry in
    the counted plan of `year` (0 when the entry programs none of those months). One query."""
    rows = (
        counted_entries(year, projects)
        .values("project_id")
        .annotate(total=Sum("financial_months__amount", filter=Q(financial_months__month__lte=month)))
        .order_by()
        .values_list("project_id", "total")
    )
    return {project_id: total if total is not None else ZERO for project_id, total in rows}


def reached_at(months: dict[int, Decimal], month: int, *, accumulation: str) -> Decimal | None:
    """What a product's programming {month: quantity} reaches at `month`: progress_over of its
    programmed months 1 … `month`; None when none of them is programmed."""
    counted = {m: q for m, q in months.items() if m <= month}
    return progress_over(counted, accumulation=accumulation) if counted else None


def programmed_quantities_to_date(projects: Projects, *, year: int, month: int) -> dict[int, Decimal]:
    """{product_id: what its physical programming reaches at month `month`} for the products of
    `projects` with a programmed month up to it in the counted plan of `year`, by the accumulation
    of the product's indicator. One query."""
    months: dict[int, dict[int, Decimal]] = {}
    accumulations: dict[int, str] = {}
    for product_id, m, quantity, accumulation in (
        PhysicalMonthlyTarget.objects.filter(entry__in=counted_entries(year, projects), month__lte=month)
        .order_by()
        .values_list("product_id", "month", "quantity", "product__indicator__accumulation")
    ):
        months.setdefault(product_id, {})[m] = quantity
        accumulations[product_id] = accumulation
    reached = {}
    for product_id, programmed in months.items():
        value = reached_at(programmed, month, accumulation=accumulations[product_id])
        if value is not None:
            reached[product_id] = value
    return reached


def programmed_money_by_month(projects: Projects, *, year: int) -> dict[int, list[Decimal]]:
    """{project_id: [programmed amount of January … December]} for the projects with an entry in
    the counted plan of `year` (the curve of the charts). One query."""
    curves: dict[int, list[Decimal]] = {}
    for project_id, m, amount in (
        counted_entries(year, projects).order_by()
        .values_list("project_id", "financial_months__month", "financial_months__amount")
    ):
        months = curves.setdefault(project_id, [ZERO] * 12)
        if m is not None:  # an entry without programmed months: its left join gives one empty row
            months[m - 1] = amount
    return curves


def programmed_quantities_by_month(projects: Projects, *, year: int) -> dict[int, dict[int, Decimal]]:
    """{product_id: {month: programmed quantity}} of the counted plan of `year`. One query."""
    months: dict[int, dict[int, Decimal]] = {}
    for product_id, m, quantity in (
        PhysicalMonthlyTarget.objects.filter(entry__in=counted_entries(year, projects))
        .order_by()
        .values_list("product_id", "month", "quantity")
    ):
        months.setdefault(product_id, {})[m] = quantity
    return months

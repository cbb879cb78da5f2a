"""Reads of step 4.3: budget years, allocations, the POAI, affordability. The money rules they
show (goal in force, initial/definitive budget, cost of the goals) are budget.money's.

Every function runs a constant number of queries whatever the amount of data.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from isvimed_planning import roles
from isvimed_planning.caching import digest, history_marks, versioned
from projects.models import FundingSource, Product, ProductGoal, Project
from projects.selectors import visible_projects

from . import money
from .models import (
    BudgetModification,
    FiscalYear,
    ProjectAllocation,
    ReprogrammingState,
    TargetReprogramming,
    UnitCost,
)
from .money import (
    ProjectBudget,
    definitive_budgets,
    product_cost,
    project_budgets,
    required_totals,
    source_budgets,
    source_order,
    with_budget,
    with_cost,
)

ZERO = Decimal(0)


def visible_fiscal_years(user) -> QuerySet[FiscalYear]:
    """Every role reads the budget years (a lead sees only their own projects' figures)."""
    if roles.may(user, "budget.read_budget"):
        return FiscalYear.objects.all()
    return FiscalYear.objects.none()


def visible_allocations(user) -> QuerySet[ProjectAllocation]:
    return ProjectAllocation.objects.filter(project__in=visible_projects(user))


def visible_reprogrammings(user) -> QuerySet[TargetReprogramming]:
    return TargetReprogramming.objects.filter(product__project__in=visible_projects(user))


def reference_date(year: int, today: dt.date | None = None) -> dt.date:
    """The date at which a year's figures are read: today, kept inside the year."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))


# --- Affordability: does the money still pay for the goals? ---------------------------------


@dataclass
class ProductAffordability:
    product: Product
    goal: Decimal | None
    unit_cost: Decimal | None
    cost: Decimal | None  # goal × unit cost
    proposed_goal: Decimal | None  # what the budget pays for
    pending: TargetReprogramming | None = None


@dataclass
class ProjectAffordability:
    project: Project
    budget: Decimal
    required: Decimal
    products: list[ProductAffordability] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return money.fits(self.required, self.budget)

    @property
    def shortfall(self) -> Decimal:
        return money.shortfall(self.required, self.budget)


def proposed_goals(budget: Decimal, rows: list[tuple[int, Decimal, Decimal]]) -> dict[int, Decimal]:
    """The goals a budget pays for. `rows` = (product_id, goal, unit_cost).

    One product: budget ÷ unit cost (whole units, rounded down). Several: each goal is scaled by
    the same share of the money, so the products keep their proportions."""
    required = sum((goal * cost for _, goal, cost in rows), ZERO)
    out = {}
    for pid, goal, cost in rows:
        if len(rows) == 1 or required == 0:
            value = budget / cost
        else:
            value = goal * budget / required
        out[pid] = max(value, ZERO).to_integral_value(rounding=ROUND_FLOOR)
    return out


def affordability(project_ids: Iterable[int], year: int, at_date: dt.date) -> dict[int, ProjectAffordability]:
    """Per project: its definitive budget against Σ goal in force × unit cost of its products
    (budget.money's expressions, read per product)."""
    ids = list(project_ids)
    products = list(
        with_cost(Product.objects.filter(project_id__in=ids), year, at_date)
        .select_related("project")
        .order_by("project_id", "code")
    )
    product_ids = [p.pk for p in products]
    pending: dict[int, TargetReprogramming] = {}
    for r in TargetReprogramming.objects.filter(
        product_id__in=product_ids, year=year, state=ReprogrammingState.PENDING
    ).order_by("effective_date", "id"):
        pending[r.product_id] = r
    budgets = definitive_budgets(ids, year, at_date)
    required = required_totals(ids, year, at_date)
    result: dict[int, ProjectAffordability] = {}
    projects = {p.project_id: p.project for p in products}
    for pid in ids:
        if pid in projects:
            result[pid] = ProjectAffordability(
                project=projects[pid], budget=budgets.get(pid, ZERO), required=required.get(pid, ZERO)
            )
    for product in products:
        goal, unit_cost, cost = product_cost(product)
        item = ProductAffordability(
            product=product, goal=goal, unit_cost=unit_cost, cost=cost, proposed_goal=None, pending=pending.get(product.pk),
        )
        result[product.project_id].products.append(item)
    for entry in result.values():
        rows = [
            (i.product.pk, i.goal, i.unit_cost) for i in entry.products if i.goal is not None and i.unit_cost is not None
        ]
        proposals = proposed_goals(entry.budget, rows)
        for item in entry.products:
            item.proposed_goal = proposals.get(item.product.pk)
    return result


def unaffordable(project_ids: Iterable[int], year: int, at_date: dt.date) -> list[ProjectAffordability]:
    return [a for a in affordability(project_ids, year, at_date).values() if not a.fits]


# The same comparison for a whole year at once, summed by the database: two queries whatever
# the number of projects, and no model instances.


@dataclass
class UnaffordableSummary:
    project_ids: set[int]
    shortfall: Decimal  # Σ (required − budget) of those projects

    @property
    def count(self) -> int:
        return len(self.project_ids)


def unaffordable_summary(projects: QuerySet[Project], year: int, at_date: dt.date) -> UnaffordableSummary:
    """Which of `projects` no longer pay for their goals (`affordability(...)[pk].fits` is False),
    and by how much in all. Two queries."""
    required = required_totals(projects, year, at_date)
    budgets = project_budgets(projects, year, at_date)
    ids, total = set(), ZERO
    for pid, cost in required.items():
        missing = money.shortfall(cost, budgets[pid].definitive if pid in budgets else ZERO)
        if missing:
            ids.add(pid)
            total += missing
    return UnaffordableSummary(ids, total)


# --- The budget year page and the POAI --------------------------------------------------------


@dataclass
class AllocationRow:
    project: Project
    allocations: list[ProjectAllocation]
    initial: Decimal
    modifications: Decimal
    definitive: Decimal


def year_allocations_queryset(fiscal_year: FiscalYear, user) -> QuerySet[ProjectAllocation]:
    """The allocations of the year the user may see, in the order of the budget year page."""
    return (
        visible_allocations(user)
        .filter(fiscal_year=fiscal_year)
        .select_related("project", "source")
        .order_by("project__program__sort_key", "project__bank_code", "project_id", "source__code")
    )


def year_projects(fiscal_year: FiscalYear, user) -> QuerySet[Project]:
    """The projects with an allocation in the year that the user may see."""
    return Project.objects.filter(
        pk__in=visible_allocations(user).filter(fiscal_year=fiscal_year).values("project_id")
    )


def unit_cost_projects(fiscal_year: FiscalYear, user) -> QuerySet[Project]:
    """The projects of the unit-costs page: allocated in the year, visible to the user and with at
    least one product, ordered by BPIN (projects without one first), then id."""
    return (
        year_projects(fiscal_year, user)
        .filter(Exists(Product.objects.filter(project=OuterRef("pk"))))
        .order_by(Coalesce("bank_code", Value("")), "pk")
    )


def year_products(fiscal_year: FiscalYear, user) -> QuerySet[Product]:
    """The products whose unit cost can be set in the year: those of its allocated projects that
    the user may see, by BPIN and code."""
    return Product.objects.filter(project__in=year_projects(fiscal_year, user)).order_by(
        "project__bank_code", "code", "pk"
    )


def allocation_rows(allocations: Iterable[ProjectAllocation], year: int, at_date: dt.date) -> list[AllocationRow]:
    """Allocations (already ordered by project) grouped per project, with the project's modifications
    dated <= at_date and its definitive budget. One query."""
    by_project: dict[int, list[ProjectAllocation]] = {}
    for a in allocations:
        by_project.setdefault(a.project_id, []).append(a)
    budgets = project_budgets(list(by_project), year, at_date)
    return [
        AllocationRow(items[0].project, items, budgets[pid].initial, budgets[pid].modifications, budgets[pid].definitive)
        for pid, items in by_project.items()
    ]


def year_allocations(fiscal_year: FiscalYear, user, at_date: dt.date) -> list[AllocationRow]:
    return allocation_rows(year_allocations_queryset(fiscal_year, user), fiscal_year.year, at_date)


# --- Money by funding source -------------------------------------------------------------------


@dataclass
class SourceTotal:
    """A funding source's money over some projects (source None: modifications from before
    sources that no source was assigned)."""

    source: FundingSource | None
    projects: int = 0
    initial: Decimal = ZERO
    modifications: Decimal = ZERO
    definitive: Decimal = ZERO


@dataclass
class SourceSummary:
    rows: list[SourceTotal]
    projects: int  # how many projects, each counted once

    @property
    def initial(self) -> Decimal:
        return sum((r.initial for r in self.rows), ZERO)

    @property
    def modifications(self) -> Decimal:
        return sum((r.modifications for r in self.rows), ZERO)

    @property
    def definitive(self) -> Decimal:
        return sum((r.definitive for r in self.rows), ZERO)


def source_summary(budgets: Iterable[dict[FundingSource | None, ProjectBudget]]) -> SourceSummary:
    """Per source, the sum of what money.source_budgets gives each project (and how many projects
    it funds), sources in code order, unassigned last. No query."""
    found: dict[FundingSource | None, SourceTotal] = {}
    projects = 0
    for by_source in budgets:
        projects += 1
        for source, budget in by_source.items():
            total = found.setdefault(source, SourceTotal(source))
            total.projects += 1
            total.initial += budget.initial
            total.modifications += budget.modifications
            total.definitive += budget.definitive
    return SourceSummary(sorted(found.values(), key=lambda t: source_order(t.source)), projects)


def year_source_summary(fiscal_year: FiscalYear, user, at_date: dt.date) -> SourceSummary:
    """The year's money by funding source over the projects the user sees. Two queries."""
    return source_summary(source_budgets(year_projects(fiscal_year, user), fiscal_year.year, at_date).values())



# Every model whose rows feed year_summary(): the projects, their goals and unit costs (what the
# goals cost) and the year's money.
_YEAR_SUMMARY_INPUTS = (
    Project, Product, ProductGoal, UnitCost, TargetReprogramming, FiscalYear, ProjectAllocation, BudgetModification,
    FundingSource,
)


@dataclass
class YearSummary:
    unaffordable: UnaffordableSummary
    by_source: SourceSummary


def year_inputs_version() -> tuple:
    """A version of everything year_summary() and affordability() read (one query)."""
    return history_marks(_YEAR_SUMMARY_INPUTS)


def page_affordability(
    project_ids: Iterable[int], year: int, at_date: dt.date, *, version: tuple
) -> dict[int, ProjectAffordability]:
    """affordability() of the projects a page shows, kept under the version of its inputs: the
    same for whoever sees those projects, and most of the budget year page's work."""
    ids = list(project_ids)
    return versioned(
        f"budget:affordability:{year}:{at_date.isoformat()}:{digest(ids)}", version,
        lambda: affordability(ids, year, at_date),
    )


def year_summary(fiscal_year: FiscalYear, user, at_date: dt.date, *, version: tuple | None = None) -> YearSummary:
    """The year-wide figures of the budget year and unit-cost pages over the projects the user
    sees: which projects no longer pay for their goals, and the money by source.

    They read every project of the year (20,000 at a whole administration's size) while the pages
    show 50, so for the roles that see every project they are cached under a version of their
    inputs (isvimed_planning.caching: never stale, recomputed once after a change); a lead's few
    projects are summed on each request."""
    def compute() -> YearSummary:
        projects = year_projects(fiscal_year, user)
        return YearSummary(
            unaffordable_summary(projects, fiscal_year.year, at_date),
            year_source_summary(fiscal_year, user, at_date),
        )

    if not roles.has_role(user, *roles.READ_ALL_ROLES):
        return compute()
    return versioned(
        f"budget:year-summary:{fiscal_year.year}:{at_date.isoformat()}",
        version if version is not None else year_inputs_version(), compute,
    )

# --- The POAI -----------------------------------------------------------------------------------


@dataclass
class PoaiProject:
    project: Project
    initial: Decimal
    modifications: Decimal
    definitive: Decimal
    # {source: its budget}, in code order (money.source_budgets): the POAI's amounts by source.
    sources: dict[FundingSource | None, ProjectBudget] = field(default_factory=dict)


@dataclass
class PoaiProgram:
    program: object
    projects: list[PoaiProject] = field(default_factory=list)

    @property
    def initial(self):
        return sum((p.initial for p in self.projects), ZERO)

    @property
    def modifications(self):
        return sum((p.modifications for p in self.projects), ZERO)

    @property
    def definitive(self):
        return sum((p.definitive for p in self.projects), ZERO)

    @property
    def by_source(self) -> SourceSummary:
        return source_summary(p.sources for p in self.projects)


@dataclass
class Poai:
    fiscal_year: FiscalYear
    at_date: dt.date
    programs: list[PoaiProgram]
    by_source: SourceSummary = field(default_factory=lambda: SourceSummary([], 0))

    @property
    def initial(self):
        return sum((p.initial for p in self.programs), ZERO)

    @property
    def modifications(self):
        return sum((p.modifications for p in self.programs), ZERO)

    @property
    def definitive(self):
        return sum((p.definitive for p in self.programs), ZERO)

    @property
    def sources(self) -> list[FundingSource | None]:
        """The sources with money in the year, in code order: the POAI's columns by source."""
        return [row.source for row in self.by_source.rows]


POAI_ORDER = ("program__sort_key", "bank_code", "id")  # by program, then BPIN


def poai_project_ids(fiscal_year: FiscalYear, user) -> list[int]:
    """The POAI's projects (the year's the user sees) in its order, as ids: what its Excel reads a
    chunk at a time. One query."""
    return list(year_projects(fiscal_year, user).order_by(*POAI_ORDER).values_list("pk", flat=True))


def poai_projects(
    projects: QuerySet[Project] | Iterable[int], year: int, at_date: dt.date,
    by_source: dict[int, dict[FundingSource | None, ProjectBudget]] | None = None,
) -> list[PoaiProject]:
    """The POAI's lines of `projects` (a queryset or ids), in its order: each project's budget and,
    unless given, its money by source. One query, four without `by_source`."""
    chosen = projects if isinstance(projects, QuerySet) else Project.objects.filter(pk__in=list(projects))
    if by_source is None:
        by_source = source_budgets(chosen, year, at_date)
    return [
        PoaiProject(project, project.initial, project.modifications, project.definitive, by_source.get(project.pk, {}))
        for project in with_budget(chosen.select_related("program").order_by(*POAI_ORDER), year, at_date)
    ]


def poai(fiscal_year: FiscalYear, user, at_date: dt.date) -> Poai:
    """The annual investment plan: investment per program and project, and per funding source
    (four queries). Its Excel is written a chunk of projects at a time instead (exports.poai_workbook)."""
    visible = year_projects(fiscal_year, user)
    by_source = source_budgets(visible, fiscal_year.year, at_date)
    programs: dict[int, PoaiProgram] = {}
    for item in poai_projects(visible, fiscal_year.year, at_date, by_source):
        programs.setdefault(item.project.program_id, PoaiProgram(item.project.program)).projects.append(item)
    return Poai(fiscal_year, at_date, list(programs.values()), source_summary(by_source.values()))


def year_allocation_list(fy, user, params=None, *, unaffordable_ids):
    """The year's allocations the user sees, filtered by the list's filter (`params`: the query
    string). Returns (allocations, filter set)."""
    from .filters import UnaffordableFilter

    filterset = UnaffordableFilter(
        params or None, queryset=year_allocations_queryset(fy, user), project_field="project_id", project_ids=unaffordable_ids
    )
    return filterset.qs, filterset


def unit_cost_project_list(fy, user, params=None, *, unaffordable_ids):
    """The projects of the unit-cost page, filtered like the year's allocations. Returns (projects, filter set)."""
    from .filters import UnaffordableFilter

    filterset = UnaffordableFilter(
        params or None, queryset=unit_cost_projects(fy, user), project_field="pk", project_ids=unaffordable_ids
    )
    return filterset.qs, filterset

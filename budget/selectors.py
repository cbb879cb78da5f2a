"""Reads of step 4.3: budget years, goals in force, definitive budgets, the POAI, affordability.

Every function runs a constant number of queries whatever the amount of data.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Iterable

from django.db.models import DecimalField, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from isvimed_planning import roles
from isvimed_planning.roles import has_role
from projects.models import Product, ProductGoal, Project

from .models import (
    MODIFICATION_SIGN,
    BudgetModification,
    FiscalYear,
    ProjectAllocation,
    ReprogrammingState,
    TargetReprogramming,
    UnitCost,
)

ZERO = Decimal(0)


def _visible_projects(user) -> QuerySet[Project]:
    try:
        from projects.selectors import visible_projects
    except ImportError:  # pragma: no cover - the projects app always has it now
        qs = Project.objects.all()
        if has_role(user, *roles.READ_ALL_ROLES):
            return qs
        return qs.filter(lead=user) if has_role(user, roles.RESPONSABLE) else qs.none()
    return visible_projects(user)


def visible_projects(user) -> QuerySet[Project]:
    return _visible_projects(user)


def can_read_budget(user) -> bool:
    return has_role(user, *roles.READ_ALL_ROLES, roles.RESPONSABLE)


def can_edit_budget(user) -> bool:
    """Ceilings, allocations and modifications: Subdirección Administrativa y Financiera only."""
    return has_role(user, roles.FINANCIERA)


def can_edit_unit_costs(user) -> bool:
    return has_role(user, roles.FINANCIERA, roles.PLANEACION)


def can_request_reprogramming(user) -> bool:
    return has_role(user, roles.PLANEACION, roles.FINANCIERA)


def can_decide_reprogramming(user) -> bool:
    return has_role(user, roles.DIRECCION)


def visible_fiscal_years(user) -> QuerySet[FiscalYear]:
    """Every role reads the budget years (a lead sees only their own projects' figures)."""
    if can_read_budget(user):
        return FiscalYear.objects.all()
    return FiscalYear.objects.none()


def visible_allocations(user) -> QuerySet[ProjectAllocation]:
    return ProjectAllocation.objects.filter(project__in=_visible_projects(user))


def visible_reprogrammings(user) -> QuerySet[TargetReprogramming]:
    return TargetReprogramming.objects.filter(product__project__in=_visible_projects(user))


# --- Goals in force -----------------------------------------------------------------------


def goals_in_force(product_ids: Iterable[int], year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{product_id: goal} — the latest approved reprogramming with effective_date <= at_date,
    else the original ProductGoal. Products with neither are absent. Two queries."""
    ids = list(product_ids)
    if not ids:
        return {}
    goals = {
        row["product_id"]: row["goal"]
        for row in ProductGoal.objects.filter(product_id__in=ids, year=year).values("product_id", "goal")
    }
    rows = (
        TargetReprogramming.objects.filter(
            product_id__in=ids, year=year, state=ReprogrammingState.APPROVED, effective_date__lte=at_date
        )
        .order_by("product_id", "effective_date", "id")
        .values("product_id", "new_goal")
    )
    for row in rows:  # ordered by date: the last one wins
        goals[row["product_id"]] = row["new_goal"]
    return goals


def goal_in_force_expression(year: int, at_date: dt.date) -> Coalesce:
    """What goals_in_force() gives, as an expression for a Product queryset
    (`.annotate(goal=goal_in_force_expression(year, at_date))`): read in the same query as the
    products instead of through lists of thousands of ids. None without a goal."""
    reprogrammed = (
        TargetReprogramming.objects.filter(
            product=OuterRef("pk"), year=year, state=ReprogrammingState.APPROVED, effective_date__lte=at_date
        )
        .order_by("-effective_date", "-id")
        .values("new_goal")[:1]
    )
    original = ProductGoal.objects.filter(product=OuterRef("pk"), year=year).order_by().values("goal")[:1]
    return Coalesce(
        Subquery(reprogrammed, output_field=_AMOUNT), Subquery(original, output_field=_AMOUNT), output_field=_AMOUNT
    )


def goal_in_force(product: Product | int, year: int, at_date: dt.date) -> Decimal | None:
    product_id = getattr(product, "pk", product)
    return goals_in_force([product_id], year, at_date).get(product_id)


# --- Definitive budget ----------------------------------------------------------------------


def _projects_in(project_ids):
    """Ids as a list, or a queryset of projects or of project ids kept as a subquery: sending
    thousands of ids costs more than the database takes to select them again."""
    return project_ids if hasattr(project_ids, "query") else list(project_ids)


def initial_budgets(project_ids: Iterable[int] | QuerySet, year: int) -> dict[int, Decimal]:
    rows = (
        ProjectAllocation.objects.filter(project_id__in=_projects_in(project_ids), fiscal_year__year=year)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["project_id"]: row["total"] for row in rows}


def modifications_totals(project_ids: Iterable[int] | QuerySet, year: int, at_date: dt.date) -> dict[int, Decimal]:
    """Signed sum of the modifications dated on or before at_date, per project."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        BudgetModification.objects.filter(
            project_id__in=_projects_in(project_ids), fiscal_year__year=year, date__lte=at_date
        )
        .values("project_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        totals[row["project_id"]] += row["total"] * MODIFICATION_SIGN[row["kind"]]
    return dict(totals)


def definitive_budgets(project_ids: Iterable[int], year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{project_id: allocations + signed modifications dated <= at_date}. Two queries."""
    ids = list(project_ids)
    initial = initial_budgets(ids, year)
    mods = modifications_totals(ids, year, at_date)
    return {pid: initial.get(pid, ZERO) + mods.get(pid, ZERO) for pid in ids}


def definitive_budget(project: Project | int, year: int, at_date: dt.date) -> Decimal:
    project_id = getattr(project, "pk", project)
    return definitive_budgets([project_id], year, at_date)[project_id]


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
        return self.required <= self.budget

    @property
    def shortfall(self) -> Decimal:
        return max(self.required - self.budget, ZERO)


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
    """Per project: its definitive budget against Σ goal in force × unit cost of its products."""
    ids = list(project_ids)
    products = list(Product.objects.filter(project_id__in=ids).select_related("project").order_by("project_id", "code"))
    product_ids = [p.pk for p in products]
    goals = goals_in_force(product_ids, year, at_date)
    costs = {
        row["product_id"]: row["amount"]
        for row in UnitCost.objects.filter(product_id__in=product_ids, year=year).values("product_id", "amount")
    }
    pending: dict[int, TargetReprogramming] = {}
    for r in TargetReprogramming.objects.filter(
        product_id__in=product_ids, year=year, state=ReprogrammingState.PENDING
    ).order_by("effective_date", "id"):
        pending[r.product_id] = r
    budgets = definitive_budgets(ids, year, at_date)
    result: dict[int, ProjectAffordability] = {}
    projects = {p.project_id: p.project for p in products}
    for pid in ids:
        if pid in projects:
            result[pid] = ProjectAffordability(project=projects[pid], budget=budgets.get(pid, ZERO), required=ZERO)
    for product in products:
        goal, cost = goals.get(product.pk), costs.get(product.pk)
        item = ProductAffordability(
            product=product, goal=goal, unit_cost=cost,
            cost=(goal * cost) if goal is not None and cost is not None else None,
            proposed_goal=None, pending=pending.get(product.pk),
        )
        entry = result[product.project_id]
        entry.products.append(item)
        if item.cost is not None:
            entry.required += item.cost
    for entry in result.values():
        rows = [(i.product.pk, i.goal, i.unit_cost) for i in entry.products if i.cost is not None]
        proposals = proposed_goals(entry.budget, rows)
        for item in entry.products:
            item.proposed_goal = proposals.get(item.product.pk)
    return result


def unaffordable(project_ids: Iterable[int], year: int, at_date: dt.date) -> list[ProjectAffordability]:
    return [a for a in affordability(project_ids, year, at_date).values() if not a.fits]


# The same comparison for a whole year at once, summed by the database: three queries whatever
# the number of projects, and no model instances.
_AMOUNT = DecimalField(max_digits=30, decimal_places=6)


@dataclass
class UnaffordableSummary:
    project_ids: set[int]
    shortfall: Decimal  # Σ (required − budget) of those projects

    @property
    def count(self) -> int:
        return len(self.project_ids)


def required_totals(projects: QuerySet[Project], year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{project_id: Σ goal in force × unit cost of its products} for the projects that have products
    (products missing a goal or a unit cost add nothing), like `affordability(...)[pk].required`."""
    rows = (
        Product.objects.filter(project__in=projects)
        .annotate(cost_of_year=FilteredRelation("unit_costs", condition=Q(unit_costs__year=year)))
        .values("project_id")
        .annotate(
            required=Sum(goal_in_force_expression(year, at_date) * F("cost_of_year__amount"), output_field=_AMOUNT)
        )
        .order_by()
    )
    return {row["project_id"]: Decimal(row["required"] or ZERO) for row in rows}


def unaffordable_summary(projects: QuerySet[Project], year: int, at_date: dt.date) -> UnaffordableSummary:
    """Which of `projects` no longer pay for their goals (`affordability(...)[pk].fits` is False),
    and by how much in all. Three queries."""
    required = required_totals(projects, year, at_date)
    initial = initial_budgets(projects, year)
    mods = modifications_totals(projects, year, at_date)
    ids, shortfall = set(), ZERO
    for pid, cost in required.items():
        budget = initial.get(pid, ZERO) + mods.get(pid, ZERO)
        if cost > budget:
            ids.add(pid)
            shortfall += cost - budget
    return UnaffordableSummary(ids, shortfall)


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
        .select_related("project")
        .order_by("project__program__sort_key", "project__bank_code", "project_id", "source")
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
    mods = modifications_totals(list(by_project), year, at_date)
    rows = []
    for pid, items in by_project.items():
        initial = sum((a.amount for a in items), ZERO)
        rows.append(AllocationRow(items[0].project, items, initial, mods.get(pid, ZERO), initial + mods.get(pid, ZERO)))
    return rows


def year_allocations(fiscal_year: FiscalYear, user, at_date: dt.date) -> list[AllocationRow]:
    return allocation_rows(year_allocations_queryset(fiscal_year, user), fiscal_year.year, at_date)


@dataclass
class PoaiProject:
    project: Project
    initial: Decimal
    modifications: Decimal
    definitive: Decimal


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


@dataclass
class Poai:
    fiscal_year: FiscalYear
    at_date: dt.date
    programs: list[PoaiProgram]

    @property
    def initial(self):
        return sum((p.initial for p in self.programs), ZERO)

    @property
    def modifications(self):
        return sum((p.modifications for p in self.programs), ZERO)

    @property
    def definitive(self):
        return sum((p.definitive for p in self.programs), ZERO)


def poai(fiscal_year: FiscalYear, user, at_date: dt.date) -> Poai:
    """The annual investment plan: investment per program and project (three queries)."""
    initial = {
        row["project_id"]: row["total"]
        for row in visible_allocations(user)
        .filter(fiscal_year=fiscal_year)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    mods = modifications_totals(list(initial), fiscal_year.year, at_date)
    projects = Project.objects.filter(pk__in=list(initial)).select_related("program").order_by(
        "program__sort_key", "bank_code", "id"
    )
    programs: dict[int, PoaiProgram] = {}
    for project in projects:
        group = programs.setdefault(project.program_id, PoaiProgram(project.program))
        m = mods.get(project.pk, ZERO)
        group.projects.append(PoaiProject(project, initial[project.pk], m, initial[project.pk] + m))
    return Poai(fiscal_year, at_date, list(programs.values()))


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

"""The money rules of the budget, each written once: goal in force, initial budget,
modifications, definitive budget, what a project's goals cost and whether money fits a ceiling.

Each rule is a queryset expression (for lists: annotated in the same query, so the number of
queries does not grow with the rows); the Python accessors below evaluate that same expression
for the ids they are given. Screens, matrices, exports and checks of every later app read these
functions instead of summing allocations or picking reprogrammings themselves.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from isvimed_planning.codes import natural_key
from projects.models import FundingSource, Product, ProductGoal, Project

from .models import (
    MODIFICATION_SIGN,
    MONEY,
    QTY,
    BudgetModification,
    ProjectAllocation,
    ReprogrammingState,
    TargetReprogramming,
    UnitCost,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class BudgetColumns(TypedDict):
    initial: Decimal
    modifications: Decimal
    definitive: Decimal


class CostColumns(TypedDict):
    goal_in_force: Decimal | None
    unit_cost: Decimal | None
    cost: Decimal | None

ZERO = Decimal(0)
# Wide enough for sums and products of money and quantities.
AMOUNT: DecimalField = DecimalField(max_digits=30, decimal_places=6)


def _ids(projects):
    """Ids as a list, or a queryset of projects or of project ids kept as a subquery: sending
    thousands of ids costs more than the database takes to select them again."""
    return projects if hasattr(projects, "query") else list(projects)


def _sum_of(queryset: QuerySet, value) -> Coalesce:
    """Σ value over `queryset` (filtered on one OuterRef project), 0 when it has no rows."""
    total = queryset.order_by().values("project").annotate(total=Sum(value)).values("total")
    return Coalesce(Subquery(total, output_field=AMOUNT), Value(ZERO), output_field=AMOUNT)


# --- Goal in force ------------------------------------------------------------------------------


def goal_in_force_expression(year: int, at_date: dt.date, product: str = "pk") -> Coalesce:
    """A product's goal for `year` at `at_date`: the latest approved reprogramming with
    effective_date <= at_date, else the original ProductGoal; None without either. `product`
    names the product in the outer queryset (`pk` on Product)."""
    reprogrammed = (
        TargetReprogramming.objects.filter(
            product=OuterRef(product), year=year, state=ReprogrammingState.APPROVED, effective_date__lte=at_date
        )
        .order_by("-effective_date", "-id")
        .values("new_goal")[:1]
    )
    original = ProductGoal.objects.filter(product=OuterRef(product), year=year).order_by().values("goal")[:1]
    return Coalesce(
        Subquery(reprogrammed, output_field=AMOUNT), Subquery(original, output_field=AMOUNT), output_field=AMOUNT
    )


def scaled(value, places: int) -> Decimal | None:
    """An expression's value with the decimal places its columns have (SQLite returns computed
    values unscaled, the columns themselves scaled), so it reads as the column would."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def as_goal(value) -> Decimal | None:
    return scaled(value, QTY["decimal_places"])


def goals_in_force(products: Iterable[int] | QuerySet, year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{product_id: goal in force}; products without a goal are absent. One query."""
    ids = _ids(products)
    if not hasattr(ids, "query") and not ids:
        return {}
    rows = (
        Product.objects.filter(pk__in=ids)
        .annotate(goal_in_force=goal_in_force_expression(year, at_date))
        .filter(goal_in_force__isnull=False)
        .values_list("pk", "goal_in_force")
    )
    return {pk: cast(Decimal, as_goal(goal)) for pk, goal in rows}


def goal_in_force(product: Product | int, year: int, at_date: dt.date) -> Decimal | None:
    product_id = product if isinstance(product, int) else product.pk
    return goals_in_force([product_id], year, at_date).get(product_id)


# --- Initial budget, modifications, definitive budget ------------------------------------------


def year_allocations(year: int) -> QuerySet[ProjectAllocation]:
    """The allocations (techos) of a budget year: a project's initial budget is their sum."""
    return ProjectAllocation.objects.filter(fiscal_year__year=year)


def allocated_project_ids(year: int) -> QuerySet:
    """The ids of the projects with an allocation in the year, as a subquery."""
    return year_allocations(year).values("project_id")


def signed_modification_amount() -> Case:
    """A modification's amount with the sign of its kind (models.MODIFICATION_SIGN)."""
    return Case(
        *(When(kind=kind, then=F("amount") * Value(sign)) for kind, sign in MODIFICATION_SIGN.items()),
        output_field=AMOUNT,
    )


def year_modifications(year: int, at_date: dt.date) -> QuerySet[BudgetModification]:
    """The modifications of a budget year that count at `at_date` (dated on or before it)."""
    return BudgetModification.objects.filter(fiscal_year__year=year, date__lte=at_date)


def initial_budget_expression(year: int, project: str = "pk") -> Coalesce:
    """Σ allocations of the project in the year (0 without any)."""
    return _sum_of(year_allocations(year).filter(project=OuterRef(project)), "amount")


def modifications_expression(year: int, at_date: dt.date, project: str = "pk") -> Coalesce:
    """Signed Σ of the project's modifications of the year dated <= at_date (0 without any)."""
    return _sum_of(year_modifications(year, at_date).filter(project=OuterRef(project)), signed_modification_amount())


def definitive_budget_expression(year: int, at_date: dt.date, project: str = "pk"):
    """Initial budget + modifications at `at_date`."""
    return initial_budget_expression(year, project) + modifications_expression(year, at_date, project)


def with_budget(
    projects: QuerySet[Project], year: int, at_date: dt.date
) -> QuerySet[WithAnnotations[Project, BudgetColumns]]:
    """`projects` annotated with `initial`, `modifications` and `definitive`: what every
    screen, matrix and export shows of a project's budget."""
    return projects.annotate(
        initial=initial_budget_expression(year),
        modifications=modifications_expression(year, at_date),
        definitive=definitive_budget_expression(year, at_date),
    )


@dataclass(frozen=True)
class ProjectBudget:
    initial: Decimal
    modifications: Decimal
    definitive: Decimal


_NO_BUDGET = ProjectBudget(ZERO, ZERO, ZERO)


def project_budgets(projects: Iterable[int] | QuerySet, year: int, at_date: dt.date) -> dict[int, ProjectBudget]:
    """{project_id: its budget at `at_date`} for every project given. One query."""
    ids = _ids(projects)
    if not hasattr(ids, "query") and not ids:
        return {}
    rows = with_budget(Project.objects.filter(pk__in=ids), year, at_date).values_list(
        "pk", "initial", "modifications", "definitive"
    )
    return {pk: ProjectBudget(initial, modifications, definitive) for pk, initial, modifications, definitive in rows}


def project_budget(project: Project | int, year: int, at_date: dt.date) -> ProjectBudget:
    project_id = project if isinstance(project, int) else project.pk
    return project_budgets([project_id], year, at_date).get(project_id, _NO_BUDGET)


def initial_budgets(projects: Iterable[int] | QuerySet, year: int) -> dict[int, Decimal]:
    """{project_id: Σ allocations in the year} for every project given. One query."""
    ids = _ids(projects)
    if not hasattr(ids, "query") and not ids:
        return {}
    return dict(
        Project.objects.filter(pk__in=ids).annotate(initial=initial_budget_expression(year)).values_list("pk", "initial")
    )


def definitive_budgets(projects: Iterable[int] | QuerySet, year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{project_id: allocations + signed modifications dated <= at_date}. One query."""
    ids = _ids(projects)
    found = {pk: budget.definitive for pk, budget in project_budgets(ids, year, at_date).items()}
    if hasattr(ids, "query"):
        return found
    return {pk: found.get(pk, ZERO) for pk in ids}


def definitive_budget(project: Project | int, year: int, at_date: dt.date) -> Decimal:
    return project_budget(project, year, at_date).definitive


@dataclass(frozen=True)
class ProgramBudget:
    projects: int  # the program's projects allocated in the year
    initial: Decimal
    modifications: Decimal
    definitive: Decimal


def program_budgets(year: int, at_date: dt.date) -> dict[int, ProgramBudget]:
    """{program_id: Σ project_budgets() of its projects allocated in the year}, summed by the
    database per program (a matrix of 80 programs need not read 20,000 projects' budgets).
    Modifications of projects without an allocation in the year count nowhere, as in the
    projects' own figures. Two queries."""
    allocated = allocated_project_ids(year)
    initial = {
        row["project__program_id"]: row
        for row in year_allocations(year).values("project__program_id")
        .annotate(total=Sum("amount"), projects=Count("project", distinct=True)).order_by()
    }
    modified = dict(
        year_modifications(year, at_date).filter(project__in=allocated).values("project__program_id")
        .annotate(total=Sum(signed_modification_amount())).order_by().values_list("project__program_id", "total")
    )
    result = {}
    for program_id, row in initial.items():
        start, change = row["total"] or ZERO, modified.get(program_id) or ZERO
        result[program_id] = ProgramBudget(row["projects"], start, change, start + change)
    return result


# --- By funding source ---------------------------------------------------------------------------


def year_sources(projects: Iterable[int] | QuerySet, year: int) -> dict[int, list[FundingSource]]:
    """{project_id: the funding sources among its allocations of the year, in code order}; a
    project without allocations is absent. A project with exactly one source needs no split of
    its modifications or its execution: all of it is that source's. One query."""
    ids = _ids(projects)
    if not hasattr(ids, "query") and not ids:
        return {}
    found: dict[int, list[FundingSource]] = {}
    known: dict[int, FundingSource] = {}  # tuples, not instances: one source object per source
    allocations = year_allocations(year).filter(project__in=ids).order_by()
    for project_id, source_id, source_code, source_name, source_active in allocations.values_list(
        "project_id", "source_id", "source__code", "source__name", "source__active"
    ):
        source = known.get(source_id)
        if source is None:
            source = known[source_id] = FundingSource.from_db(
                allocations.db, ["id", "code", "name", "active"], (source_id, source_code, source_name, source_active)
            )
        found.setdefault(project_id, []).append(source)
    return {pk: sorted(sources, key=source_order) for pk, sources in found.items()}


def single_source(sources: list[FundingSource] | None) -> FundingSource | None:
    """The source everything of a project's year belongs to when the year has exactly one."""
    return sources[0] if sources and len(sources) == 1 else None


def source_budgets(
    projects: Iterable[int] | QuerySet, year: int, at_date: dt.date
) -> dict[int, dict[FundingSource | None, ProjectBudget]]:
    """{project_id: {source: its initial, modifications and definitive budget at `at_date`}}, for
    each (project, source) pair with an allocation of the year or a modification dated on or
    before `at_date`, sources in code order. A modification without a source is its project's
    single source's; on a project with several (data from before sources existed) it stays under
    None, unassigned, last. For each project the sources add up to project_budgets(). Three queries."""
    return source_budgets_by_year(projects, {year: at_date}).get(year, {})


def source_budgets_by_year(
    projects: Iterable[int] | QuerySet, at_dates: dict[int, dt.date]
) -> dict[int, dict[int, dict[FundingSource | None, ProjectBudget]]]:
    """{year: source_budgets(projects, year, at_dates[year])} for every year of `at_dates` in which
    a project given has money: the same rule for several years at once. Three queries."""
    ids = _ids(projects)
    if not at_dates or (not hasattr(ids, "query") and not ids):
        return {}
    # Tuples, not model instances: the budget year reads every allocation of its 2,000 projects
    # (building 4,000 instances with their source and year took 0.3 s of the page's 0.4 s).
    known: dict[int, FundingSource] = {}

    def source_of(source_id: int | None) -> FundingSource | None:
        return None if source_id is None else known[source_id]

    initial: dict[tuple[int, int, FundingSource | None], Decimal] = {}
    sources: dict[tuple[int, int], list[FundingSource]] = {}
    allocations = ProjectAllocation.objects.filter(fiscal_year__year__in=list(at_dates), project__in=ids).order_by()
    allocation_rows = list(allocations.values_list("fiscal_year__year", "project_id", "source_id", "amount"))
    counted = Q()
    for year, at_date in at_dates.items():
        counted |= Q(fiscal_year__year=year, date__lte=at_date)
    modifications = BudgetModification.objects.filter(counted, project__in=ids).order_by()
    modification_rows = list(modifications.values_list("fiscal_year__year", "project_id", "source_id", "amount", "kind"))
    used = {row[2] for row in allocation_rows} | {row[2] for row in modification_rows}
    known.update(FundingSource.objects.in_bulk([pk for pk in used if pk is not None]))
    for year, project_id, source_id, amount in allocation_rows:
        allocated = known[source_id]  # an allocation always names its source
        initial[(year, project_id, allocated)] = initial.get((year, project_id, allocated), ZERO) + amount
        sources.setdefault((year, project_id), []).append(allocated)
    modified: dict[tuple[int, int, FundingSource | None], Decimal] = {}
    for year, project_id, source_id, amount, kind in modification_rows:
        changed = source_of(source_id) or single_source(sources.get((year, project_id)))
        change_key = (year, project_id, changed)
        modified[change_key] = modified.get(change_key, ZERO) + amount * MODIFICATION_SIGN[kind]
    result: dict[int, dict[int, dict[FundingSource | None, ProjectBudget]]] = {}
    for key in sorted(set(initial) | set(modified), key=_key_order):
        start_amount, change = initial.get(key, ZERO), modified.get(key, ZERO)
        year, project_id, source = key
        result.setdefault(year, {}).setdefault(project_id, {})[source] = ProjectBudget(
            start_amount, change, start_amount + change
        )
    return result


def source_order(source: FundingSource | None) -> tuple[bool, str]:
    """Sources in code order, the unassigned (None) last: how every list of sources is sorted."""
    return (source is None, natural_key(source.code) if source else "")


def _key_order(key: tuple[int, int, FundingSource | None]) -> tuple[int, int, bool, str]:
    year, project_id, source = key
    return (year, project_id, *source_order(source))


# --- What the goals cost and whether the money fits -----------------------------------------------


def unit_cost_expression(year: int, product: str = "pk") -> Subquery:
    cost = UnitCost.objects.filter(product=OuterRef(product), year=year).order_by().values("amount")[:1]
    return Subquery(cost, output_field=AMOUNT)


def product_cost(product: WithAnnotations[Product, CostColumns]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(goal in force, unit cost, cost) of a product read from `with_cost`, scaled as columns."""
    places = QTY["decimal_places"] + MONEY["decimal_places"]
    return (
        as_goal(product.goal_in_force), scaled(product.unit_cost, MONEY["decimal_places"]), scaled(product.cost, places)
    )


def with_cost(
    products: QuerySet[Product], year: int, at_date: dt.date
) -> QuerySet[WithAnnotations[Product, CostColumns]]:
    """`products` annotated with `goal_in_force`, `unit_cost` and `cost` (goal in force × unit
    cost, None when either is missing)."""
    return products.annotate(
        goal_in_force=goal_in_force_expression(year, at_date),
        unit_cost=unit_cost_expression(year),
    ).annotate(cost=F("goal_in_force") * F("unit_cost"))


def required_totals(projects: Iterable[int] | QuerySet, year: int, at_date: dt.date) -> dict[int, Decimal]:
    """{project_id: Σ goal in force × unit cost of its products} for the projects that have
    products (products missing a goal or a unit cost add nothing). One query."""
    rows = (
        with_cost(Product.objects.filter(project__in=_ids(projects)), year, at_date)
        .values("project_id")
        .annotate(required=Sum("cost", output_field=AMOUNT))
        .order_by()
    )
    return {row["project_id"]: Decimal(row["required"] or ZERO) for row in rows}


def shortfall(needed: Decimal, available: Decimal) -> Decimal:
    """How much `needed` goes over `available` (0 when it fits): the goals' cost over the
    definitive budget, or a year's allocations over its global ceiling."""
    return max(needed - available, ZERO)


def fits(needed: Decimal, available: Decimal) -> bool:
    return shortfall(needed, available) == 0

"""Execution figures of a budget year at a cutoff date: the ONE place where they are computed.

The four matrices for the Alcaldía (monitoring.matrices), the dashboard and accountability all
read these functions, so a number is the same wherever it is shown. Formulas follow the
matrices' specification (step 4.6):

- only approved monthly reports count, and only those of the counted months (1 … month(cutoff)
  of the year);
- budgets (initial, modifications, definitive) and goals in force at the cutoff are budget.money's
  expressions, read in the same queries as the projects and products; a program's money is the
  sum of its projects' money;
- an undefined value (division by zero, no goal, no data) is ``None``, never 0;
- money and quantities are ``Decimal``; ratios are ``Decimal`` (0.8532 = 85,32 %) or ``None``.

Every function runs a constant number of queries whatever the amount of data: it aggregates in
the database with ``values()/annotate()`` and finishes the arithmetic in Python.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.db.models import Count, Q, Sum

from action_plan import programming
from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget import money as budget_money
from budget.models import BudgetModification, ProjectAllocation, TargetReprogramming
from isvimed_planning.caching import history_marks
from isvimed_planning.codes import natural_key
from isvimed_planning.models import OrgUnit, Territory, TerritoryKind
from monitoring import sources as source_money
from monitoring.models import (
    ApprovedReportsStamp,
    IndicatorMeasurement,
    IndicatorMonthTotal,
    ProductProgress,
    ProgressReport,
    ReportState,
    TerritorialDistribution,
)
from monitoring.progress import monthly_values, progress_over
from projects.models import FundingKind, FundingSource, Product, ProductGoal, Project
from strategy.models import (
    Accumulation,
    AnnualTarget,
    Component,
    DevelopmentPlan,
    Direction,
    Indicator,
    IndicatorKind,
    Program,
    StrategicLine,
)

ZERO = Decimal(0)
ONE = Decimal(1)

# --- Semáforo ------------------------------------------------------------------------------

SOBRESALIENTE = "Sobresaliente"
SATISFACTORIO = "Satisfactorio"
MEDIO = "Medio"
BAJO = "Bajo"
CRITICO = "Crítico"
SIN_DATO = "Sin dato"

# Lower bound (ratio) of each rating; below the last one: Crítico. Override in settings with
# TRAFFIC_LIGHT_THRESHOLDS = {"Sobresaliente": 0.8, "Satisfactorio": 0.7, "Medio": 0.6, "Bajo": 0.4}.
DEFAULT_THRESHOLDS: dict[str, Decimal] = {
    SOBRESALIENTE: Decimal("0.80"),
    SATISFACTORIO: Decimal("0.70"),
    MEDIO: Decimal("0.60"),
    BAJO: Decimal("0.40"),
}

# Every rating, best first (the dashboard's legend).
RATINGS = [SOBRESALIENTE, SATISFACTORIO, MEDIO, BAJO, CRITICO, SIN_DATO]


def thresholds() -> dict[str, Decimal]:
    configured = getattr(settings, "TRAFFIC_LIGHT_THRESHOLDS", None) or DEFAULT_THRESHOLDS
    merged = dict(DEFAULT_THRESHOLDS)
    merged.update({name: Decimal(str(value)) for name, value in configured.items() if name in DEFAULT_THRESHOLDS})
    return merged


def rating(ratio) -> str:
    """The semáforo of a ratio (0.85 = 85 %); ``Sin dato`` when there is no ratio."""
    if ratio is None:
        return SIN_DATO
    ratio = Decimal(str(ratio))
    bounds = thresholds()
    for name in (SOBRESALIENTE, SATISFACTORIO, MEDIO, BAJO):
        if ratio >= bounds[name]:
            return name
    return CRITICO


# --- Small arithmetic helpers ------------------------------------------------------------


def dec(value) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def ratio(numerator, denominator) -> Decimal | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None:
        return None
    denominator = dec(denominator)
    if denominator == 0:
        return None
    return dec(numerator) / denominator


def fulfilment(progress, goal, *, direction: str, baseline) -> Decimal | None:
    """% cumplimiento of progress against goal (Reducción: (baseline − a) / (baseline − g))."""
    if progress is None or goal is None:
        return None
    if direction == Direction.REDUCE:
        return ratio(dec(baseline) - dec(progress), dec(baseline) - dec(goal))
    return ratio(progress, goal)


def plan_for_year(year: int) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(first_year__lte=year, last_year__gte=year).first()


def _approved_until(cutoff: dt.date, *, prefix: str = "") -> Q:
    """Approved reports of the counted months of the cutoff's year (prefix: path to the report)."""
    return Q(**{f"{prefix}state": ReportState.APPROVED, f"{prefix}year": cutoff.year, f"{prefix}month__lte": cutoff.month})


@lru_cache(maxsize=65536)
def _natural(code: str | None) -> str:
    return natural_key(code or "")


# --- Plan de Acción: Proyectos and Productos ---------------------------------------------


@dataclass
class ProductFigures:
    product_id: int
    project_id: int
    bpin: str | None
    project_name: str
    code: str
    name: str
    indicator_code: str
    unit: str
    goal: Decimal | None  # meta física vigencia in force at the cutoff (None: no goal that year)
    accumulation: str  # of its indicator: what its monthly quantities mean (strategy.Accumulation)
    progress: Decimal | None  # avance físico over the counted months (monitoring.progress)
    physical_ratio: Decimal | None  # progress / goal
    # Programado a la fecha de corte (action_plan.programming) and progress / programmed.
    programmed: Decimal | None = None
    programmed_ratio: Decimal | None = None
    mga_code: str | None = None  # the product's MGA code (None: none recorded)


@dataclass
class ProjectFigures:
    project_id: int
    program_id: int
    line_code: str
    line_name: str
    program_code: str
    program_name: str
    bpin: str | None
    name: str
    org_unit: str
    lead: str
    funding_kind: str  # the Spanish label: Ordinario / Presupuesto participativo
    funding_kind_value: str
    initial: Decimal
    modifications: Decimal
    definitive: Decimal
    committed: Decimal
    obligated: Decimal
    paid: Decimal
    execution_ratio: Decimal | None
    payments_ratio: Decimal | None
    physical_ratio: Decimal | None
    rating: str
    # Programmed vs. executed (MATRICES.md Proyectos 19–22): the action plan's financial
    # programming to the cutoff and committed / it; the % avance físico expected at the cutoff
    # and the gap (physical_ratio − expected); the semáforo of physical_ratio / expected.
    programmed_money: Decimal | None = None
    programmed_money_ratio: Decimal | None = None
    expected_physical_ratio: Decimal | None = None
    physical_gap: Decimal | None = None
    programming_rating: str = SIN_DATO
    products: list[ProductFigures] = field(default_factory=list)


def _allocated(year: int, project_ids: Iterable[int] | None = None):
    """The ids of the projects allocated in the year (of `project_ids` when given), as a subquery."""
    allocated = budget_money.allocated_project_ids(year)
    if project_ids is not None:
        allocated = allocated.filter(project_id__in=list(project_ids))
    return allocated


@dataclass
class _ProjectMoney:
    program_id: int
    initial: Decimal
    modifications: Decimal
    definitive: Decimal
    committed: Decimal
    obligated: Decimal
    paid: Decimal


def _project_money(ids, *, year: int, cutoff: dt.date) -> dict[int, _ProjectMoney]:
    """The money of each project of `ids` (a subquery) at the cutoff: its budget as budget.money
    defines it and its execution in the approved reports of the counted months. Two queries."""
    execution = {
        row["project_id"]: row
        for row in ProgressReport.objects.filter(_approved_until(cutoff), project_id__in=ids)
        .values("project_id")
        .annotate(c=Sum("committed"), o=Sum("obligated"), p=Sum("paid"))
        .order_by()
    }
    budgets = budget_money.with_budget(Project.objects.filter(pk__in=ids), year, cutoff).values_list(
        "pk", "program_id", "initial", "modifications", "definitive"
    )
    money = {}
    for pk, program_id, initial, modifications, definitive in budgets:
        done = execution.get(pk, {})
        money[pk] = _ProjectMoney(
            program_id, dec(initial), dec(modifications), dec(definitive),
            dec(done.get("c")), dec(done.get("o")), dec(done.get("p")),
        )
    return money


def _product_rows(projects, *, year: int, cutoff: dt.date, every_project: bool) -> list[ProductFigures]:
    """`projects`: ids, or a subquery of ids (lists of thousands of ids cost more to send than
    the database takes to select them again); `every_project` when they are all the year's."""
    if not hasattr(projects, "query"):
        projects = list(projects)
    product_ids = ProductGoal.objects.filter(year=year, product__project_id__in=projects).values("product_id")
    # Progress: for a few projects (a lead's, one project's page), of their products; for all of
    # them, of every product (the same rows, and PostgreSQL aggregates them faster without the
    # nested IN). One project's page once read the whole institute's progress: 66,000 rows at 10×.
    progress_rows = ProductProgress.objects.filter(_approved_until(cutoff, prefix="report__"))
    if not every_project:
        progress_rows = progress_rows.filter(product_id__in=product_ids)
    monthly = monthly_values(progress_rows, key="product_id")
    programmed = programming.programmed_quantities_to_date(projects, year=year, month=cutoff.month)
    # Plain rows rather than model instances: thousands of them per matrix.
    products = (
        Product.objects.filter(pk__in=product_ids)
        .annotate(goal_in_force=budget_money.goal_in_force_expression(year, cutoff))
        .values_list(
            "id", "project_id", "project__bank_code", "project__name", "code", "name", "indicator__code", "unit",
            "indicator__accumulation", "goal_in_force", "mga_product_code",
        )
    )
    rows = []
    for (pk, project_id, bpin, project_name, code, name, indicator_code, unit, accumulation, goal_in_force,
         mga_code) in products:
        goal = budget_money.as_goal(goal_in_force)
        done = progress_over(monthly.get(pk, {}), accumulation=accumulation)
        expected = programmed.get(pk)
        rows.append(
            ProductFigures(
                product_id=pk,
                project_id=project_id,
                bpin=bpin,
                project_name=project_name,
                code=code,
                name=name,
                indicator_code=indicator_code,
                unit=unit,
                accumulation=accumulation,
                goal=goal,
                progress=done,
                physical_ratio=ratio(done, goal),
                programmed=expected,
                programmed_ratio=ratio(done, expected),
                mga_code=mga_code or None,
            )
        )
    return sort_products(rows)


def _capped_mean(products: Iterable[ProductFigures], value: Callable[[ProductFigures], Decimal | None]) -> Decimal | None:
    """Mean of min(value, 100 %) over the products with a goal above 0 and a value (Proyectos 17
    with the % avance físico, 21 with the expected one); None when there is none."""
    capped = [
        min(v, ONE) for p in products if p.goal is not None and p.goal > 0 and (v := value(p)) is not None
    ]
    return sum(capped, ZERO) / len(capped) if capped else None


def expected_ratio(product: ProductFigures) -> Decimal | None:
    """% avance físico esperado of a product: programmed to date / goal."""
    return ratio(product.programmed, product.goal)


def gap(actual: Decimal | None, expected: Decimal | None) -> Decimal | None:
    """Brecha: actual − expected (negative when behind); None when either is missing."""
    if actual is None or expected is None:
        return None
    return actual - expected


def sort_products(rows: Iterable[ProductFigures]) -> list[ProductFigures]:
    """Products in the matrices' order: BPIN, then product code, both in natural order."""
    return sorted(rows, key=lambda r: (_natural(r.bpin), _natural(r.code), r.product_id))


def project_figures(
    *, year: int, cutoff: dt.date, with_products: bool = True, project_ids: Iterable[int] | None = None
) -> list[ProjectFigures]:
    """Plan de Acción `Proyectos`: one per project with an allocation in the year (only those of
    `project_ids` when given, e.g. a lead's own projects)."""
    ids = _allocated(year, project_ids)  # a subquery, not a list of ids
    money = _project_money(ids, year=year, cutoff=cutoff)
    programmed_money = programming.programmed_money_to_date(ids, year=year, month=cutoff.month)
    products_by_project: dict[int, list[ProductFigures]] = defaultdict(list)
    for product in _product_rows(ids, year=year, cutoff=cutoff, every_project=project_ids is None):
        products_by_project[product.project_id].append(product)
    funding_labels = dict(FundingKind.choices)
    projects = Project.objects.filter(pk__in=ids).values_list(
        "id", "program_id", "program__component__line__code", "program__component__line__name", "program__code",
        "program__name", "bank_code", "name", "org_unit__name", "lead__first_name", "lead__last_name",
        "lead__username", "funding_kind",
    )
    rows = []
    for (pk, program_id, line_code, line_name, program_code, program_name, bpin, name, org_unit,
         first_name, last_name, username, funding_kind) in projects:
        if pk not in money:
            continue  # allocated after its money was read: counted on the next run
        mine = money[pk]
        products = products_by_project.get(pk, [])
        physical = _capped_mean(products, lambda p: p.physical_ratio)
        expected = _capped_mean(products, expected_ratio)
        programmed = programmed_money.get(pk)
        rows.append(
            ProjectFigures(
                project_id=pk,
                program_id=program_id,
                line_code=line_code,
                line_name=line_name,
                program_code=program_code,
                program_name=program_name,
                bpin=bpin,
                name=name,
                org_unit=org_unit,
                lead=f"{first_name} {last_name}".strip() or username,  # User.display_name
                funding_kind=funding_labels.get(funding_kind, funding_kind),
                funding_kind_value=funding_kind,
                initial=mine.initial,
                modifications=mine.modifications,
                definitive=mine.definitive,
                committed=mine.committed,
                obligated=mine.obligated,
                paid=mine.paid,
                execution_ratio=ratio(mine.committed, mine.definitive),
                payments_ratio=ratio(mine.paid, mine.definitive),
                physical_ratio=physical,
                rating=rating(physical),
                programmed_money=programmed,
                programmed_money_ratio=ratio(mine.committed, programmed),
                expected_physical_ratio=expected,
                physical_gap=gap(physical, expected),
                programming_rating=rating(ratio(physical, expected)),
                products=products if with_products else [],
            )
        )
    rows.sort(key=lambda r: (_natural(r.program_code), _natural(r.bpin), r.project_id))
    return rows


def sort_projects_by_bpin(rows: Iterable[ProjectFigures]) -> list[ProjectFigures]:
    """Projects by BPIN in natural order (the `Fuentes` sheet's order)."""
    return sorted(rows, key=lambda r: (_natural(r.bpin), r.project_id))


# --- Plan de Acción, streamed: the file export computes its rows a chunk of projects at a time ----

PROJECT_CHUNK = 500  # projects whose Plan de Acción rows are computed (and sorted) at a time


@dataclass(frozen=True)
class PlanOrder:
    """The year's allocated projects in the chunks of each order of the Plan de Acción's sheets,
    ids only (one query): `Proyectos` by program code then BPIN, `Productos` and `Fuentes` by
    BPIN, all in natural order; projects of one sort key stay in one chunk."""

    by_program: list[list[int]]
    by_bpin: list[list[int]]
    projects: int


def plan_order(*, year: int, chunk_size: int | None = None) -> PlanOrder:
    by_program, by_bpin = [], []
    for pk, program_code, bpin in Project.objects.filter(pk__in=_allocated(year)).values_list(
        "pk", "program__code", "bank_code"
    ):
        by_program.append(((_natural(program_code), _natural(bpin)), pk))
        by_bpin.append((_natural(bpin), pk))
    by_program.sort()
    by_bpin.sort()
    size = chunk_size or PROJECT_CHUNK
    return PlanOrder(by_program=list(_project_chunks(by_program, size)), by_bpin=list(_project_chunks(by_bpin, size)),
                     projects=len(by_bpin))


def plan_product_count(*, year: int) -> int:
    """How many rows the `Productos` sheet has (one query; for the progress bar)."""
    return Product.objects.filter(
        pk__in=ProductGoal.objects.filter(year=year, product__project_id__in=_allocated(year)).values("product_id")
    ).count()


def project_figures_chunked(*, year: int, cutoff: dt.date, order: PlanOrder) -> Iterator[ProjectFigures]:
    """The rows of project_figures() (without their products), in the same order, computed a
    chunk of projects at a time: memory holds one chunk's projects and products, and the queries
    are those of project_figures() once per chunk."""
    for ids in order.by_program:
        yield from project_figures(year=year, cutoff=cutoff, with_products=False, project_ids=ids)


def product_figures_chunked(*, year: int, cutoff: dt.date, order: PlanOrder) -> Iterator[ProductFigures]:
    """Every product of the year's projects in the `Productos` order (sort_products), computed a
    chunk of projects at a time; the projects of one BPIN stay in one chunk, so that sorting
    each chunk gives the order of sorting them all."""
    for ids in order.by_bpin:
        yield from _product_rows(_allocated(year, ids), year=year, cutoff=cutoff, every_project=False)


def project_chunks_by_bpin(order: PlanOrder) -> Iterator[list[tuple[int, str | None, str]]]:
    """(id, BPIN, name) of the year's projects by BPIN (natural order, then id), a chunk at a
    time (one query per chunk): the `Fuentes` sheet's projects."""
    for ids in order.by_bpin:
        found = {pk: (pk, bpin, name) for pk, bpin, name in Project.objects.filter(pk__in=ids).values_list(
            "pk", "bank_code", "name")}
        yield [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class ProgrammingFigures:
    """Actual against programmed to date over some projects (a program's, the dashboard's):
    money committed by the projects that have an entry in the action plan against their
    programming; the mean % avance físico against the mean expected one, over the projects
    that have both; the semáforo of the physical ratio (actual / expected), Sin dato without."""

    programmed_money: Decimal | None
    committed: Decimal  # of the projects with programming
    money_ratio: Decimal | None
    physical: Decimal | None
    expected_physical: Decimal | None
    gap: Decimal | None
    rating: str

    @property
    def physical_ratio(self) -> Decimal | None:
        return ratio(self.physical, self.expected_physical)


def programming_figures(projects: Iterable[ProjectFigures]) -> ProgrammingFigures:
    projects = list(projects)
    programmed = [p for p in projects if p.programmed_money is not None]
    money = sum((p.programmed_money or ZERO for p in programmed), ZERO) if programmed else None
    committed = sum((p.committed for p in programmed), ZERO)
    both = [p for p in projects if p.physical_ratio is not None and p.expected_physical_ratio is not None]
    physical = sum((p.physical_ratio or ZERO for p in both), ZERO) / len(both) if both else None
    expected = sum((p.expected_physical_ratio or ZERO for p in both), ZERO) / len(both) if both else None
    return ProgrammingFigures(
        programmed_money=money, committed=committed, money_ratio=ratio(committed, money), physical=physical,
        expected_physical=expected, gap=gap(physical, expected), rating=rating(ratio(physical, expected)),
    )


def project_programming(project: ProjectFigures) -> ProgrammingFigures:
    """The same comparison for one project (its Proyectos columns 19–22)."""
    return ProgrammingFigures(
        programmed_money=project.programmed_money, committed=project.committed,
        money_ratio=project.programmed_money_ratio, physical=project.physical_ratio,
        expected_physical=project.expected_physical_ratio, gap=project.physical_gap, rating=project.programming_rating,
    )


def monthly_committed(projects, *, year: int, month: int) -> dict[int, list[Decimal | None]]:
    """{project_id: [committed in the approved report of January … December]}, None after `month`
    (the reported curve stops at the cutoff) and 0 for a counted month without a report. One query."""
    curves: dict[int, list[Decimal | None]] = {}
    for project_id, m, committed in (
        ProgressReport.objects.filter(state=ReportState.APPROVED, year=year, month__lte=month, project_id__in=projects)
        .order_by().values_list("project_id", "month", "committed")
    ):
        curves.setdefault(project_id, [ZERO] * month + [None] * (12 - month))[m - 1] = dec(committed)
    return curves


def running(values: Iterable[Decimal | None]) -> list[Decimal | None]:
    """Running totals of monthly values, None kept where the month has no value."""
    total, out = ZERO, list[Decimal | None]()
    for value in values:
        if value is None:
            out.append(None)
        else:
            total += value
            out.append(total)
    return out


def add_months(rows: Iterable[Sequence[Decimal | None]], *, months: int = 12) -> list[Decimal | None]:
    """Month by month sums of rows of monthly values; a month is None only when every row's is."""
    sums: list[Decimal | None] = [None] * months
    for row in rows:
        for i, value in enumerate(row):
            if value is not None:
                sums[i] = (sums[i] or ZERO) + value
    return sums


@dataclass
class BudgetTotals:
    """Totals over a list of ProjectFigures (a dashboard's or a report's headline numbers)."""

    projects: int
    initial: Decimal
    modifications: Decimal
    definitive: Decimal
    committed: Decimal
    obligated: Decimal
    paid: Decimal
    execution_ratio: Decimal | None
    payments_ratio: Decimal | None
    rating: str  # of the execution ratio


def budget_totals(projects: Iterable[ProjectFigures]) -> BudgetTotals:
    projects = list(projects)

    def total(attr: str) -> Decimal:
        return sum((getattr(p, attr) for p in projects), ZERO)

    definitive, committed, paid = total("definitive"), total("committed"), total("paid")
    execution = ratio(committed, definitive)
    return BudgetTotals(
        projects=len(projects), initial=total("initial"), modifications=total("modifications"),
        definitive=definitive, committed=committed, obligated=total("obligated"), paid=paid,
        execution_ratio=execution, payments_ratio=ratio(paid, definitive), rating=rating(execution),
    )


# --- Plan Indicativo ----------------------------------------------------------------------


@dataclass
class IndicatorFigures:
    indicator_id: int
    program_id: int
    line_code: str
    line_name: str
    component_code: str
    component_name: str
    program_code: str
    program_name: str
    code: str
    name: str
    kind: str  # Resultado / Producto
    kind_value: str
    unit: str
    direction: str  # Incremento / Mantenimiento / Reducción
    direction_value: str
    accumulation: str  # Acumulativo / No acumulativo
    accumulation_value: str
    baseline: Decimal
    baseline_year: int
    period_target: Decimal
    year_target: Decimal | None
    year_progress: Decimal | None
    year_fulfilment: Decimal | None
    period_progress: Decimal | None
    period_fulfilment: Decimal | None
    weight: Decimal
    rating: str
    org_unit: str


def _monthly_values(
    plan: DevelopmentPlan, *, cutoff: dt.date, indicator_ids: list[int] | None = None
) -> dict[int, dict[tuple[int, int], Decimal]]:
    """v(m) of every indicator of the plan, for every month from January of the plan's first
    year up to the cutoff: {indicator_id: {(year, month): value}}. Product indicators read the
    monthly totals kept up to date by monitoring.totals (what summing their products' approved
    quantities gives, ~10× fewer rows); ``product_monthly_values`` is that sum, for comparison."""
    span = Q(year__gte=plan.first_year) & (Q(year__lt=cutoff.year) | Q(year=cutoff.year, month__lte=cutoff.month))
    if indicator_ids is not None:
        span &= Q(indicator_id__in=indicator_ids)
    values: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for indicator_id, year, month, quantity in IndicatorMonthTotal.objects.filter(
        span, indicator__plan=plan, indicator__kind=IndicatorKind.PRODUCT
    ).values_list("indicator_id", "year", "month", "quantity").order_by():
        values[indicator_id][(year, month)] = dec(quantity)
    _add_measurements(values, plan, span)
    return values


def product_monthly_values(
    plan: DevelopmentPlan, *, cutoff: dt.date, indicator_ids: list[int] | None = None
) -> dict[int, dict[tuple[int, int], Decimal]]:
    """_monthly_values summed from the approved product-progress rows themselves (what the totals
    must equal: tests and ``manage.py check_totals`` compare them)."""
    span = Q(year__gte=plan.first_year) & (Q(year__lt=cutoff.year) | Q(year=cutoff.year, month__lte=cutoff.month))
    report_span = Q(report__state=ReportState.APPROVED) & Q(report__year__gte=plan.first_year) & (
        Q(report__year__lt=cutoff.year) | Q(report__year=cutoff.year, report__month__lte=cutoff.month)
    )
    rows = ProductProgress.objects.filter(
        report_span, product__indicator__plan=plan, product__indicator__kind=IndicatorKind.PRODUCT
    )
    if indicator_ids is not None:
        span &= Q(indicator_id__in=indicator_ids)
        rows = rows.filter(product__indicator_id__in=indicator_ids)
    values = monthly_values(rows, key="product__indicator_id")
    _add_measurements(values, plan, span)
    return values


def _add_measurements(values: dict[int, dict[tuple[int, int], Decimal]], plan: DevelopmentPlan, span: Q) -> None:
    for measurement in IndicatorMeasurement.objects.filter(
        span, indicator__plan=plan, indicator__kind=IndicatorKind.RESULT
    ).values("indicator_id", "year", "month", "value"):
        values[measurement["indicator_id"]][(measurement["year"], measurement["month"])] = dec(measurement["value"])


def indicator_figures(
    *, year: int, cutoff: dt.date, from_rows: bool = False, indicator_ids: Iterable[int] | None = None
) -> list[IndicatorFigures]:
    """Plan Indicativo: one per indicator of the plan in force in the year (of `indicator_ids`
    when given), sorted by program code, then indicator code. `from_rows`: sum the
    product-progress rows instead of reading the monthly totals (the same figures; tests and
    check_totals compare both)."""
    plan = plan_for_year(year)
    if plan is None:
        return []
    ids = None if indicator_ids is None else list(indicator_ids)
    monthly = (product_monthly_values if from_rows else _monthly_values)(plan, cutoff=cutoff, indicator_ids=ids)
    targets = {
        row["indicator_id"]: dec(row["value"])
        for row in AnnualTarget.objects.filter(indicator__plan=plan, year=year).values(
            "indicator_id", "value"
        )
    }
    kinds, directions, accumulations = dict(IndicatorKind.choices), dict(Direction.choices), dict(Accumulation.choices)
    indicators = Indicator.objects.filter(plan=plan).select_related("program__component__line", "org_unit")
    if ids is not None:
        indicators = indicators.filter(pk__in=ids)
    rows = []
    for ind in indicators:
        values = monthly.get(ind.pk, {})
        in_year = {k: v for k, v in values.items() if k[0] == year}
        year_progress = progress_over(in_year, accumulation=ind.accumulation)
        period_progress = progress_over(values, accumulation=ind.accumulation)
        goal = targets.get(ind.pk)
        year_fulfilment = fulfilment(year_progress, goal, direction=ind.direction, baseline=ind.baseline)
        component = ind.program.component
        rows.append(
            IndicatorFigures(
                indicator_id=ind.pk,
                program_id=ind.program_id,
                line_code=component.line.code,
                line_name=component.line.name,
                component_code=component.code,
                component_name=component.name,
                program_code=ind.program.code,
                program_name=ind.program.name,
                code=ind.code,
                name=ind.name,
                kind=kinds.get(ind.kind, ind.kind),
                kind_value=ind.kind,
                unit=ind.unit,
                direction=directions.get(ind.direction, ind.direction),
                direction_value=ind.direction,
                accumulation=accumulations.get(ind.accumulation, ind.accumulation),
                accumulation_value=ind.accumulation,
                baseline=dec(ind.baseline),
                baseline_year=ind.baseline_year,
                period_target=dec(ind.period_target),
                year_target=goal,
                year_progress=year_progress,
                year_fulfilment=year_fulfilment,
                period_progress=period_progress,
                period_fulfilment=fulfilment(
                    period_progress, ind.period_target, direction=ind.direction, baseline=ind.baseline
                ),
                weight=dec(ind.weight),
                rating=rating(year_fulfilment),
                org_unit=ind.org_unit.name,
            )
        )
    rows.sort(key=lambda r: (_natural(r.program_code), _natural(r.code), r.indicator_id))
    return rows


# --- Presupuesto por Resultados -----------------------------------------------------------


@dataclass
class ProgramFigures:
    program_id: int
    line_code: str
    line_name: str
    code: str
    name: str
    projects: int
    definitive: Decimal
    committed: Decimal
    paid: Decimal
    execution_ratio: Decimal | None
    physical_fulfilment: Decimal | None
    efficiency: Decimal | None
    rating: str = ""  # the semáforo of physical_fulfilment, set by the dashboard's figures
    programming: ProgrammingFigures | None = None  # actual vs. programmed, set by the dashboard's figures


def weighted_mean(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Mean of the defined values weighted by their weights, renormalised over those values (a
    plain mean when the weights add up to 0); None when no value is defined."""
    defined = [(value, weight) for value, weight in pairs if value is not None]
    if not defined:
        return None
    total_weight = sum((weight for _, weight in defined), ZERO)
    if total_weight == 0:
        return sum((value for value, _ in defined), ZERO) / len(defined)
    return sum((value * weight for value, weight in defined), ZERO) / total_weight


def weighted_physical_fulfilment(indicators: Iterable[IndicatorFigures]) -> Decimal | None:
    """Weighted mean of min(% cumplimiento vigencia, 100 %) over product indicators whose
    fulfilment is defined; weights renormalised (plain mean when they add up to 0)."""
    return weighted_mean(
        (min(i.year_fulfilment, ONE), i.weight)
        for i in indicators
        if i.kind_value == IndicatorKind.PRODUCT and i.year_fulfilment is not None
    )


@dataclass
class _ProgramMoney:
    projects: int = 0
    definitive: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO


def program_money(
    *, year: int, cutoff: dt.date, all_projects: Iterable[ProjectFigures] | None = None
) -> dict[int, _ProgramMoney]:
    """{program_id: money of its projects allocated in the year}: the sums, per program, of the
    same project money that project_figures shows (the one path of the Presupuesto por
    Resultados matrix, the dashboard and accountability). Three queries, none when the caller
    already holds `all_projects`: project_figures of every project of the year at this cutoff."""
    money: dict[int, _ProgramMoney] = defaultdict(_ProgramMoney)
    if all_projects is None:
        # Summed per program by the database: the time follows the programs, not the projects.
        for program_id, budget in budget_money.program_budgets(year, cutoff).items():
            money[program_id] = _ProgramMoney(budget.projects, dec(budget.definitive))
        for program_id, committed, paid in (
            ProgressReport.objects.filter(_approved_until(cutoff), project_id__in=_allocated(year))
            .values("project__program_id").annotate(c=Sum("committed"), p=Sum("paid")).order_by()
            .values_list("project__program_id", "c", "p")
        ):
            row = money[program_id]
            row.committed, row.paid = dec(committed), dec(paid)
        return money
    for project in all_projects:
        row = money[project.program_id]
        row.projects += 1
        row.definitive += project.definitive
        row.committed += project.committed
        row.paid += project.paid
    return money


def program_figures(
    *, year: int, cutoff: dt.date, indicators: list[IndicatorFigures] | None = None,
    all_projects: list[ProjectFigures] | None = None,
) -> list[ProgramFigures]:
    """Presupuesto por Resultados `Programas`: one per program of the plan in force in the year.

    Pass already computed `indicators`, and `all_projects` (project_figures of every project of
    the year, no `project_ids`), to avoid computing them twice."""
    plan = plan_for_year(year)
    if plan is None:
        return []
    money = program_money(year=year, cutoff=cutoff, all_projects=all_projects)
    if indicators is None:
        indicators = indicator_figures(year=year, cutoff=cutoff)
    indicators_by_program: dict[int, list[IndicatorFigures]] = defaultdict(list)
    for i in indicators:
        indicators_by_program[i.program_id].append(i)
    rows = []
    for program in Program.objects.filter(plan=plan).select_related("component__line"):
        mine = money.get(program.pk) or _ProgramMoney()
        definitive, committed, paid = mine.definitive, mine.committed, mine.paid
        execution = ratio(committed, definitive)
        physical = weighted_physical_fulfilment(indicators_by_program.get(program.pk, []))
        rows.append(
            ProgramFigures(
                program_id=program.pk,
                line_code=program.component.line.code,
                line_name=program.component.line.name,
                code=program.code,
                name=program.name,
                projects=mine.projects,
                definitive=definitive,
                committed=committed,
                paid=paid,
                execution_ratio=execution,
                physical_fulfilment=physical,
                efficiency=ratio(physical, execution),
            )
        )
    rows.sort(key=lambda r: (_natural(r.code), r.program_id))
    return rows


# --- Georreferenciación -------------------------------------------------------------------


@dataclass
class TerritoryPairFigures:
    """One (project, territory) pair of the territorial distribution."""

    project_id: int
    bpin: str | None
    project_name: str
    program_code: str
    funding_kind: str
    territory_code: int
    territory_name: str
    territory_kind: str  # Ciudad / Comuna / Corregimiento
    committed: Decimal
    beneficiaries: int


@dataclass
class TerritoryFigures:
    """Resumen por territorio: one per territory, zeros included."""

    code: int
    name: str
    kind: str
    projects: int
    committed: Decimal
    beneficiaries: int
    share: Decimal | None  # committed / total committed over all territories


@dataclass
class TerritorialFigures:
    pairs: list[TerritoryPairFigures]
    territories: list[TerritoryFigures]


PAIR_CHUNK = 1000  # projects whose pairs are read (and sorted) at a time


class TerritoryTotals:
    """`Resumen por territorio`, added up while the pairs go by: a (project, territory) pair is
    unique, so a territory's number of pairs is its number of distinct projects, and nothing but
    22 running sums is kept however many pairs there are."""

    def __init__(self) -> None:
        self.territories = list(Territory.objects.order_by("code"))
        self.by_code = {t.code: t for t in self.territories}
        self._sums: dict[int, list] = defaultdict(lambda: [0, ZERO, 0])

    def add(self, pair: TerritoryPairFigures) -> None:
        sums = self._sums[pair.territory_code]
        sums[0] += 1
        sums[1] += pair.committed
        sums[2] += pair.beneficiaries

    def summary(self) -> list[TerritoryFigures]:
        return territory_summary(self.territories, self._sums)


def territory_totals(*, cutoff: dt.date) -> list[TerritoryFigures]:
    """`Resumen por territorio` at the cutoff in one grouped query, without the pairs: a
    territory's pairs are its distinct projects, and their sums the sums of its rows (the same
    figures as TerritoryTotals over `territory_pairs`, whatever the number of pairs)."""
    sums = {
        row["territory_id"]: (row["projects"], dec(row["committed"]), int(row["beneficiaries"] or 0))
        for row in TerritorialDistribution.objects.filter(_approved_until(cutoff, prefix="report__"))
        .values("territory_id")
        .annotate(projects=Count("report__project_id", distinct=True), committed=Sum("committed"),
                  beneficiaries=Sum("beneficiaries"))
        .order_by()
    }
    return territory_summary(Territory.objects.order_by("code"), sums)


def territory_summary(territories: Iterable[Territory], sums: Mapping[int, Sequence]) -> list[TerritoryFigures]:
    """`Resumen por territorio` from {territory code: (pairs, committed, beneficiaries)}."""
    kinds = dict(TerritoryKind.choices)
    total = sum((s[1] for s in sums.values()), ZERO)
    rows = []
    for territory in territories:
        projects, committed, beneficiaries = sums.get(territory.code, (0, ZERO, 0))
        rows.append(TerritoryFigures(
            code=territory.code, name=territory.name, kind=kinds.get(territory.kind, territory.kind),
            projects=projects, committed=committed, beneficiaries=beneficiaries, share=ratio(committed, total),
        ))
    return rows


def _project_chunks(project_ids: Sequence[tuple[object, int]], size: int) -> Iterator[list[int]]:
    """Ids in natural BPIN order, in chunks of about `size`; projects of one sort key stay in one
    chunk, so that sorting each chunk's pairs gives the order of sorting them all."""
    chunk: list[int] = []
    for _key, group in groupby(project_ids, key=lambda item: item[0]):
        if len(chunk) >= size:
            yield chunk
            chunk = []
        chunk.extend(pk for _, pk in group)
    if chunk:
        yield chunk


def territory_pairs(
    *, cutoff: dt.date, totals: TerritoryTotals | None = None, chunk_size: int | None = None,
    project_ids: Iterable[int] | None = None,
) -> Iterator[TerritoryPairFigures]:
    """The Georreferenciación pairs in order (natural BPIN, territory code), read from the
    database `chunk_size` projects at a time: memory holds one chunk, however many pairs there
    are (one query for the order, one per chunk: the file export, in Celery). `chunk_size=0`:
    every pair in one query (pages and in-memory figures, whose queries must not grow with the
    data). `totals`, when given, adds up each pair. `project_ids`: only those projects' pairs."""
    counted = TerritorialDistribution.objects.filter(_approved_until(cutoff, prefix="report__"))
    if project_ids is not None:
        counted = counted.filter(report__project_id__in=list(project_ids))
    chunks: Iterable[list[int] | None]
    if chunk_size == 0:
        chunks = [None]
    else:
        order = sorted(
            (_natural(bpin), pk)
            for pk, bpin in Project.objects.filter(pk__in=counted.values("report__project_id")).values_list("pk", "bank_code")
        )
        chunks = _project_chunks(order, chunk_size or PAIR_CHUNK)
    totals = totals if totals is not None else TerritoryTotals()
    kinds, funding_labels = dict(TerritoryKind.choices), dict(FundingKind.choices)
    for ids in chunks:
        sums = (
            (counted if ids is None else counted.filter(report__project_id__in=ids))
            .values("report__project_id", "report__project__bank_code", "report__project__name",
                    "report__project__program__code", "report__project__funding_kind", "territory_id")
            .annotate(committed=Sum("committed"), beneficiaries=Sum("beneficiaries"))
            .order_by()
        )
        pairs = []
        for row in sums:
            territory = totals.by_code[row["territory_id"]]
            funding_kind = row["report__project__funding_kind"]
            pairs.append(
                TerritoryPairFigures(
                    project_id=row["report__project_id"],
                    bpin=row["report__project__bank_code"],
                    project_name=row["report__project__name"],
                    program_code=row["report__project__program__code"],
                    funding_kind=funding_labels.get(funding_kind, funding_kind),
                    territory_code=territory.code,
                    territory_name=territory.name,
                    territory_kind=kinds.get(territory.kind, territory.kind),
                    committed=dec(row["committed"]),
                    beneficiaries=int(row["beneficiaries"] or 0),
                )
            )
        pairs.sort(key=lambda r: (_natural(r.bpin), r.territory_code, r.project_id))
        for pair in pairs:
            totals.add(pair)
            yield pair


def territory_pair_count(*, cutoff: dt.date) -> int:
    """How many (project, territory) pairs the Georreferenciación has (one query)."""
    return (
        TerritorialDistribution.objects.filter(_approved_until(cutoff, prefix="report__"))
        .values("report__project_id", "territory_id").distinct().count()
    )


def territory_figures(*, year: int, cutoff: dt.date) -> TerritorialFigures:
    """Both sheets of the Georreferenciación, in memory (pages, the accountability report); the
    .xlsx streams the pairs instead (`territory_pairs`)."""
    totals = TerritoryTotals()
    pairs = list(territory_pairs(cutoff=cutoff, totals=totals, chunk_size=0))
    return TerritorialFigures(pairs=pairs, territories=totals.summary())


# --- Cached figures for pages --------------------------------------------------------------

# Every model whose rows feed the figures above, but the reports (see inputs_version).
_INPUT_MODELS = (
    DevelopmentPlan, StrategicLine, Component, Program, Indicator, AnnualTarget, OrgUnit,
    Project, Product, ProductGoal, ProjectAllocation, BudgetModification, TargetReprogramming,
    IndicatorMeasurement, ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget,
    FundingSource,
)


def inputs_version() -> tuple:
    """A value that changes whenever an input of the figures changes (two queries).

    Approved reports are what the figures count: the database bumps ApprovedReportsStamp on any
    change of a report that is or was approved (and monitoring.totals on any change of their
    quantities), so one row tells when one was approved, reopened, re-imported or deleted; edits
    of reports that are not approved (the bulk of the month's traffic) leave the figures, and
    this version, unchanged."""
    stamp = ApprovedReportsStamp.objects.filter(pk=1).values_list("changes", flat=True).first() or 0
    return (stamp, history_marks(_INPUT_MODELS))


@dataclass
class DashboardFigures:
    projects: list[ProjectFigures]  # without their products
    indicators: list[IndicatorFigures]
    programs: list[ProgramFigures]
    territories: list[TerritoryFigures]
    # The curves of programmed vs. reported money, per project: {project_id: 12 monthly values}.
    programmed_by_month: dict[int, list[Decimal]] = field(default_factory=dict)
    committed_by_month: dict[int, list[Decimal | None]] = field(default_factory=dict)
    sources: list[source_money.SourceTotal] = field(default_factory=list)  # the year's money by funding source
    needs_split: list[source_money.SplitNeeded] = field(default_factory=list)  # of the year
    # The same curves summed per program, {program_id: ProgramMonths}: what the pages of those who
    # see every project draw (sixty sums, not 20,000 projects' months added up on each view).
    program_months: dict[int, ProgramMonths] = field(default_factory=dict)


@dataclass(frozen=True)
class ProgramMonths:
    """A program's projects' monthly amounts, summed (add_months): programmed, committed in the
    approved reports, and projected (monitoring.projection's money_by_month); `has_plan`: some
    project of it has programming."""

    programmed: list[Decimal | None]
    committed: list[Decimal | None]
    projected: list[Decimal | None]
    has_plan: bool

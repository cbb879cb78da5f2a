"""Early warning: the projection of each project's and program's year-end physical fulfilment and
budget execution from what was reported to a cutoff and what the action plan programs for the
months after it. The ONE place where the projection is computed (the dashboard, the project page
and the early-warning notice read it).

Method, at a cutoff C of year Y (month c = month(C)):

- physical, per product with a goal above 0 in force at C (budget.money, read by
  figures.project_figures):
  A = achieved to C (monitoring.progress: approved reports, by the accumulation of the indicator);
  P = programmed to C (action_plan.programming: what the plan reaches at month c);
  pace = A / P bounded to [0, 1]; 1 when nothing is programmed to C (nothing was expected yet);
  - cumulative: R = the quantities programmed for the months after c;
    projection = A + R × pace;
  - non-cumulative (a monthly value is a level, not an addition): L = the level the plan reaches
    in December (action_plan.programming.reached_at of month 12);
    projection = max(A, L × pace): the programmed year-end level at the pace (when behind,
    A + (L − P) × pace is the same number, since A = P × pace), and a level already reached is
    kept (when ahead, adding the programmed increase to a surplus would count a level twice);
  fulfilment = projection / goal, capped at PROJECTION_CAP (120 %).
  The project's physical projection is the mean of its products' fulfilments each capped at
  100 %, exactly as the dashboard's % avance físico of a project (figures._capped_mean).
- financial, per project: committed to C + (money programmed for the months after c) × pace,
  pace = committed / programmed to C bounded to [0, 1] (1 when nothing is programmed to C);
  divided by the definitive budget at C, capped at PROJECTION_CAP.
- a project without an entry in an approved or published action plan of Y has no projection
  (Sin dato): without programming there is nothing to project, and a year whose plan is still a
  draft must not warn every lead.
- program: the mean of its projects' projections weighted by their definitive budget (plain mean
  when their budgets add up to 0). Weighting by money makes the financial figure of a program
  its projected commitments over its definitive budget (when no cap applies), the same way
  the dashboard computes a program's execution from its projects' money; the dashboard's
  physical figure of a program comes from indicator weights, which have no programming to
  project, so the projects' physical projections are weighted by the same budgets.
- each projection is rated with monitoring.figures.rating (the semáforo).

Everything for a year and cutoff runs in a constant number of queries (figures.project_figures
plus two reads of the programming by month); monitoring.institute keeps the whole year's cached.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from action_plan import programming
from strategy.models import Accumulation

from . import figures

ZERO, ONE = Decimal(0), Decimal(1)
# The largest projected fulfilment shown (120 %): beyond it a projection says nothing more, and a
# single over-reported month must not draw an absurd number.
PROJECTION_CAP = Decimal("1.2")


def pace(done: Decimal | None, expected: Decimal | None) -> Decimal:
    """done / expected bounded to [0, 1]; 1 when nothing was expected (no programming to date)."""
    if expected is None or expected <= 0:
        return ONE
    return min(max(figures.dec(done) / expected, ZERO), ONE)


def capped(value: Decimal | None) -> Decimal | None:
    return None if value is None else min(value, PROJECTION_CAP)


@dataclass(frozen=True)
class ProductProjection:
    product_id: int
    achieved: Decimal | None
    programmed_to_date: Decimal | None
    pace: Decimal
    remaining: Decimal  # cumulative: quantity programmed after the cutoff; non-cumulative: the December level
    projected: Decimal | None
    goal: Decimal | None
    fulfilment: Decimal | None  # projected / goal, capped at PROJECTION_CAP


def project_product(product: figures.ProductFigures, months: dict[int, Decimal], *, month: int) -> ProductProjection:
    """The year-end projection of one product from its figures at the cutoff (month `month`) and
    its programming by month {month: quantity}."""
    done, expected = product.progress, product.programmed
    rate = pace(done, expected)
    if product.accumulation == Accumulation.NON_CUMULATIVE:
        level = programming.reached_at(months, 12, accumulation=product.accumulation)
        remaining = level if level is not None else ZERO
        if level is None:
            projected = done
        else:
            projected = max(figures.dec(done), level * rate)
    else:
        remaining = sum((q for m, q in months.items() if m > month), ZERO)
        projected = figures.dec(done) + remaining * rate
    goal = product.goal
    fulfilment = capped(figures.ratio(projected, goal)) if goal is not None and goal > 0 else None
    return ProductProjection(
        product_id=product.product_id, achieved=done, programmed_to_date=expected, pace=rate, remaining=remaining,
        projected=projected, goal=goal, fulfilment=fulfilment,
    )


class Rated:
    """The semáforo of a projection's physical and financial figures (figures.rating)."""

    physical: Decimal | None
    financial: Decimal | None

    @property
    def physical_rating(self) -> str:
        return figures.rating(self.physical)

    @property
    def financial_rating(self) -> str:
        return figures.rating(self.financial)


@dataclass(frozen=True)
class ProjectProjection(Rated):
    project_id: int
    program_id: int
    has_plan: bool  # an entry in the approved or published action plan of the year
    definitive: Decimal
    committed: Decimal
    programmed_money: Decimal | None  # to the cutoff
    remaining_money: Decimal  # programmed after the cutoff
    financial_pace: Decimal
    projected_money: Decimal
    physical: Decimal | None
    financial: Decimal | None
    products: tuple[ProductProjection, ...] = ()

    @property
    def warns(self) -> bool:
        """Whether a projection falls below Satisfactorio (Sin dato does not warn)."""
        return below_satisfactory(self.physical) or below_satisfactory(self.financial)


def below_satisfactory(value: Decimal | None) -> bool:
    return value is not None and value < figures.thresholds()[figures.SATISFACTORIO]


@dataclass(frozen=True)
class ProgramProjection(Rated):
    program_id: int
    physical: Decimal | None
    financial: Decimal | None


@dataclass
class YearProjection:
    year: int
    cutoff: dt.date
    projects: dict[int, ProjectProjection] = field(default_factory=dict)
    programs: dict[int, ProgramProjection] = field(default_factory=dict)
    # {project_id: 12 monthly amounts for the chart's third line}: None before the cutoff's month,
    # the committed to date at it, the projected commitments of each later month (the programmed
    # amount × the financial pace; 0 for a project without programming). figures.running() of
    # it is the projected curve.
    money_by_month: dict[int, list[Decimal | None]] = field(default_factory=dict)


def _physical(figures_: list[figures.ProductFigures], products: tuple[ProductProjection, ...]) -> Decimal | None:
    """The project's physical projection: its products' fulfilments through the dashboard's mean."""
    fulfilment = {p.product_id: p.fulfilment for p in products}

    def value(product: figures.ProductFigures) -> Decimal | None:
        return fulfilment[product.product_id]

    return figures._capped_mean(figures_, value)


def compute(
    *, year: int, cutoff: dt.date, project_ids: Iterable[int] | None = None,
    projects: list[figures.ProjectFigures] | None = None,
) -> YearProjection:
    """The projection of every project allocated in the year (of `project_ids` when given) and of
    their programs. Pass `projects`, project_figures of those projects at this cutoff with their
    products, when already read. A constant number of queries."""
    month = cutoff.month
    if project_ids is not None:
        project_ids = list(project_ids)
    if projects is None:
        projects = figures.project_figures(year=year, cutoff=cutoff, project_ids=project_ids)
    ids = figures._allocated(year, project_ids)  # a subquery, as project_figures reads them
    money_months = programming.programmed_money_by_month(ids, year=year)
    quantity_months = programming.programmed_quantities_by_month(ids, year=year)
    result = YearProjection(year=year, cutoff=cutoff)
    for p in projects:
        has_plan = p.programmed_money is not None
        programmed = money_months.get(p.project_id, [ZERO] * 12)
        rate = pace(p.committed, p.programmed_money)
        later = [amount * rate for amount in programmed[month:]] if has_plan else [ZERO] * (12 - month)
        projected_money = p.committed + sum(later, ZERO)
        result.money_by_month[p.project_id] = [None] * (month - 1) + [p.committed, *later]
        products = tuple(
            project_product(product, quantity_months.get(product.product_id, {}), month=month)
            for product in p.products
        )
        physical = _physical(p.products, products) if has_plan else None
        financial = capped(figures.ratio(projected_money, p.definitive)) if has_plan else None
        one = ProjectProjection(
            project_id=p.project_id, program_id=p.program_id, has_plan=has_plan, definitive=p.definitive,
            committed=p.committed, programmed_money=p.programmed_money,
            remaining_money=sum(programmed[month:], ZERO) if has_plan else ZERO, financial_pace=rate,
            projected_money=projected_money, physical=physical, financial=financial, products=products,
        )
        result.projects[p.project_id] = one
    result.programs = program_projections(result.projects.values())
    return result


def program_projections(projects: Iterable[ProjectProjection]) -> dict[int, ProgramProjection]:
    """{program_id: its projection}: its projects' projections weighted by their definitive budget."""
    by_program: dict[int, list[ProjectProjection]] = defaultdict(list)
    for one in projects:
        by_program[one.program_id].append(one)
    return {
        program_id: ProgramProjection(
            program_id=program_id,
            physical=figures.weighted_mean((p.physical, p.definitive) for p in mine),
            financial=figures.weighted_mean((p.financial, p.definitive) for p in mine),
        )
        for program_id, mine in by_program.items()
    }


def projected_curve(money_by_month: Iterable[list[Decimal | None]]) -> list[Decimal | None]:
    """The chart's third line over some projects: running totals of their summed monthly amounts
    (None before the cutoff's month); [] without projects."""
    rows = list(money_by_month)
    if not rows:
        return []
    return figures.running(figures.add_months(rows))

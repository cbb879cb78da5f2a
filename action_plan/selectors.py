"""Reads of step 4.5: who sees the plans, the plan sheet with its sums, the legal deadline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from budget import money as budget_money, selectors as budget_selectors
from budget.models import BudgetModification, FiscalYear, ProjectAllocation, TargetReprogramming
from isvimed_planning import roles
from isvimed_planning.caching import history_marks, versioned
from isvimed_planning.formatting import format_cop, format_date, format_number
from projects.models import Product, ProductGoal, Project
from strategy.models import Accumulation, Indicator
from strategy.progress import progress_over

from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanState,
    FinancialMonthlyTarget,
    PhysicalMonthlyTarget,
)

ZERO = Decimal(0)
MONTHS = range(1, 13)
MONTH_LABELS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
LEGAL_BASIS = "Ley 1474 de 2011, art. 74"


def visible_plans(user) -> QuerySet[ActionPlan]:
    """Every role reads the institutional plan (it becomes public once published)."""
    if roles.may(user, "action_plan.read_plans"):
        return ActionPlan.objects.select_related("fiscal_year")
    return ActionPlan.objects.none()


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(state=ActionPlanState.PUBLISHED).select_related("fiscal_year")


# --- Sums ----------------------------------------------------------------------------------------


def _difference(programmed, target, fmt) -> str:
    gap = target - programmed
    return f"faltan {fmt(gap)}" if gap > 0 else f"sobran {fmt(-gap)}"


def financial_message(programmed: Decimal, definitive: Decimal) -> str | None:
    if programmed == definitive:
        return None
    return (
        f"La programación financiera suma {format_cop(programmed)} y el presupuesto definitivo es "
        f"{format_cop(definitive)}: {_difference(programmed, definitive, format_cop)}."
    )


def _qty(value) -> str:
    return format_number(value, 4, trim=True)


def programmed_total(months: dict[int, Decimal], *, accumulation: str) -> Decimal:
    """What a product's monthly programming {month: quantity} reaches in the year, by the
    accumulation of its indicator (strategy.progress): the sum of the months, or the level in
    force at the end of the latest programmed month. Nothing programmed: 0."""
    reached = progress_over(months, accumulation=accumulation)
    return reached if reached is not None else ZERO


def physical_message(
    product: Product, programmed: Decimal, goal: Decimal, *, accumulation: str = Accumulation.CUMULATIVE
) -> str | None:
    if programmed == goal:
        return None
    reaches = (
        f"queda en {_qty(programmed)} al cierre del año"
        if accumulation == Accumulation.NON_CUMULATIVE
        else f"suma {_qty(programmed)}"
    )
    return (
        f"La programación física de {product.code} {product.name} {reaches} y la meta anual es "
        f"{_qty(goal)}: {_difference(programmed, goal, _qty)}."
    )


# --- The plan sheet ------------------------------------------------------------------------------


@dataclass
class ProductLine:
    product: Product
    goal: Decimal | None
    months: list[Decimal]
    total: Decimal
    message: str | None


@dataclass
class EntryLine:
    entry: ActionPlanEntry
    definitive: Decimal
    months: list[Decimal]
    total: Decimal
    message: str | None
    products: list[ProductLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.message is None and all(p.message is None for p in self.products)

    @property
    def messages(self) -> list[str]:
        return [m for m in [self.message] + [p.message for p in self.products] if m]


@dataclass
class PlanSheet:
    plan: ActionPlan
    at_date: dt.date
    entries: list[EntryLine]

    @property
    def differences(self) -> list[EntryLine]:
        """The lines whose programming does not add up to the definitive budget (explained on the
        published plan: the budget changed after the plan was approved)."""
        return [e for e in self.entries if e.message]

    @property
    def definitive(self):
        return sum((e.definitive for e in self.entries), ZERO)

    @property
    def months(self):
        return [sum((e.months[i] for e in self.entries), ZERO) for i in range(12)]

    @property
    def total(self):
        return sum((e.total for e in self.entries), ZERO)

    @property
    def ok(self) -> bool:
        return bool(self.entries) and all(e.ok for e in self.entries)


ENTRY_ORDER = ("project__bank_code", "project_id")


def plan_sheet(
    plan: ActionPlan, at_date: dt.date | None = None, *, entry_ids: list[int] | None = None,
    budgets: dict[int, Decimal] | None = None,
) -> PlanSheet:
    """Entries with their monthly programming, goals in force and definitive budgets (7 queries,
    5 when `budgets` — {project_id: definitive budget at `at_date`}, e.g. PlanSummary.budgets — is given).
    `entry_ids` limits the sheet to those entries (one page of the plan), in the same order."""
    year = plan.fiscal_year.year
    at_date = at_date or budget_selectors.reference_date(year)
    entries_qs = (
        ActionPlanEntry.objects.filter(plan=plan)
        .select_related("project", "project__program", "responsible")
        .order_by(*ENTRY_ORDER)
    )
    financial_qs = FinancialMonthlyTarget.objects.filter(entry__plan=plan)
    physical_qs = PhysicalMonthlyTarget.objects.filter(entry__plan=plan)
    if entry_ids is not None:
        entries_qs = entries_qs.filter(pk__in=entry_ids)
        financial_qs = FinancialMonthlyTarget.objects.filter(entry_id__in=entry_ids)
        physical_qs = PhysicalMonthlyTarget.objects.filter(entry_id__in=entry_ids)
    entries = list(entries_qs)
    # Month rows as plain tuples: thousands of them, model instances would cost more than the query.
    financial: dict[int, list[Decimal]] = {}
    for entry_id, month, amount in financial_qs.order_by().values_list("entry_id", "month", "amount"):
        financial.setdefault(entry_id, [ZERO] * 12)[month - 1] = amount
    physical: dict[tuple[int, int], list[Decimal]] = {}
    programmed: dict[tuple[int, int], dict[int, Decimal]] = {}
    for entry_id, product_id, month, quantity in physical_qs.order_by().values_list(
        "entry_id", "product_id", "month", "quantity"
    ):
        physical.setdefault((entry_id, product_id), [ZERO] * 12)[month - 1] = quantity
        programmed.setdefault((entry_id, product_id), {})[month] = quantity
    project_ids = [e.project_id for e in entries]
    products_by_project: dict[int, list[Product]] = {}
    for product in Product.objects.filter(project_id__in=project_ids).select_related("indicator").order_by("code", "id"):
        products_by_project.setdefault(product.project_id, []).append(product)
    all_products = [p.pk for ps in products_by_project.values() for p in ps]
    goals = budget_money.goals_in_force(all_products, year, at_date)
    if budgets is None:
        budgets = budget_money.definitive_budgets(project_ids, year, at_date)
    lines = []
    for entry in entries:
        months = financial.get(entry.pk) or [ZERO] * 12
        total = sum(months, ZERO)
        definitive = budgets.get(entry.project_id, ZERO)
        line = EntryLine(entry, definitive, months, total, financial_message(total, definitive))
        for product in products_by_project.get(entry.project_id, []):
            goal = goals.get(product.pk)
            pm = physical.get((entry.pk, product.pk)) or [ZERO] * 12
            accumulation = product.indicator.accumulation
            ptotal = programmed_total(programmed.get((entry.pk, product.pk), {}), accumulation=accumulation)
            if goal is None and ptotal == 0:
                continue  # no goal this year, nothing programmed
            message = physical_message(product, ptotal, goal if goal is not None else ZERO, accumulation=accumulation)
            line.products.append(ProductLine(product, goal, pm, ptotal, message))
        lines.append(line)
    return PlanSheet(plan, at_date, lines)


@dataclass
class PlanSummary:
    """What the plan page shows for the whole plan while its sheet shows one page of entries:
    the entries in the sheet's order, the totals row and the programming that does not add up."""

    at_date: dt.date
    entry_ids: list[int]
    budgets: dict[int, Decimal]  # {project_id: definitive budget at at_date}, for plan_sheet(budgets=...)
    definitive: Decimal
    months: list[Decimal]
    total: Decimal
    problems: list[str] | None  # "BPIN name: message" in the sheet's order; None = not checked

    @property
    def ok(self) -> bool:
        """As PlanSheet.ok for the whole plan (only meaningful when the problems were checked)."""
        return bool(self.entry_ids) and not self.problems


def plan_summary(plan: ActionPlan, at_date: dt.date | None = None, *, with_problems: bool = True) -> PlanSummary:
    """Plan-wide figures of `plan_sheet` in a constant number of queries (four, seven with the
    problems): money as sums in the database; the physical programming month by month, because
    what it reaches follows each indicator's accumulation. The problems are the messages of
    `plan_sheet` for every entry."""
    year = plan.fiscal_year.year
    at_date = at_date or budget_selectors.reference_date(year)
    entries = list(
        ActionPlanEntry.objects.filter(plan=plan).order_by(*ENTRY_ORDER)
        .values_list("pk", "project_id", "project__bank_code", "project__name")
    )
    project_ids = [row[1] for row in entries]
    budgets = budget_money.definitive_budgets(project_ids, year, at_date)
    months = [ZERO] * 12
    for month, amount in (
        FinancialMonthlyTarget.objects.filter(entry__plan=plan).values("month").annotate(total=Sum("amount"))
        .order_by().values_list("month", "total")
    ):
        months[month - 1] = amount
    definitive = sum(budgets.values(), ZERO)
    entry_ids = [row[0] for row in entries]
    if not with_problems:
        return PlanSummary(at_date, entry_ids, budgets, definitive, months, sum(months, ZERO), None)
    financial = dict(
        FinancialMonthlyTarget.objects.filter(entry__plan=plan).values("entry_id").annotate(total=Sum("amount"))
        .order_by().values_list("entry_id", "total")
    )
    # Month by month (twelve rows per product at most): what a programming reaches depends on
    # its indicator's accumulation, which a sum in the database would ignore.
    physical: dict[tuple[int, int], dict[int, Decimal]] = {}
    for entry_id, product_id, month, quantity in (
        PhysicalMonthlyTarget.objects.filter(entry__plan=plan).order_by()
        .values_list("entry_id", "product_id", "month", "quantity")
    ):
        physical.setdefault((entry_id, product_id), {})[month] = quantity
    products_by_project: dict[int, list[tuple[int, str, str, str, Decimal | None]]] = {}
    for pk, project_id, code, name, accumulation, goal in (
        Product.objects.filter(project__action_plan_entries__plan=plan)
        .annotate(goal_in_force=budget_money.goal_in_force_expression(year, at_date))
        .order_by("code", "id")
        .values_list("pk", "project_id", "code", "name", "indicator__accumulation", "goal_in_force")
    ):
        products_by_project.setdefault(project_id, []).append((pk, code, name, accumulation, goal))
    problems: list[str] = []
    for entry_id, project_id, bank_code, project_name in entries:
        label = f"{bank_code} {project_name}"
        message = financial_message(financial.get(entry_id, ZERO), budgets.get(project_id, ZERO))
        if message:
            problems.append(f"{label}: {message}")
        for product_id, code, name, accumulation, goal in products_by_project.get(project_id, []):
            programmed = programmed_total(physical.get((entry_id, product_id), {}), accumulation=accumulation)
            if goal is None and programmed == 0:
                continue  # no goal this year, nothing programmed (as in plan_sheet)
            message = physical_message(
                Product(pk=product_id, code=code, name=name), programmed, goal if goal is not None else ZERO,
                accumulation=accumulation,
            )
            if message:
                problems.append(f"{label}: {message}")
    return PlanSummary(at_date, entry_ids, budgets, definitive, months, sum(months, ZERO), problems)


# Every model whose rows feed plan_summary(): the plan, its entries and programming, the projects'
# products, goals and indicators (their accumulation), and the year's money.
_SUMMARY_INPUTS = (
    ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget, Project, Product, ProductGoal,
    TargetReprogramming, Indicator, FiscalYear, ProjectAllocation, BudgetModification,
)


def inputs_version() -> tuple:
    """A version of everything a plan's sheet and totals are computed from (one query): it changes
    whenever any of it does (isvimed_planning.caching)."""
    return history_marks(_SUMMARY_INPUTS)


def page_summary(plan: ActionPlan, *, with_problems: bool, version: tuple | None = None) -> PlanSummary:
    """plan_summary() for the plan's pages (staff and public), which show 50 entries of a plan
    that may have 20,000 at a whole administration's size: kept under a version of its inputs
    (isvimed_planning.caching: never stale, recomputed once after a change). Services that check
    the plan (its approval) call plan_summary() itself."""
    at_date = budget_selectors.reference_date(plan.fiscal_year.year)
    return versioned(
        f"action_plan:summary:{plan.pk}:{at_date.isoformat()}:{int(with_problems)}",
        version if version is not None else inputs_version(),
        lambda: plan_summary(plan, at_date, with_problems=with_problems),
    )


# --- The legal deadline: published by 31 January ------------------------------------------------


@dataclass
class Deadline:
    level: str  # info | at_risk | overdue | done | late
    message: str
    due: dt.date


def deadline(year: int, plan: ActionPlan | None, today: dt.date | None = None) -> Deadline:
    today = today or timezone.localdate()
    due = dt.date(year, 1, 31)
    if plan is not None and plan.state == ActionPlanState.PUBLISHED and plan.published_at:
        published = timezone.localtime(plan.published_at).date()
        if published <= due:
            return Deadline("done", f"Publicado el {format_date(published)}, dentro del plazo legal ({format_date(due)}).", due)
        return Deadline("late", f"Publicado el {format_date(published)}, después del plazo legal ({format_date(due)}).", due)
    if today < dt.date(year, 1, 1):
        return Deadline(
            "info", f"El plan de acción {year} debe publicarse a más tardar el {format_date(due)} ({LEGAL_BASIS}).", due
        )
    if today <= due:
        left = (due - today).days
        when = "hoy es el último día" if left == 0 else ("queda 1 día" if left == 1 else f"quedan {left} días")
        return Deadline(
            "at_risk",
            f"El plan de acción {year} debe publicarse a más tardar el {format_date(due)} ({LEGAL_BASIS}): {when}.",
            due,
        )
    return Deadline(
        "overdue",
        f"El plan de acción {year} está vencido: debía publicarse a más tardar el {format_date(due)} ({LEGAL_BASIS}).",
        due,
    )

"""Reads of step 4.5: who sees the plans, the plan sheet with its sums, the legal deadline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from budget import selectors as budget_selectors
from isvimed_planning import roles
from isvimed_planning.roles import has_role
from isvimed_planning.templatetags.isvimed import format_cop, format_date, format_number
from projects.models import Product

from .models import ActionPlan, ActionPlanEntry, ActionPlanState, FinancialMonthlyTarget, PhysicalMonthlyTarget

ZERO = Decimal(0)
MONTHS = range(1, 13)
MONTH_LABELS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
MONTH_NAMES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre",
]
LEGAL_BASIS = "Ley 1474 de 2011, art. 74"


def can_read_plans(user) -> bool:
    return has_role(user, *roles.READ_ALL_ROLES, roles.RESPONSABLE)


def can_edit_plans(user) -> bool:
    return has_role(user, roles.PLANEACION)


def visible_plans(user) -> QuerySet[ActionPlan]:
    """Every role reads the institutional plan (it becomes public once published)."""
    if can_read_plans(user):
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


def physical_message(product: Product, programmed: Decimal, goal: Decimal) -> str | None:
    if programmed == goal:
        return None
    return (
        f"La programación física de {product.code} {product.name} suma {_qty(programmed)} y la meta anual es "
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


def plan_sheet(plan: ActionPlan, at_date: dt.date | None = None, *, entry_ids: list[int] | None = None) -> PlanSheet:
    """Entries with their monthly programming, goals in force and definitive budgets (7 queries)."""
    year = plan.fiscal_year.year
    at_date = at_date or budget_selectors.reference_date(year)
    entries_qs = (
        ActionPlanEntry.objects.filter(plan=plan)
        .select_related("project", "project__program", "responsible")
        .prefetch_related(
            Prefetch("financial_months", queryset=FinancialMonthlyTarget.objects.order_by("month")),
            Prefetch("physical_months", queryset=PhysicalMonthlyTarget.objects.order_by("product_id", "month")),
        )
        .order_by("project__bank_code", "project_id")
    )
    if entry_ids is not None:
        entries_qs = entries_qs.filter(pk__in=entry_ids)
    entries = list(entries_qs)
    project_ids = [e.project_id for e in entries]
    products_by_project: dict[int, list[Product]] = {}
    for product in Product.objects.filter(project_id__in=project_ids).order_by("code", "id"):
        products_by_project.setdefault(product.project_id, []).append(product)
    all_products = [p.pk for ps in products_by_project.values() for p in ps]
    goals = budget_selectors.goals_in_force(all_products, year, at_date)
    budgets = budget_selectors.definitive_budgets(project_ids, year, at_date)
    lines = []
    for entry in entries:
        months = [ZERO] * 12
        for row in entry.financial_months.all():
            months[row.month - 1] = row.amount
        total = sum(months, ZERO)
        definitive = budgets.get(entry.project_id, ZERO)
        line = EntryLine(entry, definitive, months, total, financial_message(total, definitive))
        physical: dict[int, list[Decimal]] = {}
        for row in entry.physical_months.all():
            physical.setdefault(row.product_id, [ZERO] * 12)[row.month - 1] = row.quantity
        for product in products_by_project.get(entry.project_id, []):
            goal = goals.get(product.pk)
            pm = physical.get(product.pk, [ZERO] * 12)
            ptotal = sum(pm, ZERO)
            if goal is None and ptotal == 0:
                continue  # no goal this year, nothing programmed
            message = physical_message(product, ptotal, goal if goal is not None else ZERO)
            line.products.append(ProductLine(product, goal, pm, ptotal, message))
        lines.append(line)
    return PlanSheet(plan, at_date, lines)


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

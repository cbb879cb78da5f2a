"""Use cases of step 4.5: build the plan from the budget, program it month by month, and move
it draft → approved (Director) → published (Planeación). A published plan is read-only."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budget import money as budget_money, selectors as budget_selectors
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning import roles
from isvimed_planning.models import User
from isvimed_planning.versioning import claim_version
from isvimed_planning.workflow import DomainError, Hooks
from projects.models import Product, ProjectState

from . import selectors
from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanState as S,
    FinancialMonthlyTarget,
    PhysicalMonthlyTarget,
)
from .workflow import APPROVE, PLAN_WORKFLOW, PUBLISH, RETURN

ZERO = Decimal(0)
PLAN_STATES = (ProjectState.REGISTERED, ProjectState.VIABLE, ProjectState.IN_EXECUTION)
ROLE_REFUSED = "Su rol no permite esta acción."
NOT_DRAFT = "El plan de acción {year} está {state}: no admite cambios."
NO_ENTRIES = "El plan de acción no tiene proyectos: constrúyalo desde los techos de la vigencia."
NO_PROJECTS = (
    "No hay proyectos inscritos, viables o en ejecución con techo en la vigencia {year}: asigne los techos primero."
)


class ProgrammingError(DomainError):
    """Monthly programming that does not add up; `errors` = [(field, message), ...]."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        super().__init__(errors[0][1], field=errors[0][0])
        self.errors = errors


def _check_draft(plan: ActionPlan) -> None:
    if plan.state != S.DRAFT:
        raise DomainError(NOT_DRAFT.format(year=plan.fiscal_year.year, state=plan.get_state_display().lower()))


@transaction.atomic
def plan_build(*, by: User, fiscal_year: FiscalYear) -> ActionPlan:
    """Creates the year's plan (or completes a draft): one entry per project with money."""
    if not roles.may(by, "action_plan.edit_plans"):
        raise DomainError(ROLE_REFUSED)
    plan, _ = ActionPlan.objects.select_for_update().get_or_create(fiscal_year=fiscal_year)
    _check_draft(plan)
    project_ids = set(
        ProjectAllocation.objects.filter(fiscal_year=fiscal_year, project__state__in=PLAN_STATES).values_list(
            "project_id", flat=True
        )
    )
    existing = set(plan.entries.values_list("project_id", flat=True))
    if not project_ids and not existing:
        raise DomainError(NO_PROJECTS.format(year=fiscal_year.year))
    from projects.models import Project

    for project in Project.objects.filter(pk__in=project_ids - existing).order_by("bank_code"):
        ActionPlanEntry.objects.create(plan=plan, project=project, responsible_id=project.lead_id)
    return plan


def _validate_programming(entry: ActionPlanEntry, financial: list[Decimal], physical: dict[int, list[Decimal]]):
    year = entry.plan.fiscal_year.year
    at = budget_selectors.reference_date(year)
    errors: list[tuple[str | None, str]] = []
    definitive = budget_money.definitive_budget(entry.project_id, year, at)
    message = selectors.financial_message(sum(financial, ZERO), definitive)
    if message:
        errors.append(("financial", message))
    products = {p.pk: p for p in Product.objects.filter(project_id=entry.project_id).select_related("indicator")}
    goals = budget_money.goals_in_force(list(products), year, at)
    for product_id, months in physical.items():
        product = products.get(product_id)
        if product is None:
            raise DomainError("El producto no pertenece a este proyecto.")
        goal = goals.get(product_id, ZERO)
        accumulation = product.indicator.accumulation
        reached = selectors.programmed_total(dict(enumerate(months, start=1)), accumulation=accumulation)
        message = selectors.physical_message(product, reached, goal, accumulation=accumulation)
        if message:
            errors.append((f"physical_{product_id}", message))
    missing = [p for pid, p in products.items() if goals.get(pid) and pid not in physical]
    for product in missing:
        message = selectors.physical_message(
            product, ZERO, goals[product.pk], accumulation=product.indicator.accumulation
        )
        if message:  # always: a product with a goal and nothing programmed
            errors.append((f"physical_{product.pk}", message))
    if errors:
        raise ProgrammingError(errors)


@transaction.atomic
def entry_save(
    *, by: User, entry: ActionPlanEntry, responsible: User, financial: list[Decimal], physical: dict[int, list[Decimal]],
    version: int | None = None,
) -> ActionPlanEntry:
    """Saves the responsible and the twelve months; the months must add up (else nothing is saved).

    `version` is the entry's version the form was opened on: a stale form is refused whole."""
    if not roles.may(by, "action_plan.edit_plans"):
        raise DomainError(ROLE_REFUSED)
    plan = ActionPlan.objects.select_for_update().select_related("fiscal_year").get(pk=entry.plan_id)
    _check_draft(plan)
    entry.plan = plan
    if len(financial) != 12 or any(len(m) != 12 for m in physical.values()):
        raise DomainError("La programación debe tener los doce meses.")
    if any(v < 0 for v in financial) or any(v < 0 for m in physical.values() for v in m):
        raise DomainError("Ningún mes puede tener un valor negativo.")
    _validate_programming(entry, financial, physical)
    claim_version(entry, version)
    if entry.responsible_id != responsible.pk:
        entry.responsible = responsible
        entry.save(update_fields=["responsible"])
    for month, amount in zip(selectors.MONTHS, financial, strict=True):
        FinancialMonthlyTarget.objects.update_or_create(entry=entry, month=month, defaults={"amount": amount})
    for product_id, months in physical.items():
        for month, quantity in zip(selectors.MONTHS, months, strict=True):
            PhysicalMonthlyTarget.objects.update_or_create(
                entry=entry, product_id=product_id, month=month, defaults={"quantity": quantity}
            )
    return entry


def _approve_hooks(by: User) -> dict[str, Hooks]:
    def check_and_sign(plan: ActionPlan, transition) -> None:
        # The plan-wide sums, not the whole sheet: the same problems, in the same order.
        summary = selectors.plan_summary(plan)
        if not summary.entry_ids:
            raise DomainError(NO_ENTRIES)
        if summary.problems:
            raise DomainError(summary.problems[0])
        plan.approved_by = by
        plan.approved_at = timezone.now()

    def unsign(plan: ActionPlan, transition) -> None:
        plan.approved_by = None
        plan.approved_at = None

    def stamp_publication(plan: ActionPlan, transition) -> None:
        plan.published_at = timezone.now()

    return {APPROVE: Hooks(before=check_and_sign), RETURN: Hooks(before=unsign), PUBLISH: Hooks(before=stamp_publication)}


def plan_transition(*, by: User, plan: ActionPlan, name: str, comment: str = "") -> ActionPlan:
    record = PLAN_WORKFLOW.apply(obj=plan, name=name, by=by, comment=comment, hooks=_approve_hooks(by))
    return record.plan

"""Use cases of step 4.5: build the plan from the budget, program it month by month, and move
it draft → approved (Director) → published (Planeación). A published plan is read-only."""
from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budget import selectors as budget_selectors
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning import roles
from isvimed_planning.models import User
from isvimed_planning.notices import notify
from isvimed_planning.versioning import claim_version
from isvimed_planning.workflow import DomainError, Transition, Workflow
from projects.models import Product, ProjectState

from . import selectors
from .models import (
    ActionPlan,
    ActionPlanEntry,
    ActionPlanState as S,
    ActionPlanTransition,
    FinancialMonthlyTarget,
    PhysicalMonthlyTarget,
)

ZERO = Decimal(0)
PLAN_STATES = (ProjectState.REGISTERED, ProjectState.VIABLE, ProjectState.IN_EXECUTION)
ROLE_REFUSED = "Su rol no permite esta acción."
NOT_DRAFT = "El plan de acción {year} está {state}: no admite cambios."
NO_ENTRIES = "El plan de acción no tiene proyectos: constrúyalo desde los techos de la vigencia."
NO_PROJECTS = (
    "No hay proyectos inscritos, viables o en ejecución con techo en la vigencia {year}: asigne los techos primero."
)

APPROVE, RETURN, PUBLISH = "approve", "return", "publish"
PLAN_WORKFLOW = Workflow(
    [
        Transition(APPROVE, "Aprobar", (S.DRAFT,), S.APPROVED, (roles.DIRECCION,)),
        Transition(RETURN, "Devolver", (S.APPROVED,), S.DRAFT, (roles.DIRECCION,), needs_comment=True, style="danger"),
        Transition(PUBLISH, "Publicar", (S.APPROVED,), S.PUBLISHED, (roles.PLANEACION,)),
    ],
    state_labels=dict(S.choices),
)
NOTICE_TITLES = {
    APPROVE: "Plan de acción {year} aprobado por la Dirección",
    RETURN: "Plan de acción {year} devuelto por la Dirección",
    PUBLISH: "Plan de acción {year} publicado",
}


class ProgrammingError(DomainError):
    """Monthly programming that does not add up; `errors` = [(field, message), ...]."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        super().__init__(errors[0][1], field=errors[0][0])
        self.errors = errors


def _users_with(*role_names: str):
    return User.objects.filter(groups__in=Group.objects.filter(name__in=role_names), is_active=True).distinct()


def _check_draft(plan: ActionPlan) -> None:
    if plan.state != S.DRAFT:
        raise DomainError(NOT_DRAFT.format(year=plan.fiscal_year.year, state=plan.get_state_display().lower()))


@transaction.atomic
def plan_build(*, user, fiscal_year: FiscalYear) -> ActionPlan:
    """Creates the year's plan (or completes a draft): one entry per project with money."""
    if not selectors.can_edit_plans(user):
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
    definitive = budget_selectors.definitive_budget(entry.project_id, year, at)
    message = selectors.financial_message(sum(financial, ZERO), definitive)
    if message:
        errors.append(("financial", message))
    products = {p.pk: p for p in Product.objects.filter(project_id=entry.project_id)}
    goals = budget_selectors.goals_in_force(list(products), year, at)
    for product_id, months in physical.items():
        product = products.get(product_id)
        if product is None:
            raise DomainError("El producto no pertenece a este proyecto.")
        goal = goals.get(product_id, ZERO)
        message = selectors.physical_message(product, sum(months, ZERO), goal)
        if message:
            errors.append((f"physical_{product_id}", message))
    missing = [p for pid, p in products.items() if goals.get(pid) and pid not in physical]
    for product in missing:
        message = selectors.physical_message(product, ZERO, goals[product.pk])
        if message:  # always: a product with a goal and nothing programmed
            errors.append((f"physical_{product.pk}", message))
    if errors:
        raise ProgrammingError(errors)


@transaction.atomic
def entry_save(
    *, user, entry: ActionPlanEntry, responsible: User, financial: list[Decimal], physical: dict[int, list[Decimal]],
    version: int | None = None,
) -> ActionPlanEntry:
    """Saves the responsible and the twelve months; the months must add up (else nothing is saved).

    `version` is the entry's version the form was opened on: a stale form is refused whole."""
    if not selectors.can_edit_plans(user):
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


@transaction.atomic
def plan_transition(*, user, plan: ActionPlan, name: str, comment: str = "") -> ActionPlan:
    locked = ActionPlan.objects.select_for_update().select_related("fiscal_year").get(pk=plan.pk)
    transition = PLAN_WORKFLOW.check(name, locked, user, comment=comment)
    year = locked.fiscal_year.year
    if name == APPROVE:
        # The plan-wide sums, not the whole sheet: the same problems, in the same order.
        summary = selectors.plan_summary(locked)
        if not summary.entry_ids:
            raise DomainError(NO_ENTRIES)
        if summary.problems:
            raise DomainError(summary.problems[0])
        locked.approved_by = user
        locked.approved_at = timezone.now()
    if name == RETURN:
        locked.approved_by = None
        locked.approved_at = None
    if name == PUBLISH:
        locked.published_at = timezone.now()
    from_state = locked.state
    locked.state = transition.target
    locked.save()
    ActionPlanTransition.objects.create(
        plan=locked, name=name, from_state=from_state, to_state=transition.target, by=user, comment=comment.strip()
    )
    recipients = list(_users_with(roles.PLANEACION, roles.DIRECCION))
    if name == PUBLISH:
        recipients += list(User.objects.filter(pk__in=locked.entries.values("responsible_id")))
    notify(
        recipients=[u for u in recipients if u.pk != user.pk], kind="action_plan",
        key=f"action-plan-{locked.pk}-{name}-{locked.transitions.count()}",
        title=NOTICE_TITLES[name].format(year=year), body=comment.strip(),
        url=reverse("action_plan:detail", args=[year]),
    )
    return locked

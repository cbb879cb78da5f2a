"""Use cases of step 4.3: budget years, allocations within the global ceiling, unit costs,
budget modifications and goal reprogramming.

The ceiling invariant (Σ allocations of a year <= its global ceiling) is kept twice: the
services lock the year's row (select_for_update) and move `allocated_total` with F()
expressions, and a CheckConstraint makes the database refuse any overshoot anyway.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.formatting import format_cop, format_date, format_number
from isvimed_planning.models import User
from isvimed_planning.notices import notify
from isvimed_planning.versioning import claim_version, stale_error
from isvimed_planning.workflow import DomainError
from projects.models import FundingSource, Product, Project, ProjectState
from projects.services import INACTIVE_SOURCE

from . import money, selectors
from .models import (
    MODIFICATION_SIGN,
    BudgetModification,
    FiscalYear,
    FiscalYearState,
    ModificationKind,
    ProjectAllocation,
    ReprogrammingState,
    TargetReprogramming,
    UnitCost,
)

ZERO = Decimal(0)
ROLE_REFUSED = "Su rol no permite esta acción."
YEAR_CLOSED = "La vigencia {year} está cerrada: no admite cambios."
YEAR_EXISTS = "Ya existe la vigencia {year}."
OVERSHOOT = "La asignación supera el tope global de la vigencia {year} en {amount}."
CEILING_BELOW_ALLOCATED = "El tope global no puede ser menor que lo ya asignado en la vigencia {year} ({amount})."
NEGATIVE_DEFINITIVE = "La modificación deja el presupuesto definitivo del proyecto en {amount}: no puede ser negativo."
NEGATIVE_SOURCE = "La modificación deja la fuente {source} del proyecto en {amount}: no puede ser negativa."
SOURCE_NEEDED = "El proyecto tiene {count} fuentes de financiación en {year}: elija la fuente de la modificación."
DATE_OUTSIDE_YEAR = "La fecha debe estar dentro de la vigencia {year}."
NO_GOAL = "El producto no tiene meta para {year}: no hay meta que reprogramar."
ALREADY_DECIDED = "Esta reprogramación ya fue decidida."
SAME_DATE_APPROVED = "Ya hay una reprogramación aprobada de este producto con fecha {date}: elija otra fecha."
REJECT_NEEDS_COMMENT = "Escriba un comentario que explique el rechazo."
NOT_FUNDABLE = "Solo se asignan techos a proyectos inscritos, viables o en ejecución."
# Projects that may receive money: registered in the bank and neither discarded nor closed.
FUNDABLE_STATES = (ProjectState.REGISTERED, ProjectState.VIABLE, ProjectState.IN_EXECUTION)


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(ROLE_REFUSED)


def _check_open(fiscal_year: FiscalYear) -> None:
    if fiscal_year.state != FiscalYearState.OPEN:
        raise DomainError(YEAR_CLOSED.format(year=fiscal_year.year))


def _locked_year(fiscal_year: FiscalYear) -> FiscalYear:
    return FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)


# --- Budget year ------------------------------------------------------------------------------


@transaction.atomic
def fiscal_year_create(*, by: User, year: int, global_ceiling: Decimal, opened_on: dt.date | None = None) -> FiscalYear:
    _require(roles.may(by, "budget.edit_budget"))
    if FiscalYear.objects.filter(year=year).exists():
        raise DomainError(YEAR_EXISTS.format(year=year), field="year")
    if global_ceiling < 0:
        raise DomainError("El tope global no puede ser negativo.", field="global_ceiling")
    return FiscalYear.objects.create(
        year=year, global_ceiling=global_ceiling, opened_on=opened_on or timezone.localdate()
    )


@transaction.atomic
def fiscal_year_set_ceiling(
    *, by: User, fiscal_year: FiscalYear, global_ceiling: Decimal, version: int | None = None
) -> FiscalYear:
    _require(roles.may(by, "budget.edit_budget"))
    fy = _locked_year(fiscal_year)
    _check_open(fy)
    if global_ceiling < fy.allocated_total:
        raise DomainError(
            CEILING_BELOW_ALLOCATED.format(year=fy.year, amount=format_cop(fy.allocated_total)), field="global_ceiling"
        )
    claim_version(fy, version if version is not None else fiscal_year.version)
    fy.global_ceiling = global_ceiling
    fy.save(update_fields=["global_ceiling"])
    return fy


@transaction.atomic
def fiscal_year_close(*, by: User, fiscal_year: FiscalYear) -> FiscalYear:
    _require(roles.may(by, "budget.edit_budget"))
    fy = _locked_year(fiscal_year)
    _check_open(fy)
    fy.state = FiscalYearState.CLOSED
    fy.closed_at = timezone.now()
    fy.save(update_fields=["state", "closed_at"])
    notify(
        recipients=roles.users_with_role(roles.PLANEACION, roles.DIRECCION), kind="budget", key=f"fiscal-year-closed-{fy.pk}",
        title=f"Presupuesto de la vigencia {fy.year} cerrado: ya se puede construir el plan de acción",
        url=reverse("budget:year", args=[fy.year]),
    )
    return fy


@transaction.atomic
def fiscal_year_reopen(*, by: User, fiscal_year: FiscalYear) -> FiscalYear:
    _require(roles.may(by, "budget.edit_budget"))
    fy = _locked_year(fiscal_year)
    fy.state = FiscalYearState.OPEN
    fy.closed_at = None
    fy.save(update_fields=["state", "closed_at"])
    return fy


# --- Allocations within the ceiling ---------------------------------------------------------


def _move_allocated_total(fy: FiscalYear, delta: Decimal) -> None:
    """Adds `delta` to the year's allocated total; the database refuses an overshoot."""
    if delta == 0:
        return
    try:
        with transaction.atomic():
            FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=F("allocated_total") + delta)
    except IntegrityError:
        allocated, ceiling = FiscalYear.objects.values_list("allocated_total", "global_ceiling").get(pk=fy.pk)
        overshoot = money.shortfall(allocated + delta, ceiling)
        raise DomainError(OVERSHOOT.format(year=fy.year, amount=format_cop(overshoot)), field="amount") from None


def _check_within_ceiling(fy: FiscalYear, delta: Decimal) -> None:
    overshoot = money.shortfall(fy.allocated_total + delta, fy.global_ceiling)
    if delta > 0 and overshoot:
        raise DomainError(OVERSHOOT.format(year=fy.year, amount=format_cop(overshoot)), field="amount")


def _affordability_notice(fy: FiscalYear, project: Project) -> None:
    """Warns planning when the project's money no longer pays for its goals."""
    at = selectors.reference_date(fy.year)
    for item in selectors.unaffordable([project.pk], fy.year, at):
        notify(
            recipients=roles.users_with_role(roles.PLANEACION), kind="budget",
            key=f"unaffordable-{project.pk}-{fy.year}-{item.budget}",
            title=f"Las metas de «{project.name}» ya no caben en su presupuesto {fy.year}: reprograme las metas",
            url=reverse("budget:year", args=[fy.year]) + "#metas",
        )


@transaction.atomic
def allocation_set(
    *, by: User, fiscal_year: FiscalYear, project: Project, source: FundingSource, amount: Decimal,
    version: int | None = None,
) -> ProjectAllocation:
    """Creates or changes the ceiling of a project for a funding source in a year.

    `version` is the one of the ceiling the edit form was opened on (none from the create form)."""
    _require(roles.may(by, "budget.edit_budget"))
    if amount < 0:
        raise DomainError("El valor no puede ser negativo.", field="amount")
    if project.state not in FUNDABLE_STATES:
        raise DomainError(NOT_FUNDABLE, field="project")
    fy = _locked_year(fiscal_year)
    _check_open(fy)
    allocation = (
        ProjectAllocation.objects.select_for_update().filter(fiscal_year=fy, project=project, source=source).first()
    )
    if allocation is None and not source.active:
        raise DomainError(INACTIVE_SOURCE.format(source=source), field="source")
    old = allocation.amount if allocation else ZERO
    delta = amount - old
    _check_within_ceiling(fy, delta)
    if allocation is not None and version is not None:
        claim_version(allocation, version)
    _move_allocated_total(fy, delta)
    if allocation is None:
        allocation = ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=source, amount=amount)
    elif delta != 0:
        allocation.amount = amount
        allocation.save(update_fields=["amount"])
    if delta < 0:
        _affordability_notice(fy, project)
    return allocation


@transaction.atomic
def allocation_delete(*, by: User, allocation: ProjectAllocation) -> None:
    _require(roles.may(by, "budget.edit_budget"))
    fy = _locked_year(allocation.fiscal_year)
    _check_open(fy)
    locked = ProjectAllocation.objects.select_for_update().filter(pk=allocation.pk).first()
    if locked is None:
        return
    project = locked.project
    _move_allocated_total(fy, -locked.amount)
    locked.delete()
    _affordability_notice(fy, project)


# --- Unit costs -------------------------------------------------------------------------------


@transaction.atomic
def unit_cost_set(*, by: User, product: Product, year: int, amount: Decimal, version: int | None = None) -> UnitCost:
    """Sets the cost; `version` is the one of the cost the form was opened on (0: there was none)."""
    _require(roles.may(by, "budget.edit_unit_costs"))
    if amount <= 0:
        raise DomainError("El costo unitario debe ser mayor que cero.", field="amount")
    cost, created = UnitCost.objects.select_for_update().get_or_create(
        product=product, year=year, defaults={"amount": amount}
    )
    if version is not None:
        if created and version:  # the cost the user saw was removed meanwhile
            raise stale_error(cost)
        if not created:
            if version == 0:  # someone set a cost after the form was opened
                raise stale_error(cost)
            claim_version(cost, version)
    if not created and cost.amount != amount:
        cost.amount = amount
        cost.save(update_fields=["amount"])
    return cost


# --- Budget modifications ---------------------------------------------------------------------


@transaction.atomic
def modification_create(
    *, by: User, fiscal_year: FiscalYear, project: Project, date: dt.date, kind: str, amount: Decimal,
    source: FundingSource | None = None, act_number: str = "",
) -> BudgetModification:
    """Records a budget modification of a project's year. Its source may be left out only when
    the project has a single source among its allocations of the year (it is that one)."""
    _require(roles.may(by, "budget.edit_budget"))
    fy = _locked_year(fiscal_year)
    if date.year != fy.year:
        raise DomainError(DATE_OUTSIDE_YEAR.format(year=fy.year), field="date")
    if amount <= 0:
        raise DomainError("El valor debe ser mayor que cero.", field="amount")
    if kind not in ModificationKind.values:
        raise DomainError("Elija un tipo de modificación.", field="kind")
    sources = money.year_sources([project.pk], fy.year).get(project.pk, [])
    if source is None and len(sources) > 1:
        raise DomainError(SOURCE_NEEDED.format(year=fy.year, count=len(sources)), field="source")
    if source is not None and not source.active and source not in sources:
        raise DomainError(INACTIVE_SOURCE.format(source=source), field="source")
    if MODIFICATION_SIGN[kind] < 0:
        # The definitive budget must stay >= 0 at every later date too, for the project and for the
        # source the money leaves: check at the year's end.
        year_end = dt.date(fy.year, 12, 31)
        definitive = money.definitive_budget(project, fy.year, year_end)
        if not money.fits(amount, definitive):
            raise DomainError(NEGATIVE_DEFINITIVE.format(amount=format_cop(definitive - amount)), field="amount")
        leaving = source or money.single_source(sources)
        by_source = money.source_budgets([project.pk], fy.year, year_end).get(project.pk, {})
        available = by_source[leaving].definitive if leaving in by_source else ZERO
        if leaving is not None and not money.fits(amount, available):
            raise DomainError(
                NEGATIVE_SOURCE.format(source=leaving, amount=format_cop(available - amount)), field="amount"
            )
    modification = BudgetModification.objects.create(
        fiscal_year=fy, project=project, date=date, kind=kind, act_number=act_number.strip(), amount=amount,
        source=source,
    )
    if MODIFICATION_SIGN[kind] < 0:
        _affordability_notice(fy, project)
    return modification


# --- Goal reprogramming -------------------------------------------------------------------------


@transaction.atomic
def reprogramming_request(
    *, by: User, product: Product, year: int, new_goal: Decimal, effective_date: dt.date, justification: str
) -> TargetReprogramming:
    _require(roles.may(by, "budget.request_reprogramming"))
    if not justification.strip():
        raise DomainError("Escriba la justificación de la reprogramación.", field="justification")
    if new_goal < 0:
        raise DomainError("La meta no puede ser negativa.", field="new_goal")
    if effective_date.year != year:
        raise DomainError(DATE_OUTSIDE_YEAR.format(year=year), field="effective_date")
    current = money.goal_in_force(product, year, effective_date)
    if current is None:
        raise DomainError(NO_GOAL.format(year=year), field="new_goal")
    reprogramming = TargetReprogramming.objects.create(
        product=product, year=year, new_goal=new_goal, effective_date=effective_date,
        justification=justification.strip(), requested_by=by,
    )
    notify(
        recipients=roles.users_with_role(roles.DIRECCION), kind="reprogramming", key=f"reprogramming-requested-{reprogramming.pk}",
        title=(
            f"Reprogramación de meta por aprobar: {product.code} {product.name} "
            f"({format_number(current, 4, trim=True)} → {format_number(new_goal, 4, trim=True)})"
        ),
        url=reverse("budget:reprogramming", args=[reprogramming.pk]),
    )
    return reprogramming


@transaction.atomic
def reprogramming_decide(*, by: User, reprogramming: TargetReprogramming, approve: bool, comment: str = "") -> TargetReprogramming:
    _require(roles.may(by, "budget.decide_reprogramming"))
    locked = TargetReprogramming.objects.select_for_update().get(pk=reprogramming.pk)
    if locked.state != ReprogrammingState.PENDING:
        raise DomainError(ALREADY_DECIDED)
    if not approve and not comment.strip():
        raise DomainError(REJECT_NEEDS_COMMENT, field="comment")
    locked.state = ReprogrammingState.APPROVED if approve else ReprogrammingState.REJECTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_comment = comment.strip()
    try:
        with transaction.atomic():
            locked.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    except IntegrityError:
        raise DomainError(SAME_DATE_APPROVED.format(date=format_date(locked.effective_date))) from None
    verdict = "aprobada" if approve else "rechazada"
    notify(
        recipients=[locked.requested_by] + list(roles.users_with_role(roles.PLANEACION)), kind="reprogramming",
        key=f"reprogramming-decided-{locked.pk}",
        title=f"Reprogramación de meta {verdict}: {locked.product.code} {locked.product.name}",
        body=comment.strip(), url=reverse("budget:reprogramming", args=[locked.pk]),
    )
    return locked


"""Use cases of step 4.2: formulate a project section by section, move it through review,
registration and viability, and record the participatory-budget meetings.

Every edit of a project carries the version the user started from (optimistic lock): a save
based on an old version is refused and nothing is overwritten.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import comments, roles
from isvimed_planning.dates import in_window, out_of_window_message, years_between
from isvimed_planning.models import Territory, User
from isvimed_planning.roles import has_role
from isvimed_planning.versioning import claim_version, stale_message
from isvimed_planning.workflow import DomainError, Hooks
from isvimed_planning.yearly import sync_by_year
from strategy.dnp import sentence
from strategy.models import Indicator, IndicatorKind, Program

from . import dnp, workflow as wf
from .bpin import bpin_problem
from .models import (
    Activity,
    ActivityCost,
    Deliverable,
    FundingKind,
    FundingSource,
    ParticipatoryMeeting,
    Product,
    ProductGoal,
    Project,
    ProjectComment,
    ProjectFunding,
    ProjectState,
    ProjectTerritory,
    ProjectTransition,
    Risk,
)

STALE_MESSAGE = stale_message(Project)
NOT_EDITABLE_MESSAGE = "Su rol no permite modificar este proyecto en su estado actual."
COMMENT_REFUSED = (
    "Solo el responsable del proyecto, Planeación y la Dirección comentan un proyecto, y no una vez cerrado."
)
END_BEFORE_START = "La fecha de fin no puede ser anterior a la fecha de inicio."
NEGATIVE_COST = "El costo no puede ser negativo."
NEGATIVE_GOAL = "La meta no puede ser negativa."
NEGATIVE_AMOUNT = "El valor no puede ser negativo."
# Also the budget's (allocations, modifications): one wording for every form that names a source.
INACTIVE_SOURCE = "La fuente {source} está inactiva: elija otra o actívela en la administración."
PP_ONE_TERRITORY = "Un proyecto de presupuesto participativo debe estar en exactamente una comuna o corregimiento."
PP_NOT_CITY = (
    "Un proyecto de presupuesto participativo no puede ir a «Ciudad (sin georreferenciar)»: "
    "elija una comuna o corregimiento."
)


# --- Permissions --------------------------------------------------------------------------


def _require_edit(user, project: Project) -> None:
    if not roles.may(user, "projects.edit_project", project):
        raise DomainError(NOT_EDITABLE_MESSAGE)


# --- Optimistic lock ----------------------------------------------------------------------


def _lock(project: Project, *, by: User, version: int | None) -> Project:
    """Claims the next version of the project, or refuses when `version` is no longer current.

    The compare-and-set UPDATE is atomic in the database, so two saves based on the same
    version cannot both succeed.
    """
    claim_version(project, version, sync=False)
    fresh = Project.objects.select_related("program", "lead").get(pk=project.pk)
    _require_edit(by, fresh)
    _sync(project, fresh)
    return fresh


def _sync(stale: Project, fresh: Project) -> None:
    """Brings the caller's instance up to date (fields and cached relations)."""
    stale.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    stale._state.fields_cache.clear()


def _touch(project: Project) -> None:
    """Saves the project row so its history records the edit (version already claimed)."""
    project.save()


# --- Validation helpers -------------------------------------------------------------------


def _check_dates(start: dt.date, end: dt.date) -> None:
    for name, value in (("start_date", start), ("end_date", end)):
        if value and not in_window(value):
            raise DomainError(out_of_window_message(), field=name)
    if start and end and end < start:
        raise DomainError(END_BEFORE_START, field="end_date")


def _check_indicator(indicator: Indicator, program: Program) -> None:
    if indicator.kind != IndicatorKind.PRODUCT:
        raise DomainError(
            f"El indicador «{indicator.code}» es de resultado; un producto se mide con un indicador de producto.",
            field="indicator",
        )
    if indicator.program_id != program.pk:
        raise DomainError(
            f"El indicador «{indicator.code}» no pertenece al programa del proyecto ({program.code} {program.name}).",
            field="indicator",
        )


def _check_pp_territories(territories: list[Territory]) -> None:
    if len(territories) != 1:
        raise DomainError(PP_ONE_TERRITORY, field="territories")
    if not territories[0].is_placeable:
        raise DomainError(PP_NOT_CITY, field="territories")


def _check_years(project: Project, values: dict[int, Decimal], field: str) -> None:
    years = project_years(project)
    for year in values:
        if year not in years:
            horizon = f" ({years[0]}–{years[-1]})" if years else ""
            raise DomainError(f"El año {year} está fuera del horizonte del proyecto{horizon}.", field=field)


def project_years(project: Project) -> list[int]:
    return years_between(project.start_date, project.end_date)


# --- Creation and sections ----------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    by: User,
    name: str,
    program: Program,
    org_unit,
    start_date: dt.date,
    end_date: dt.date,
    funding_kind: str = FundingKind.ORDINARY,
    lead: User | None = None,
    territory: Territory | None = None,
) -> Project:
    """A lead creates their own project; planning staff create it for any lead."""
    if not roles.may(by, "projects.create_project"):
        raise DomainError("Su rol no permite crear proyectos.")
    if not roles.may(by, "projects.assign_lead") or lead is None:
        lead = by
    if not has_role(lead, roles.RESPONSABLE, roles.PLANEACION):
        raise DomainError("El responsable debe tener el rol de responsable de proyecto.", field="lead")
    _check_dates(start_date, end_date)
    if funding_kind == FundingKind.PARTICIPATORY:
        if territory is None:
            raise DomainError(PP_ONE_TERRITORY, field="territory")
        _check_pp_territories([territory])
    project = Project.objects.create(
        name=name, program=program, org_unit=org_unit, lead=lead, start_date=start_date, end_date=end_date,
        funding_kind=funding_kind, state=ProjectState.FORMULATION, formulation_started_on=timezone.localdate(),
    )
    if territory is not None:
        ProjectTerritory.objects.create(project=project, territory=territory, share=Decimal("100"))
    return project


@transaction.atomic
def project_update_general(
    *,
    project: Project,
    by: User,
    version: int,
    name: str,
    program: Program,
    org_unit,
    start_date: dt.date,
    end_date: dt.date,
    funding_kind: str,
    lead: User | None = None,
) -> Project:
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    _check_dates(start_date, end_date)
    if program.pk != project.program_id:
        foreign = Product.objects.filter(project=project).exclude(indicator__program=program)
        if foreign.exists():
            raise DomainError(
                "El proyecto tiene productos medidos con indicadores de otro programa; "
                "cámbielos antes de cambiar el programa.",
                field="program",
            )
    if funding_kind == FundingKind.PARTICIPATORY:
        territories = [pt.territory for pt in project.territories.select_related("territory")]
        _check_pp_territories(territories)
    years = set(years_between(start_date, end_date))
    outside = (
        ProductGoal.objects.filter(product__project=project).exclude(year__in=years).exists()
        or ActivityCost.objects.filter(activity__product__project=project).exclude(year__in=years).exists()
        or ProjectFunding.objects.filter(project=project).exclude(year__in=years).exists()
    )
    if outside:
        raise DomainError(
            "Hay metas, costos o fuentes en años fuera de las nuevas fechas; ajústelos primero.", field="end_date"
        )
    project.name = name
    project.program = program
    project.org_unit = org_unit
    project.start_date = start_date
    project.end_date = end_date
    project.funding_kind = funding_kind
    if lead is not None and roles.may(by, "projects.assign_lead"):
        project.lead = lead
    _touch(project)
    return project


MGA_FIELDS = (
    "problem", "causes_effects", "general_objective", "specific_objectives",
    "affected_population", "target_population", "population_description",
)


@transaction.atomic
def project_update_mga(*, project: Project, by: User, version: int, **data) -> Project:
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    affected, target = data.get("affected_population"), data.get("target_population")
    if affected is not None and target is not None and target > affected:
        raise DomainError("La población objetivo no puede ser mayor que la población afectada.", field="target_population")
    for name in MGA_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    _touch(project)
    return project


@transaction.atomic
def project_set_territories(
    *, project: Project, by: User, version: int, rows: Iterable[tuple[Territory, Decimal]]
) -> Project:
    """Replaces the project's territories; shares add up to 100 %."""
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    rows = list(rows)
    if not rows:
        raise DomainError("Indique al menos un territorio.", field="territories")
    codes = [t.code for t, _ in rows]
    if len(set(codes)) != len(codes):
        raise DomainError("Hay territorios repetidos; cada territorio va una sola vez.", field="territories")
    for territory, share in rows:
        if share is None or share <= 0 or share > 100:
            raise DomainError(
                f"La participación de {territory.name} debe ser mayor que 0 y a lo sumo 100 %.", field="territories"
            )
    total = sum((share for _, share in rows), Decimal("0"))
    if total != Decimal("100"):
        shown = f"{total.normalize():f}".replace(".", ",")
        raise DomainError(
            f"Las participaciones de los territorios deben sumar 100 % (hoy suman {shown} %).", field="territories"
        )
    if project.funding_kind == FundingKind.PARTICIPATORY:
        _check_pp_territories([t for t, _ in rows])
    for old in list(project.territories.all()):
        old.delete()
    for territory, share in rows:
        ProjectTerritory.objects.create(project=project, territory=territory, share=share)
    _touch(project)
    return project


@transaction.atomic
def product_save(
    *,
    project: Project,
    by: User,
    version: int,
    code: str,
    name: str,
    indicator: Indicator,
    unit: str,
    goals: dict[int, Decimal],
    product: Product | None = None,
    mga_product_code: str | None = None,
) -> Product:
    """Creates or updates a product with its physical goal per year; `mga_product_code` None keeps
    the one it has."""
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    _check_indicator(indicator, project.program)
    for value in goals.values():
        if value is not None and value < 0:
            raise DomainError(NEGATIVE_GOAL, field="goals")
    _check_years(project, goals, "goals")
    clash = Product.objects.filter(project=project, code=code)
    if product is not None:
        clash = clash.exclude(pk=product.pk)
    if clash.exists():
        raise DomainError(f"Ya hay un producto con el código «{code}» en este proyecto.", field="code")
    if product is None:
        product = Product(project=project)
    elif product.project_id != project.pk:
        raise DomainError("El producto no pertenece a este proyecto.")
    product.code, product.name, product.indicator, product.unit = code, name, indicator, unit or indicator.unit
    if mga_product_code is not None:
        mga_product_code = mga_product_code.strip()
        errors = dnp.product_code_errors(product, mga_product_code, program=project.program, indicator=indicator)
        if errors:
            raise DomainError(sentence(errors[0]), field="mga_product_code")
        product.mga_product_code = mga_product_code
    product.save()
    sync_by_year(
        product.goals.all(), goals, field="goal", delete_missing=True,
        create=lambda year, value: ProductGoal.objects.create(product=product, year=year, goal=value),
    )
    _touch(project)
    return product


@transaction.atomic
def activity_save(
    *,
    project: Project,
    by: User,
    version: int,
    product: Product,
    name: str,
    costs: dict[int, Decimal],
    activity: Activity | None = None,
) -> Activity:
    """Creates or updates an activity of a product with its cost per year."""
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    if product.project_id != project.pk:
        raise DomainError("El producto no pertenece a este proyecto.", field="product")
    for value in costs.values():
        if value is not None and value < 0:
            raise DomainError(NEGATIVE_COST, field="costs")
    _check_years(project, costs, "costs")
    if activity is None:
        activity = Activity(product=product)
    elif activity.product.project_id != project.pk:
        raise DomainError("La actividad no pertenece a este proyecto.")
    activity.product, activity.name = product, name
    activity.save()
    sync_by_year(
        activity.costs.all(), costs, field="amount", delete_missing=True,
        create=lambda year, value: ActivityCost.objects.create(activity=activity, year=year, amount=value),
    )
    _touch(project)
    return activity


@transaction.atomic
def deliverable_save(
    *, project: Project, by: User, version: int, name: str, product: Product | None = None,
    due_date: dt.date | None = None, deliverable: Deliverable | None = None,
) -> Deliverable:
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    if product is not None and product.project_id != project.pk:
        raise DomainError("El producto no pertenece a este proyecto.", field="product")
    if due_date and not (project.start_date <= due_date <= project.end_date):
        raise DomainError("La fecha del entregable debe estar entre el inicio y el fin del proyecto.", field="due_date")
    deliverable = deliverable or Deliverable(project=project)
    deliverable.name, deliverable.product, deliverable.due_date = name, product, due_date
    deliverable.save()
    _touch(project)
    return deliverable


@transaction.atomic
def risk_save(
    *, project: Project, by: User, version: int, description: str, probability: str, impact: str,
    mitigation: str = "", risk: Risk | None = None,
) -> Risk:
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    risk = risk or Risk(project=project)
    risk.description, risk.probability, risk.impact, risk.mitigation = description, probability, impact, mitigation
    risk.save()
    _touch(project)
    return risk


@transaction.atomic
def funding_save(
    *, project: Project, by: User, version: int, source: FundingSource, year: int, amount: Decimal,
    funding: ProjectFunding | None = None,
) -> ProjectFunding:
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    if amount < 0:
        raise DomainError(NEGATIVE_AMOUNT, field="amount")
    if not source.active and (funding is None or funding.source_id != source.pk):
        raise DomainError(INACTIVE_SOURCE.format(source=source), field="source")
    _check_years(project, {year: amount}, "year")
    clash = ProjectFunding.objects.filter(project=project, source=source, year=year)
    if funding is not None:
        clash = clash.exclude(pk=funding.pk)
    if clash.exists():
        raise DomainError(f"La fuente «{source}» ya tiene un valor para {year}; modifíquelo.", field="source")
    funding = funding or ProjectFunding(project=project)
    funding.source, funding.year, funding.amount = source, year, amount
    funding.save()
    _touch(project)
    return funding


@transaction.atomic
def project_item_delete(*, project: Project, by: User, version: int | None, item) -> None:
    """Deletes a product, activity, deliverable, risk or funding row of the project."""
    _require_edit(by, project)
    project = _lock(project, by=by, version=version)
    owner = getattr(item, "project_id", None)
    if owner is None and isinstance(item, Activity):
        owner = item.product.project_id
    if owner != project.pk:
        raise DomainError("El elemento no pertenece a este proyecto.")
    if isinstance(item, Product) and item.deliverables.exists():
        item.deliverables.update(product=None)
    item.delete()
    _touch(project)


# --- Totals (computed, never typed) ---------------------------------------------------------


def completeness_problems(project: Project) -> list[str]:
    """What the project still lacks before it can go to review."""
    problems = []
    if not project.problem.strip():
        problems.append("el problema")
    if not project.general_objective.strip():
        problems.append("el objetivo general")
    territories = list(project.territories.select_related("territory"))
    if not territories:
        problems.append("la localización (territorios)")
    elif sum((t.share for t in territories), Decimal(0)) != 100:
        problems.append("territorios que sumen 100 %")
    elif project.funding_kind == FundingKind.PARTICIPATORY and (
        len(territories) != 1 or not territories[0].territory.is_placeable
    ):
        problems.append("una sola comuna o corregimiento (presupuesto participativo)")
    if not project.products.exists():
        problems.append("al menos un producto")
    return problems


# --- Workflow -----------------------------------------------------------------------------


def _check_complete(project: Project, transition) -> None:
    problems = completeness_problems(project)
    if problems:
        raise DomainError("Antes de enviar a revisión complete: " + ", ".join(problems) + ".")


def _check_bank_code(bank_code: str, project: Project) -> None:
    problem = bpin_problem(bank_code)
    if problem:
        raise DomainError(problem, field="bank_code")
    if Project.objects.filter(bank_code=bank_code).exclude(pk=project.pk).exists():
        raise DomainError(f"Ya existe un proyecto con el código BPIN «{bank_code}».", field="bank_code")


def _register_in_bank(bank_code: str, registered_on: dt.date | None):
    """The BPIN the bank assigned and the date, checked and saved with the move to «inscrito»."""

    def before(project: Project, transition) -> None:
        if not bank_code:
            raise DomainError("Escriba el código BPIN que asignó el banco de proyectos.", field="bank_code")
        if registered_on is None:
            raise DomainError("Indique la fecha de inscripción en el banco.", field="registered_on")
        if registered_on > timezone.localdate():
            raise DomainError("La fecha de inscripción no puede ser futura.", field="registered_on")
        _check_bank_code(bank_code, project)
        project.bank_code, project.registered_on = bank_code, registered_on

    return before


def project_transition(
    *, project: Project, by: User, name: str, comment: str = "", version: int | None = None, **data
) -> ProjectTransition:
    """Moves the project along the workflow, records the move and tells the people concerned."""
    hooks = {
        wf.SUBMIT: Hooks(before=_check_complete),
        wf.REGISTER: Hooks(before=_register_in_bank((data.get("bank_code") or "").strip(), data.get("registered_on"))),
    }
    return wf.PROJECT_WORKFLOW.apply(obj=project, name=name, by=by, comment=comment, version=version, hooks=hooks)


BPIN_REASON_MAX = 50
NO_BANK_CODE = "El proyecto aún no está inscrito en el banco: no tiene BPIN que corregir."


@transaction.atomic
def project_bpin_correct(*, project: Project, by: User, bank_code: str, reason: str, version: int | None = None) -> Project:
    """Planning staff correct the BPIN of a registered project; the history keeps the old code and why."""
    if not roles.may(by, "projects.correct_bank_code", project):
        raise DomainError("Solo la Subdirección de Planeación corrige el código BPIN.")
    bank_code, reason = (bank_code or "").strip(), (reason or "").strip()
    fresh = Project.objects.get(pk=project.pk)
    if not fresh.bank_code:
        raise DomainError(NO_BANK_CODE)
    if not reason:
        raise DomainError("Explique por qué se corrige el BPIN.", field="reason")
    if len(reason) > BPIN_REASON_MAX:
        raise DomainError(f"El motivo admite a lo sumo {BPIN_REASON_MAX} caracteres.", field="reason")
    if bank_code == fresh.bank_code:
        raise DomainError("El BPIN escrito es el mismo que ya tiene el proyecto.", field="bank_code")
    _check_bank_code(bank_code, fresh)
    claim_version(fresh, version)
    old = fresh.bank_code
    fresh.bank_code = bank_code
    fresh._change_reason = f"BPIN {old} → {bank_code}: {reason}"  # within history's 100 characters
    fresh.save()
    _sync(project, fresh)
    return fresh


# --- Conversation -------------------------------------------------------------------------


def project_comment_add(*, project: Project, by: User, text: str) -> ProjectComment:
    """`by` writes in the project's conversation; the others are notified (isvimed_planning.comments)."""
    if not roles.may(by, "projects.comment_project", project):
        raise DomainError(COMMENT_REFUSED)
    return comments.post(
        model=ProjectComment, target_field="project", target=project, by=by, text=text, lead=project.lead,
        title=f"Nuevo comentario en el proyecto «{project.name}»"[:200],
        url=reverse("projects:detail", args=[project.pk]) + "#conversacion",
    )


# --- Participatory budget meetings ----------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    by: User,
    territory: Territory,
    date: dt.date,
    kind: str,
    attendees: str = "",
    agreements: str = "",
    projects: Iterable[Project] = (),
    minutes=None,
    meeting: ParticipatoryMeeting | None = None,
    version: int | None = None,
) -> ParticipatoryMeeting:
    if not roles.may(by, "projects.manage_meetings"):
        raise DomainError("Solo la Subdirección de Planeación registra las reuniones de presupuesto participativo.")
    if not territory.is_placeable:
        raise DomainError("La reunión es de una comuna o corregimiento, no de la ciudad.", field="territory")
    if date > timezone.localdate():
        raise DomainError("La fecha de la reunión no puede ser futura.", field="date")
    projects = list(projects)
    for project in projects:
        codes = set(project.territories.values_list("territory_id", flat=True))
        if territory.code not in codes:
            raise DomainError(
                f"El proyecto «{project.name}» no está en {territory.name}.", field="projects"
            )
    if minutes is not None:
        from django.core.exceptions import ValidationError

        from isvimed_planning.files import validate_upload

        try:
            validate_upload(minutes)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="minutes") from None
    if meeting is not None:
        claim_version(meeting, version)
    meeting = meeting or ParticipatoryMeeting(created_by=by)
    meeting.territory, meeting.date, meeting.kind = territory, date, kind
    meeting.attendees, meeting.agreements = attendees, agreements
    if minutes is not None:
        meeting.minutes_name = minutes.name[:200]
        meeting.minutes.save(minutes.name, minutes, save=False)
    meeting.save()
    meeting.projects.set(projects)
    return meeting

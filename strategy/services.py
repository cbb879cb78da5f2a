"""Use cases of step 4.1: the plan, its versioned strategic platform and the Plan Indicativo.

Only `planeacion` edits; only `direccion` approves a platform. Every function validates, writes,
and lets simple_history record who changed what (the request middleware sets the user).
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.notices import notify
from isvimed_planning.versioning import claim_version
from isvimed_planning.workflow import DomainError
from isvimed_planning.yearly import sync_by_year

from . import dnp
from .models import (
    TARGET_OUTSIDE_PERIOD,
    AnnualTarget,
    Challenge,
    Component,
    DevelopmentPlan,
    Dimension,
    Direction,
    Indicator,
    PlanningInstrument,
    PlatformState,
    Program,
    StakeholderGroup,
    StrategicLine,
    StrategicPlatform,
)
from .workflow import PLATFORM_WORKFLOW

# --- Messages (asserted by the tests; shown next to the field) ----------------------------

NOT_PLANNER = "Solo la Subdirección de Planeación puede modificar el plan."
PLATFORM_READ_ONLY = "Esta versión de la plataforma está aprobada y no se puede modificar; cree una nueva versión."
DRAFT_EXISTS = "Ya hay una versión en borrador de la plataforma; termínela o apruébela antes de crear otra."
NO_APPROVED = "No hay una versión aprobada de la plataforma para copiar."
PLAN_PERIOD_TAKEN = "Ya existe un plan de desarrollo para el periodo {first}–{last}."
YEAR_RANGE = "Escriba un año entre 2000 y 2100."
CODE_TAKEN = "Ya existe {what} con el código «{code}» en este plan."
REDUCE_ABOVE_BASELINE = (
    "En un indicador de reducción la meta del cuatrienio debe ser menor que la línea base ({baseline})."
)
REDUCE_ANNUAL_ABOVE_BASELINE = "En un indicador de reducción la meta de {year} debe ser menor que la línea base ({baseline})."
WEIGHT_RANGE = "La ponderación debe estar entre 0 y 100."
NEGATIVE_VALUE = "El valor no puede ser negativo."
HAS_CHILDREN = "No se puede eliminar «{name}»: tiene {what}. Elimínelos o muévalos primero."
INDICATOR_IN_USE = "No se puede eliminar el indicador: hay productos de proyectos que lo miden."
WRONG_PLAN = "El elemento elegido pertenece a otro plan."

CODE_WHAT = {
    StrategicLine: "una línea",
    Component: "un componente",
    Program: "un programa",
    Indicator: "un indicador",
}

PLATFORM_TEXT_FIELDS = (
    "mission", "vision", "values", "essential_activities", "institutional_objectives", "structure", "general_rules",
)
PLATFORM_LISTS: dict[str, tuple[type[StakeholderGroup] | type[Challenge] | type[Dimension], tuple[str, ...]]] = {
    # related name → (model, text fields)
    "stakeholders": (StakeholderGroup, ("name", "expectations")),
    "challenges": (Challenge, ("name", "description")),
    "dimensions": (Dimension, ("name", "description")),
}

# --- Permissions ---------------------------------------------------------------------------


def _require_planner(user) -> None:
    if not roles.may(user, "strategy.edit_plan"):
        raise DomainError(NOT_PLANNER)


# --- Development plan ----------------------------------------------------------------------


def _check_period(first_year: int, *, exclude_pk: int | None = None) -> None:
    if not 2000 <= first_year <= 2100:
        raise DomainError(YEAR_RANGE, field="first_year")
    taken = DevelopmentPlan.objects.filter(first_year=first_year)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(PLAN_PERIOD_TAKEN.format(first=first_year, last=first_year + 3), field="first_year")


@transaction.atomic
def plan_create(*, by, name: str, first_year: int, agreement: str = "") -> DevelopmentPlan:
    """A new four-year plan, with version 1 of its platform as a draft."""
    _require_planner(by)
    _check_period(first_year)
    plan = DevelopmentPlan.objects.create(
        name=name.strip(), first_year=first_year, last_year=first_year + 3, agreement=agreement.strip()
    )
    StrategicPlatform.objects.create(plan=plan, version=1, created_by=by)
    return plan


@transaction.atomic
def plan_update(
    *, plan: DevelopmentPlan, by, name: str, first_year: int, agreement: str = "", version: int | None = None
) -> DevelopmentPlan:
    _require_planner(by)
    _check_period(first_year, exclude_pk=plan.pk)
    if first_year != plan.first_year:
        outside = AnnualTarget.objects.filter(indicator__plan=plan).exclude(
            year__gte=first_year, year__lte=first_year + 3
        )
        first_outside = outside.order_by("year").first()
        if first_outside is not None:
            raise DomainError(
                f"Hay metas anuales en {first_outside.year}, fuera del nuevo periodo; corríjalas antes de cambiar el periodo.",
                field="first_year",
            )
    claim_version(plan, version)
    plan.name, plan.first_year, plan.last_year, plan.agreement = name.strip(), first_year, first_year + 3, agreement.strip()
    plan.save()
    return plan


# --- Strategic platform (versioned) --------------------------------------------------------


def _editable_platform(platform: StrategicPlatform, by) -> None:
    _require_planner(by)
    if platform.state != PlatformState.DRAFT:
        raise DomainError(PLATFORM_READ_ONLY)


@transaction.atomic
def platform_update(*, platform: StrategicPlatform, by, version: int | None = None, **texts: str) -> StrategicPlatform:
    platform = StrategicPlatform.objects.select_for_update().get(pk=platform.pk)
    _editable_platform(platform, by)
    claim_version(platform, version)
    for name, value in texts.items():
        if name not in PLATFORM_TEXT_FIELDS:
            raise TypeError(f"Unknown platform field {name}")
        setattr(platform, name, (value or "").strip())
    platform.save()
    return platform


@transaction.atomic
def platform_item_save(*, platform: StrategicPlatform, by, kind: str, item=None, version: int | None = None, **values: str):
    """Adds or changes one stakeholder group, challenge or dimension of a draft platform."""
    platform = StrategicPlatform.objects.select_for_update().get(pk=platform.pk)
    _editable_platform(platform, by)
    model, fields = PLATFORM_LISTS[kind]
    if item is None:
        item = model(platform=platform)
    elif item.platform_id != platform.pk:
        raise DomainError(WRONG_PLAN)
    else:
        claim_version(item, version)
    for name in fields:
        setattr(item, name, (values.get(name) or "").strip())
    item.save()
    return item


@transaction.atomic
def platform_item_delete(*, platform: StrategicPlatform, by, kind: str, item) -> None:
    platform = StrategicPlatform.objects.select_for_update().get(pk=platform.pk)
    _editable_platform(platform, by)
    if item.platform_id != platform.pk:
        raise DomainError(WRONG_PLAN)
    item.delete()


@transaction.atomic
def platform_approve(*, platform: StrategicPlatform, by) -> StrategicPlatform:
    """draft → approved, by `direccion`; the approved version becomes read-only."""
    platform = StrategicPlatform.objects.select_for_update().get(pk=platform.pk)
    PLATFORM_WORKFLOW.check("approve", platform, by)
    platform.state = PlatformState.APPROVED
    platform.approved_by = by
    platform.approved_at = timezone.now()
    platform._change_reason = "Aprobada por la Dirección"
    platform.save()
    notify(
        recipients=list(roles.users_with_role(roles.PLANEACION)),
        kind="strategy.platform_approved",
        key=f"platform-approved-{platform.pk}",
        title=f"Plataforma estratégica v{platform.version} aprobada",
        body=f"{by.display_name} aprobó la versión {platform.version} de la plataforma del plan {platform.plan}.",
        url=reverse("strategy:platform", args=[platform.pk]),
    )
    return platform


@transaction.atomic
def platform_new_version(*, plan: DevelopmentPlan, by) -> StrategicPlatform:
    """A new draft, a copy of the latest approved version with its lists (an empty v1 for a new plan)."""
    _require_planner(by)
    DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)  # one new version at a time per plan
    if plan.platforms.filter(state=PlatformState.DRAFT).exists():
        raise DomainError(DRAFT_EXISTS)
    number = (plan.platforms.aggregate(m=Max("version"))["m"] or 0) + 1
    if number == 1:  # a plan created elsewhere (admin, workbook import) starts with an empty version
        return StrategicPlatform.objects.create(plan=plan, version=1, created_by=by)
    source = plan.platforms.filter(state=PlatformState.APPROVED).order_by("-version").first()
    if source is None:
        raise DomainError(NO_APPROVED)
    draft = StrategicPlatform.objects.create(
        plan=plan, version=number, created_by=by, based_on=source,
        **{name: getattr(source, name) for name in PLATFORM_TEXT_FIELDS},
    )
    for related, (model, fields) in PLATFORM_LISTS.items():
        for item in getattr(source, related).all():
            model.objects.create(platform=draft, **{name: getattr(item, name) for name in fields})
    return draft


# --- Plan hierarchy ------------------------------------------------------------------------


def _check_code(model, *, plan_id: int, code: str, exclude_pk: int | None) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError("Escriba el código.", field="code")
    if model.objects.filter(plan_id=plan_id, code=code).exclude(pk=exclude_pk).exists():
        raise DomainError(CODE_TAKEN.format(what=CODE_WHAT[model], code=code), field="code")
    return code


@transaction.atomic
def line_save(
    *, by, plan: DevelopmentPlan, code: str, name: str, line: StrategicLine | None = None, version: int | None = None
) -> StrategicLine:
    _require_planner(by)
    line = line or StrategicLine(plan=plan)
    line.code = _check_code(StrategicLine, plan_id=plan.pk, code=code, exclude_pk=line.pk)
    line.name = name.strip()
    if line.pk is not None:
        claim_version(line, version)
    line.save()
    return line


@transaction.atomic
def component_save(
    *, by, line: StrategicLine, code: str, name: str, component: Component | None = None, version: int | None = None
) -> Component:
    _require_planner(by)
    component = component or Component()
    if component.pk and component.plan_id != line.plan_id:
        raise DomainError(WRONG_PLAN, field="line")
    component.line = line
    component.code = _check_code(Component, plan_id=line.plan_id, code=code, exclude_pk=component.pk)
    component.name = name.strip()
    if component.pk is not None:
        claim_version(component, version)
    component.save()
    return component


@transaction.atomic
def program_save(
    *, by, component: Component, code: str, name: str, program: Program | None = None, version: int | None = None,
    budget_program_code: str | None = None,
) -> Program:
    """Creates or changes a program; `budget_program_code` None keeps the one it has."""
    _require_planner(by)
    program = program or Program()
    if program.pk and program.plan_id != component.plan_id:
        raise DomainError(WRONG_PLAN, field="component")
    program.component = component
    program.code = _check_code(Program, plan_id=component.plan_id, code=code, exclude_pk=program.pk)
    program.name = name.strip()
    if budget_program_code is not None:
        budget_program_code = budget_program_code.strip()
        errors = dnp.program_code_errors(program, budget_program_code)
        if errors:
            raise DomainError(dnp.sentence(errors[0]), field="budget_program_code")
        program.budget_program_code = budget_program_code
    if program.pk is not None:
        claim_version(program, version)
    program.save()
    return program


@transaction.atomic
def node_delete(*, by, node) -> None:
    """Deletes a line, component or program that has nothing below it."""
    _require_planner(by)
    children = {
        StrategicLine: ("components", "componentes"),
        Component: ("programs", "programas"),
        Program: ("indicators", "indicadores"),
    }[type(node)]
    if getattr(node, children[0]).exists():
        raise DomainError(HAS_CHILDREN.format(name=str(node), what=children[1]))
    if isinstance(node, Program) and node.projects.exists():
        raise DomainError(HAS_CHILDREN.format(name=str(node), what="proyectos"))
    node.delete()


# --- Indicators of the Plan Indicativo ----------------------------------------------------


def validate_indicator(
    *, plan: DevelopmentPlan, code: str, direction: str, baseline: Decimal, period_target: Decimal,
    weight: Decimal, targets: dict[int, Decimal | None], exclude_pk: int | None = None,
) -> list[tuple[str, str]]:
    """Every rule an indicator must meet, as (field, Spanish message); empty when valid.

    Target fields are named `target_<year>`; a year outside the plan is reported on `targets`.
    """
    errors: list[tuple[str, str]] = []
    code = (code or "").strip()
    same_code = Indicator.objects.filter(plan=plan, code=code)
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if same_code.exists():
        errors.append(("code", CODE_TAKEN.format(what=CODE_WHAT[Indicator], code=code)))
    if weight is not None and not Decimal(0) <= weight <= Decimal(100):
        errors.append(("weight", WEIGHT_RANGE))
    if direction == Direction.REDUCE and baseline is not None and period_target is not None and period_target >= baseline:
        errors.append(("period_target", REDUCE_ABOVE_BASELINE.format(baseline=_fmt(baseline))))
    for year, value in sorted(targets.items()):
        if year not in plan.years:
            errors.append(("targets", TARGET_OUTSIDE_PERIOD.format(year=year, first=plan.first_year, last=plan.last_year)))
            continue
        if value is None:
            continue
        if value < 0:
            errors.append((f"target_{year}", NEGATIVE_VALUE))
        elif direction == Direction.REDUCE and baseline is not None and value >= baseline:
            errors.append((f"target_{year}", REDUCE_ANNUAL_ABOVE_BASELINE.format(year=year, baseline=_fmt(baseline))))
    return errors


def _fmt(value: Decimal) -> str:
    from isvimed_planning.formatting import format_number

    return format_number(value, 4, trim=True)


@transaction.atomic
def indicator_save(
    *, by, program: Program, code: str, name: str, kind: str, unit: str, direction: str, accumulation: str,
    baseline: Decimal, baseline_year: int, period_target: Decimal, weight: Decimal, org_unit,
    targets: dict[int, Decimal | None], indicator: Indicator | None = None, version: int | None = None,
    mga_indicator_code: str | None = None,
) -> Indicator:
    """Creates or changes an indicator and its annual targets (None removes that year's target);
    `mga_indicator_code` None keeps the one it has."""
    _require_planner(by)
    plan = program.plan
    if indicator is not None and indicator.plan_id != plan.pk:
        raise DomainError(WRONG_PLAN, field="program")
    errors = validate_indicator(
        plan=plan, code=code, direction=direction, baseline=baseline, period_target=period_target,
        weight=weight, targets=targets, exclude_pk=indicator.pk if indicator else None,
    )
    if errors:
        field, message = errors[0]
        raise DomainError(message, field=field)
    indicator = indicator or Indicator()
    if mga_indicator_code is not None:
        mga_indicator_code = mga_indicator_code.strip()
        code_errors = dnp.indicator_code_errors(indicator, mga_indicator_code, kind=kind)
        if code_errors:
            raise DomainError(dnp.sentence(code_errors[0]), field="mga_indicator_code")
        indicator.mga_indicator_code = mga_indicator_code
    elif kind != "product" and indicator.mga_indicator_code:
        raise DomainError(dnp.sentence(dnp.INDICATOR_NOT_PRODUCT), field="kind")
    indicator.program = program
    indicator.code = code.strip()
    indicator.name = name.strip()
    indicator.kind, indicator.unit = kind, unit.strip()
    indicator.direction, indicator.accumulation = direction, accumulation
    indicator.baseline, indicator.baseline_year = baseline, baseline_year
    indicator.period_target, indicator.weight, indicator.org_unit = period_target, weight, org_unit
    if indicator.pk is not None:
        claim_version(indicator, version)
    indicator.save()
    sync_by_year(
        indicator.annual_targets.select_for_update(), targets, field="value", delete_missing=False,
        create=lambda year, value: AnnualTarget.objects.create(indicator=indicator, year=year, value=value),
    )
    return indicator


@transaction.atomic
def indicator_delete(*, by, indicator: Indicator) -> None:
    _require_planner(by)
    if indicator.products.exists():
        raise DomainError(INDICATOR_IN_USE)
    indicator.delete()


# --- Planning instruments ------------------------------------------------------------------


@transaction.atomic
def instrument_save(
    *, by, plan: DevelopmentPlan, kind: str, reference: str, date=None, url: str = "", file=None,
    lines: Iterable[StrategicLine] = (), programs: Iterable[Program] = (),
    instrument: PlanningInstrument | None = None, version: int | None = None,
) -> PlanningInstrument:
    _require_planner(by)
    lines, programs = list(lines), list(programs)
    if any(x.plan_id != plan.pk for x in lines) or any(x.plan_id != plan.pk for x in programs):
        raise DomainError(WRONG_PLAN, field="lines")
    instrument = instrument or PlanningInstrument(plan=plan)
    instrument.kind, instrument.reference, instrument.date, instrument.url = kind, reference.strip(), date, url.strip()
    if file is not None:
        instrument.file = file
    if instrument.pk is not None:
        claim_version(instrument, version)
    instrument.save()
    instrument.lines.set(lines)
    instrument.programs.set(programs)
    return instrument


@transaction.atomic
def instrument_delete(*, by, instrument: PlanningInstrument) -> None:
    _require_planner(by)
    instrument.delete()

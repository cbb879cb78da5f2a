"""Small builders of real domain objects for tests; every argument has a sensible default."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from django.db.models import F

from isvimed_planning.models import OrgUnit, Territory
from projects.models import (
    FundingKind,
    FundingSource,
    Product,
    ProductGoal,
    Project,
    ProjectState,
    ProjectTerritory,
)
from strategy.models import AnnualTarget, Component, DevelopmentPlan, Indicator, Program, StrategicLine

_seq = count(1)


def org_unit(code: str = "SDV", name: str = "Subdirección de Dotación de Vivienda") -> OrgUnit:
    return OrgUnit.objects.get_or_create(code=code, defaults={"name": name})[0]


def funding_source(name: str = "Recursos propios", code: str | None = None) -> FundingSource:
    """The funding source with that name (created, with the next free two-digit code, when missing)."""
    found = FundingSource.objects.filter(name=name).first()
    if found is not None:
        return found
    if code is None:
        taken = set(FundingSource.objects.values_list("code", flat=True))
        code = next(f"{n:02d}" for n in count(1) if f"{n:02d}" not in taken)
    return FundingSource.objects.create(code=code, name=name)


def plan(first_year: int = 2024, name: str = "Medellín Te Quiere") -> DevelopmentPlan:
    return DevelopmentPlan.objects.get_or_create(
        first_year=first_year, defaults={"name": name, "last_year": first_year + 3, "agreement": "Acuerdo 01"}
    )[0]


def program(code: str = "4.2.1", name: str = "Vivienda nueva", the_plan: DevelopmentPlan | None = None) -> Program:
    the_plan = the_plan or plan()
    line_code, comp_code = code.split(".")[0], ".".join(code.split(".")[:2])
    line = StrategicLine.objects.get_or_create(plan=the_plan, code=line_code, defaults={"name": f"Línea {line_code}"})[0]
    component = Component.objects.get_or_create(
        plan=the_plan, code=comp_code, defaults={"name": f"Componente {comp_code}", "line": line}
    )[0]
    return Program.objects.get_or_create(
        plan=the_plan, code=code, defaults={"name": name, "component": component}
    )[0]


def indicator(
    code: str | None = None, *, the_program: Program | None = None, kind: str = "product", direction: str = "increase",
    accumulation: str = "cumulative", baseline="0", period_target="100", weight="100", unit: str = "Viviendas",
    targets: dict[int, str] | None = None, name: str | None = None,
) -> Indicator:
    the_program = the_program or program()
    code = code or f"{the_program.code}.{next(_seq)}"
    ind = Indicator.objects.create(
        program=the_program, plan=the_program.plan, code=code, name=name or f"Indicador {code}", kind=kind,
        unit=unit, direction=direction, accumulation=accumulation, baseline=Decimal(baseline),
        baseline_year=the_program.plan.first_year - 1, period_target=Decimal(period_target),
        weight=Decimal(weight), org_unit=org_unit(),
    )
    for year, value in (targets or {}).items():
        AnnualTarget.objects.create(indicator=ind, year=year, value=Decimal(value))
    return ind


def project(
    *, lead, the_program: Program | None = None, state: str = ProjectState.FORMULATION, bank_code: str | None = None,
    funding_kind: str = FundingKind.ORDINARY, name: str | None = None, territory_code: int | None = None,
) -> Project:
    the_program = the_program or program()
    if state in ("registered", "viable", "not_viable", "in_execution", "closed") and not bank_code:
        bank_code = f"2024050010{next(_seq):03d}"
    proj = Project.objects.create(
        name=name or f"Proyecto {next(_seq)}", program=the_program, org_unit=org_unit(), lead=lead,
        funding_kind=funding_kind, start_date=dt.date(2024, 1, 15), end_date=dt.date(2027, 12, 31),
        state=state, bank_code=bank_code, registered_on=dt.date(2024, 2, 1) if bank_code else None,
        problem="Déficit de vivienda", general_objective="Reducir el déficit",
    )
    if territory_code is not None:
        ProjectTerritory.objects.create(project=proj, territory=Territory.objects.get(code=territory_code), share=100)
    return proj


def product(
    the_project: Project, *, code: str = "P1", the_indicator: Indicator | None = None, goals: dict[int, str] | None = None,
    name: str | None = None,
) -> Product:
    the_indicator = the_indicator or indicator(the_program=the_project.program)
    prod = Product.objects.create(
        project=the_project, code=code, name=name or f"Producto {code}", indicator=the_indicator, unit=the_indicator.unit
    )
    for year, goal in (goals or {}).items():
        ProductGoal.objects.create(product=prod, year=year, goal=Decimal(goal))
    return prod


def funded(the_project: Project, *years: int, amount: str = "10000000") -> Project:
    """Gives the project a budget (an allocation) in each year: a project owes monthly reports only
    for the years it has money (monitoring.reporting_duty)."""
    from budget.models import FiscalYear, ProjectAllocation

    for year in years:
        fy = FiscalYear.objects.get_or_create(year=year, defaults={"global_ceiling": Decimal("1e12")})[0]
        ProjectAllocation.objects.create(fiscal_year=fy, project=the_project, source=funding_source(), amount=Decimal(amount))
        FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=F("allocated_total") + Decimal(amount))
    return the_project

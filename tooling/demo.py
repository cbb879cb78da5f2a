"""Demo data for `make run`: a small, realistic institute.

The 2024–2027 plan with its lines, components, programs and indicators; a dozen registered
projects with products and goals; budgets 2025 and 2026 with allocations and modifications; the
2026 action plan; a year of approved monthly reports (November 2025 to October 2026) with
territorial distribution; a few legal requests and a Concejo session. Idempotent: a database that
already has a development plan keeps its domain data and only gets the demo users.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.models import OrgUnit, Territory, User

DEMO_PASSWORD = "isvimed-demo-2026"

# username, first name, last name, role
DEMO_USERS = [
    ("planeacion", "Paula", "Restrepo", roles.PLANEACION),
    ("responsable", "Luis", "Gómez", roles.RESPONSABLE),
    ("responsable2", "Lina", "Zapata", roles.RESPONSABLE),
    ("direccion", "Diego", "Arango", roles.DIRECCION),
    ("financiera", "Fernanda", "Mejía", roles.FINANCIERA),
    ("consulta", "Carlos", "Ochoa", roles.CONSULTA),
    ("admin", "Ana", "Villa", roles.ADMIN),
]

ORG_UNITS = [
    ("PLA", "Subdirección de Planeación"),
    ("SDV", "Subdirección de Dotación de Vivienda"),
    ("SMV", "Subdirección de Mejoramiento de Vivienda"),
    ("SPO", "Subdirección Poblacional"),
    ("SAF", "Subdirección Administrativa y Financiera"),
]

# code, name, children
STRUCTURE = [
    ("3", "Institucionalidad, seguridad y convivencia", [
        ("3.2", "Gestión institucional del hábitat", [
            ("3.2.1", "Fortalecimiento institucional del hábitat"),
        ]),
    ]),
    ("4", "Vivienda y hábitat sostenible", [
        ("4.2", "Vivienda digna", [
            ("4.2.1", "Vivienda nueva"),
            ("4.2.2", "Arrendamiento temporal y subsidios"),
        ]),
        ("4.3", "Mejoramiento integral del hábitat", [
            ("4.3.1", "Mejoramiento de vivienda"),
            ("4.3.2", "Titulación y legalización de predios"),
        ]),
    ]),
]

# program code -> [(code suffix, name, kind, unit, direction, accumulation, baseline, target, weight, unit code)]
IndicatorRow = tuple[str, str, str, str, str, str, float | str, float | str, float, str]
INDICATORS: dict[str, list[IndicatorRow]] = {
    "3.2.1": [
        (".1", "Sistema de información del hábitat implementado", "product", "Porcentaje", "increase", "non_cumulative", 20, 100, 60, "PLA"),
        (".2", "Estudios técnicos del hábitat elaborados", "product", "Número", "increase", "cumulative", 4, 16, 40, "PLA"),
        (".3", "Satisfacción ciudadana con los servicios del Instituto", "result", "Porcentaje", "increase", "non_cumulative", 72, 85, 0, "PLA"),
    ],
    "4.2.1": [
        (".1", "Viviendas nuevas entregadas", "product", "Viviendas", "increase", "cumulative", 274, 1600, 70, "SDV"),
        (".2", "Subsidios de vivienda nueva asignados", "product", "Subsidios", "increase", "cumulative", 500, 2400, 30, "SDV"),
        (".3", "Déficit cuantitativo de vivienda", "result", "Porcentaje", "reduce", "non_cumulative", "6.8", "5.9", 0, "PLA"),
    ],
    "4.2.2": [
        (".1", "Hogares con subsidio de arrendamiento", "product", "Hogares", "increase", "non_cumulative", 289, 900, 100, "SPO"),
    ],
    "4.3.1": [
        (".1", "Viviendas mejoradas", "product", "Viviendas", "increase", "cumulative", 1200, 4000, 80, "SMV"),
        (".2", "Familias acompañadas socialmente", "product", "Familias", "increase", "cumulative", 900, 3000, 20, "SPO"),
        (".3", "Déficit cualitativo de vivienda", "result", "Porcentaje", "reduce", "non_cumulative", "11.2", "9.5", 0, "PLA"),
    ],
    "4.3.2": [
        (".1", "Predios titulados", "product", "Predios", "increase", "cumulative", 800, 2400, 100, "SDV"),
    ],
}

# name, program, unit, lead, funding kind, territory (PP), products [(code, name, indicator suffix, goal per year)]
PROJECTS = [
    ("Construcción de vivienda nueva en altura", "4.2.1", "SDV", "responsable", "ordinary", None,
     [("P1", "Viviendas VIP construidas", ".1", 220), ("P2", "Subsidios complementarios asignados", ".2", 300)]),
    ("Vivienda nueva para hogares víctimas", "4.2.1", "SDV", "responsable2", "ordinary", None,
     [("P1", "Viviendas entregadas a hogares víctimas", ".1", 120), ("P2", "Subsidios asignados a víctimas", ".2", 180)]),
    ("Subsidio de arrendamiento temporal", "4.2.2", "SPO", "responsable", "ordinary", None,
     [("P1", "Hogares con arrendamiento temporal", ".1", 650)]),
    ("Mejoramiento de vivienda en laderas", "4.3.1", "SMV", "responsable", "ordinary", None,
     [("P1", "Viviendas de ladera mejoradas", ".1", 400), ("P2", "Familias acompañadas en ladera", ".2", 350)]),
    ("Mejoramiento de vivienda rural", "4.3.1", "SMV", "responsable2", "ordinary", None,
     [("P1", "Viviendas rurales mejoradas", ".1", 180), ("P2", "Familias rurales acompañadas", ".2", 160)]),
    ("Mejoramiento de vivienda Comuna 1 (PP)", "4.3.1", "SMV", "responsable", "participatory", 1,
     [("P1", "Viviendas mejoradas en Popular", ".1", 60)]),
    ("Mejoramiento de vivienda San Cristóbal (PP)", "4.3.1", "SMV", "responsable2", "participatory", 60,
     [("P1", "Viviendas mejoradas en San Cristóbal", ".1", 45)]),
    ("Titulación de predios en asentamientos", "4.3.2", "SDV", "responsable", "ordinary", None,
     [("P1", "Predios titulados y registrados", ".1", 600)]),
    ("Legalización urbanística de barrios", "4.3.2", "SDV", "responsable2", "ordinary", None,
     [("P1", "Predios legalizados", ".1", 250)]),
    ("Sistema de información del hábitat", "3.2.1", "PLA", "responsable", "ordinary", None,
     [("P1", "Módulos del sistema en operación", ".1", 80), ("P2", "Estudios del hábitat", ".2", 4)]),
    ("Estudios técnicos para la política habitacional", "3.2.1", "PLA", "responsable2", "ordinary", None,
     [("P1", "Estudios técnicos entregados", ".2", 3)]),
    ("Acompañamiento social a familias reasentadas", "4.3.1", "SPO", "responsable", "ordinary", None,
     [("P1", "Familias reasentadas acompañadas", ".2", 420)]),
]

SOURCES = ["Recursos propios", "Sistema General de Participaciones", "Recursos del crédito"]
# ISVIMED's usual funding sources (fuentes de financiación), with the codes of the sample workbook.
FUNDING_SOURCES = [
    ("01", "Recursos propios"),
    ("02", "Sistema General de Participaciones"),
    ("03", "Presupuesto participativo"),
    ("04", "Recursos del crédito"),
    ("05", "Cofinanciación de la Nación"),
]
PARTICIPATORY_SOURCE = "Presupuesto participativo"
COMUNAS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 50, 60, 70, 80, 90]


def ensure_funding_sources() -> dict:
    """ISVIMED's usual funding sources, by name (created when missing)."""
    from projects.models import FundingSource

    return {
        name: FundingSource.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in FUNDING_SOURCES
    }


def split_by_allocation(amounts, allocations):
    """A report's (committed, obligated, paid) split among the project's sources of the year in
    proportion to their allocations: [(source, committed, obligated, paid)], each amount rounded
    to the peso, the last source taking what remains so that every column adds up exactly."""
    total = sum((amount for _, amount in allocations), Decimal(0))
    rows, given = [], [Decimal(0)] * len(amounts)
    for i, (source, amount) in enumerate(allocations):
        if i == len(allocations) - 1:
            part = [whole - done for whole, done in zip(amounts, given, strict=True)]
        else:
            part = [(Decimal(whole) * amount / total).quantize(Decimal("1")) for whole in amounts]
            given = [done + p for done, p in zip(given, part, strict=True)]
        rows.append((source, *part))
    return rows


def ensure_org_units() -> dict[str, OrgUnit]:
    """ISVIMED's organisational units, by code (created when missing)."""
    return {code: OrgUnit.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in ORG_UNITS}


@transaction.atomic
def create_users() -> dict[str, User]:
    units = ensure_org_units()
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@isvimed.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.ADMIN
            user.is_superuser = role == roles.ADMIN
            user.org_unit = units["PLA"] if role in (roles.PLANEACION, roles.DIRECCION) else units["SDV"]
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def _money(millions: float) -> Decimal:
    return (Decimal(str(millions)) * 1_000_000).quantize(Decimal("1"))


@transaction.atomic
def create_institute(users: dict[str, User], today: dt.date | None = None) -> bool:
    """Builds the demo institute; returns False when a plan already exists."""
    from accountability.models import (
        LEGAL_TERM_DAYS,
        AccountabilityReport,
        CouncilCommitment,
        CouncilSession,
        InformationRequest,
    )
    from action_plan.models import (
        ActionPlan,
        ActionPlanEntry,
        FinancialMonthlyTarget,
        PhysicalMonthlyTarget,
    )
    from budget import money as budget_money
    from budget.models import (
        BudgetModification,
        FiscalYear,
        ProjectAllocation,
        TargetReprogramming,
        UnitCost,
    )
    from isvimed_planning.calendar import add_business_days
    from monitoring.models import (
        IndicatorMeasurement,
        ProductProgress,
        ProgressReport,
        ReportComment,
        ReportingPeriod,
        SourceExecution,
        TerritorialDistribution,
    )
    from projects.models import (
        Activity,
        ActivityCost,
        Deliverable,
        Product,
        ProductGoal,
        Project,
        ProjectFunding,
        ProjectTerritory,
        ProjectTransition,
        Risk,
    )
    from strategy.models import (
        Accumulation,
        AnnualTarget,
        Challenge,
        Component,
        DevelopmentPlan,
        Dimension,
        Indicator,
        PlanningInstrument,
        Program,
        StakeholderGroup,
        StrategicLine,
        StrategicPlatform,
    )

    if DevelopmentPlan.objects.exists():
        return False
    rng = random.Random(2026)
    today = today or timezone.localdate()
    units = {u.code: u for u in OrgUnit.objects.all()}
    funding_sources = ensure_funding_sources()
    planner, director = users["planeacion"], users["direccion"]

    # 4.1 -----------------------------------------------------------------------------------
    plan = DevelopmentPlan.objects.create(
        name="Medellín Te Quiere 2024-2027", first_year=2024, last_year=2027,
        agreement="Acuerdo Municipal 01 de 2024",
    )
    platform = StrategicPlatform.objects.create(
        plan=plan, version=1, state="approved", approved_by=director, approved_at=timezone.now(), created_by=planner,
        mission="Gestionar el acceso a soluciones habitacionales dignas para los hogares de Medellín, "
                "con énfasis en la población vulnerable, mediante la articulación de actores del sistema habitacional.",
        vision="En 2030 el ISVIMED será referente nacional en la gestión integral del hábitat y la vivienda social.",
        values="Transparencia, compromiso, respeto, equidad y servicio.",
        essential_activities="Vivienda nueva, mejoramiento de vivienda, titulación, arrendamiento temporal, acompañamiento social.",
        institutional_objectives="Reducir el déficit cuantitativo y cualitativo de vivienda en la ciudad.",
        structure="Dirección, Subdirección de Planeación, Subdirecciones misionales y Subdirección Administrativa y Financiera.",
        general_rules="Las decisiones se toman en comité directivo y se registran en actas.",
    )
    for name, exp in [("Hogares beneficiarios", "Soluciones de vivienda oportunas y de calidad"),
                      ("Concejo de Medellín", "Información veraz y oportuna sobre la ejecución"),
                      ("Organizaciones populares de vivienda", "Acompañamiento técnico y social")]:
        StakeholderGroup.objects.create(platform=platform, name=name, expectations=exp)
    Challenge.objects.create(platform=platform, name="Reducir el déficit habitacional", description="Con énfasis en laderas y zona rural.")
    Dimension.objects.create(platform=platform, name="Hábitat sostenible", description="Vivienda, entorno y servicios.")
    PlanningInstrument.objects.create(plan=plan, kind="pdm", reference="Plan de Desarrollo Medellín Te Quiere 2024-2027", date=dt.date(2024, 5, 31))
    PlanningInstrument.objects.create(plan=plan, kind="peh", reference="Plan Estratégico Habitacional de Medellín 2020-2030", date=dt.date(2020, 12, 1))
    PlanningInstrument.objects.create(plan=plan, kind="law", reference="Ley 1537 de 2012 (vivienda de interés social)", date=dt.date(2012, 6, 20))

    programs: dict[str, Program] = {}
    for line_code, line_name, comps in STRUCTURE:
        line = StrategicLine.objects.create(plan=plan, code=line_code, name=line_name)
        for comp_code, comp_name, progs in comps:
            comp = Component.objects.create(plan=plan, line=line, code=comp_code, name=comp_name)
            for prog_code, prog_name in progs:
                programs[prog_code] = Program.objects.create(plan=plan, component=comp, code=prog_code, name=prog_name)

    indicators: dict[str, Indicator] = {}
    for prog_code, rows in INDICATORS.items():
        for suffix, name, kind, unit, direction, accumulation, baseline, target, weight, unit_code in rows:
            ind = Indicator.objects.create(
                plan=plan, program=programs[prog_code], code=prog_code + suffix, name=name, kind=kind, unit=unit,
                direction=direction, accumulation=accumulation, baseline=Decimal(str(baseline)), baseline_year=2023,
                period_target=Decimal(str(target)), weight=Decimal(weight), org_unit=units[unit_code],
            )
            indicators[ind.code] = ind
            base, goal = Decimal(str(baseline)), Decimal(str(target))
            for i, year in enumerate(plan.years, start=1):
                if accumulation == "cumulative" and kind == "product":
                    value = ((goal - base) / 4).quantize(Decimal("1"))
                else:
                    value = (base + (goal - base) * i / 4).quantize(Decimal("0.1"))
                AnnualTarget.objects.create(indicator=ind, year=year, value=value)

    # 4.2 -----------------------------------------------------------------------------------
    projects: list[Project] = []
    products: list[tuple[Product, int]] = []
    for n, (name, prog_code, unit_code, lead, kind, territory, prods) in enumerate(PROJECTS, start=1):
        project = Project.objects.create(
            name=name, program=programs[prog_code], org_unit=units[unit_code], lead=users[lead], funding_kind=kind,
            start_date=dt.date(2024, 3, 1), end_date=dt.date(2027, 12, 31), state="in_execution",
            bank_code=f"2024050010{n:03d}", registered_on=dt.date(2024, 3, 20), formulation_started_on=dt.date(2024, 2, 26),
            problem="Hogares de Medellín sin acceso a una solución habitacional digna.",
            general_objective=f"Contribuir a la reducción del déficit habitacional mediante: {name.lower()}.",
            specific_objectives="Entregar las soluciones programadas con calidad y oportunidad.",
            affected_population=rng.randint(5000, 40000), target_population=rng.randint(500, 4000),
        )
        if territory is not None:
            ProjectTerritory.objects.create(project=project, territory=Territory.objects.get(code=territory), share=100)
        else:
            shares = rng.sample(COMUNAS[:16], 2)
            ProjectTerritory.objects.create(project=project, territory=Territory.objects.get(code=shares[0]), share=60)
            ProjectTerritory.objects.create(project=project, territory=Territory.objects.get(code=shares[1]), share=40)
        for frm, to, day in [("formulation", "in_review", 12), ("in_review", "approved", 15),
                             ("approved", "registered", 20), ("registered", "viable", 22),
                             ("viable", "in_execution", 28)]:
            transition = ProjectTransition.objects.create(project=project, name=to, from_state=frm, to_state=to,
                                                          by=director if to == "viable" else planner, comment="")
            when = timezone.make_aware(dt.datetime(2024, 3, day, 10, 0))
            ProjectTransition.objects.filter(pk=transition.pk).update(at=when)
        for code, pname, suffix, yearly_goal in prods:
            product = Product.objects.create(
                project=project, code=code, name=pname, indicator=indicators[prog_code + suffix],
                unit=indicators[prog_code + suffix].unit,
            )
            for year in (2025, 2026, 2027):
                ProductGoal.objects.create(product=product, year=year, goal=Decimal(yearly_goal))
            activity = Activity.objects.create(product=product, name=f"Ejecución de {pname.lower()}")
            for year in (2025, 2026):
                ActivityCost.objects.create(activity=activity, year=year, amount=_money(rng.randint(300, 900)))
            Deliverable.objects.create(project=project, product=product, name=f"Acta de entrega: {pname.lower()}",
                                       due_date=dt.date(2026, 12, 15))
            products.append((product, yearly_goal))
        # Funding covers the activities' cost each year, split between two sources.
        for year in (2025, 2026):
            cost = sum((c.amount for c in ActivityCost.objects.filter(activity__product__project=project, year=year)), Decimal(0))
            first = (cost * Decimal("0.7")).quantize(Decimal("1"))
            ProjectFunding.objects.create(project=project, source=funding_sources[SOURCES[0]], year=year, amount=first)
            ProjectFunding.objects.create(
                project=project, source=funding_sources[SOURCES[1]], year=year, amount=cost - first
            )
        Risk.objects.create(project=project, description="Retrasos en la obtención de licencias de construcción.",
                            probability="medium", impact="high", mitigation="Gestión anticipada con Curaduría y Planeación.")
        projects.append(project)

    # 4.3 -----------------------------------------------------------------------------------
    sources = ensure_funding_sources()
    years = {}
    allocated: dict[tuple[int, int], list] = {}  # (project, year): [(source, amount)]
    for year, ceiling in ((2025, 32_000), (2026, 36_000)):
        fy = FiscalYear.objects.create(year=year, global_ceiling=_money(ceiling), state="closed",
                                       opened_on=dt.date(year - 1, 9, 1),
                                       closed_at=timezone.make_aware(dt.datetime(year - 1, 12, 15, 17, 0)))
        total = Decimal(0)
        for project in projects:
            amounts = {source: _money(rng.randint(600, 1_300)) for source in rng.sample(SOURCES, 2)}
            if project.funding_kind == "participatory":  # decided by the comuna: one source
                amounts = {PARTICIPATORY_SOURCE: sum(amounts.values(), Decimal(0))}
            for source, amount in amounts.items():
                ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=sources[source], amount=amount)
                allocated.setdefault((project.pk, year), []).append((sources[source], amount))
                total += amount
        FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=total)
        years[year] = fy
    for product, _goal in products:
        for year in (2025, 2026):
            UnitCost.objects.create(product=product, year=year, amount=_money(rng.randint(8, 60)) / 10)
    for project, date, kind, act, millions in (
        (projects[0], dt.date(2026, 4, 15), "addition", "Resolución 2026-0412", 450),
        (projects[3], dt.date(2026, 6, 10), "reduction", "Resolución 2026-0655", 120),
        (projects[7], dt.date(2026, 8, 3), "credit_transfer", "Resolución 2026-0890", 80),
        (projects[8], dt.date(2026, 8, 3), "counter_credit_transfer", "Resolución 2026-0890", 80),
    ):
        BudgetModification.objects.create(fiscal_year=years[2026], project=project, date=date, kind=kind,
                                          act_number=act, amount=_money(millions),
                                          source=allocated[(project.pk, 2026)][0][0])
    reprogrammed = products[6][0]
    TargetReprogramming.objects.create(
        product=reprogrammed, year=2026, effective_date=dt.date(2026, 6, 12), new_goal=Decimal(340),
        justification="Reducción presupuestal de junio: se ajusta la meta al costo unitario.",
        state="approved", requested_by=planner, decided_by=director, decided_at=timezone.now(),
    )

    # 4.5 -----------------------------------------------------------------------------------
    for year in (2025, 2026):
        action_plan = ActionPlan.objects.create(
            fiscal_year=years[year], state="published", approved_by=director,
            approved_at=timezone.make_aware(dt.datetime(year, 1, 20, 10, 0)),
            published_at=timezone.make_aware(dt.datetime(year, 1, 28, 9, 0)),
        )
        allocations = budget_money.initial_budgets([p.pk for p in projects], year)
        for project in projects:
            entry = ActionPlanEntry.objects.create(plan=action_plan, project=project, responsible=project.lead)
            budget_total = allocations[project.pk]
            monthly = (budget_total / 12).quantize(Decimal("1"))
            for month in range(1, 13):
                amount = monthly if month < 12 else budget_total - monthly * 11
                FinancialMonthlyTarget.objects.create(entry=entry, month=month, amount=amount)
            for product in project.products.all():
                goal = product.goals.get(year=year).goal
                per_month = (goal / 12).quantize(Decimal("1"))
                for month in range(1, 13):
                    qty = per_month if month < 12 else goal - per_month * 11
                    PhysicalMonthlyTarget.objects.create(
                        entry=entry, product=product, month=month, quantity=max(qty, Decimal(0))
                    )

    # 4.6 -----------------------------------------------------------------------------------
    months = []
    cursor = dt.date(2025, 11, 1)
    last = today.replace(day=1)
    while cursor <= last:
        months.append((cursor.year, cursor.month))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    for year, month in months:
        next_month = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1)
        cutoff = next_month - dt.timedelta(days=1)
        ReportingPeriod.objects.create(
            year=year, month=month, cutoff=cutoff, report_deadline=add_business_days(cutoff, 5),
            state="closed" if (year, month) < (today.year, today.month) else "open",
        )
    current = (today.year, today.month)
    initial_by_year = {y: budget_money.initial_budgets([p.pk for p in projects], y) for y in (2025, 2026)}
    for project in projects:
        budget_by_year = {y: initial_by_year[y][project.pk] for y in (2025, 2026)}
        for year, month in months:
            if (year, month) == current:
                if project.pk % 3 == 0:
                    continue  # not reported yet: shows in "who has not reported"
                state = "submitted" if project.pk % 3 == 1 else "pending"
            else:
                state = "approved"
            share = Decimal(rng.randint(50, 110)) / 1000
            committed = (budget_by_year[year] * share).quantize(Decimal("1"))
            obligated = (committed * Decimal(rng.randint(60, 95)) / 100).quantize(Decimal("1"))
            paid = (obligated * Decimal(rng.randint(50, 95)) / 100).quantize(Decimal("1"))
            report = ProgressReport.objects.create(
                project=project, year=year, month=month, state=state, committed=committed, obligated=obligated,
                paid=paid, achievements="Avance según lo programado; soportes en el expediente del proyecto.",
                submitted_at=timezone.now() if state in ("submitted", "approved") else None,
                approved_at=timezone.now() if state == "approved" else None,
            )
            if state == "submitted" and not ReportComment.objects.exists():
                # A review under way: Planeación asks about the month and the lead answers (the conversation).
                ReportComment.objects.create(
                    report=report, author=planner, state=state,
                    text="¿El comprometido del mes incluye la adición aprobada en octubre? No veo el soporte.",
                )
                ReportComment.objects.create(
                    report=report, author=project.lead, state=state,
                    text="Sí, incluye la adición. Adjunté el registro presupuestal en las evidencias.",
                )
            if len(allocated[(project.pk, year)]) > 1:  # several sources: the report is split among them
                for source, c, o, p in split_by_allocation((committed, obligated, paid), allocated[(project.pk, year)]):
                    SourceExecution.objects.create(report=report, source=source, committed=c, obligated=o, paid=p)
            for product in project.products.select_related("indicator"):
                goal = product.goals.get(year=year).goal
                share = Decimal(rng.randint(3, 11))
                if product.indicator.accumulation == Accumulation.NON_CUMULATIVE:
                    # The level in force at the end of the month (e.g. households receiving the
                    # subsidy), not the units of the month: 69 % to 93 % of the year's goal.
                    share = 60 + 3 * share
                ProductProgress.objects.create(report=report, product=product,
                                               quantity=(goal * share / 100).quantize(Decimal("1")))
            territories = list(project.territories.values_list("territory_id", flat=True))
            if project.funding_kind == "ordinary" and rng.random() < 0.3:
                territories = [0]
            remaining = committed
            for i, territory_id in enumerate(territories):
                amount = remaining if i == len(territories) - 1 else (committed * Decimal("0.6")).quantize(Decimal("1"))
                remaining -= amount
                TerritorialDistribution.objects.create(report=report, territory_id=territory_id, committed=amount,
                                                       beneficiaries=rng.randint(10, 120))
    add_public_evidence(projects)
    for ind in indicators.values():
        if ind.kind != "result":
            continue
        base, goal = ind.baseline, ind.period_target
        for step, (year, month) in enumerate([(2025, 12), (2026, 3), (2026, 6), (2026, 9)], start=1):
            value = (base + (goal - base) * Decimal(step + 4) / 16).quantize(Decimal("0.1"))
            IndicatorMeasurement.objects.create(indicator=ind, year=year, month=month, value=value, recorded_by=planner)

    # The monthly totals the matrices read, made in one go from the reports created above.
    from monitoring import totals

    totals.recompute_all()

    # 4.7 -----------------------------------------------------------------------------------
    for n, (who, kind_of, kind, received, subject) in enumerate([
        ("Concejal ponente comisión de vivienda", "concejo", "documents", today - dt.timedelta(days=20),
         "Ejecución de mejoramientos de vivienda 2026"),
        ("Ciudadano", "citizen", "general", today - dt.timedelta(days=6), "Estado de postulación a subsidio"),
        ("Contraloría General de Medellín", "control_body", "consultation", today - dt.timedelta(days=35),
         "Metas del plan indicativo a septiembre"),
    ], start=1):
        InformationRequest.objects.create(
            filing_number=f"RAD-2026-{n:04d}", requester_name=who, requester_kind=kind_of, channel="email",
            received_on=received, kind=kind, subject=subject,
            due_date=add_business_days(received, LEGAL_TERM_DAYS[kind]), assignee=planner, state="assigned",
        )
    session = CouncilSession.objects.create(
        kind="accidental", date=today - dt.timedelta(days=14), subject="Avance del programa de mejoramiento de vivienda",
        questionnaire="1. ¿Cuántas viviendas se han mejorado en 2026? 2. ¿Cuál es la ejecución presupuestal?",
        attendees="Director, Subdirectora de Planeación", delivered="Informe de ejecución a septiembre", created_by=planner,
    )
    CouncilCommitment.objects.create(session=session, description="Enviar la georreferenciación de la inversión por comuna",
                                     due_date=today + dt.timedelta(days=10), responsible=planner)
    # Sent for approval, so the Director's home queue has the decision the procedure expects of him.
    AccountabilityReport.objects.create(
        year=2026, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 9, 30), state="awaiting",
        title="Informe de gestión a septiembre de 2026",
        introduction="Avance del plan de desarrollo y de los proyectos de vivienda y hábitat de enero a septiembre.",
        created_by=planner,
    )
    return True


def _demo_pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (the demo's evidence files)."""
    stream = f"BT /F1 16 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def add_public_evidence(projects) -> None:
    """Evidence on the approved reports of the first projects: a delivery record Planeación
    marked public (citizens download it from the project's public page) and a beneficiaries'
    list that stays private."""
    from django.core.files.base import ContentFile

    from monitoring.models import Evidence, ProgressReport

    for project in projects[:4]:
        for report in ProgressReport.objects.filter(project=project, state="approved").order_by("-year", "-month")[:3]:
            for name, public, description in (
                (f"acta-entrega-{report.year}-{report.month:02d}.pdf", True, "Acta de entrega de obras del mes"),
                (f"listado-beneficiarios-{report.year}-{report.month:02d}.pdf", False, "Datos personales: no se publica"),
            ):
                content = _demo_pdf(f"{project.name} {report.month:02d}/{report.year}")
                evidence = Evidence(report=report, original_name=name, content_type="application/pdf", size=len(content),
                                    description=description, uploaded_by=project.lead, is_public=public)
                evidence.file.save(name, ContentFile(content), save=False)
                evidence.save()

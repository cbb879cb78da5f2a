"""Fill a database with realistic data at a given scale (default: ten times ISVIMED's size).

    python manage.py seed_scale                       # 10×: 2,000 projects, 48,000 approved reports
    python manage.py seed_scale --projects 3 --indicators 12 --programs 4 --components 2 --lines 1

What it builds (sizes are options):
- one 2024–2027 development plan: lines → components → programs → indicators (80 % product, 20 %
  result), four annual targets per indicator, quarterly measurements of the result indicators;
- projects in execution (10 % participatory budget, bound to one comuna), each with 1–3
  territories, `--products` products (each tied to a product indicator of its program), a goal,
  an activity with its cost and a unit cost per budget year, funding per year;
- two budget years (2025, 2026), two allocations per project and year; `allocated_total` is the
  exact sum of the allocations and the global ceiling is 5 % above it; a few modifications;
- a published action plan per year with monthly financial and physical targets;
- 24 closed reporting periods and an approved report per project and month (48,000 at 10×) with
  the month's committed / obligated / paid (the running paid ≤ obligated ≤ committed holds every
  month since each month's paid ≤ obligated ≤ committed), a quantity per product and 1–5
  territories whose committed amounts sum exactly to the report's committed;
- one open period (January 2027) with a pending report per project, so that the report form and
  the load test have something a lead may edit;
- the users: `planeador` (Planeación) and `--leads` project leads `lider01`…, password
  `--password` (hashed once, shared).

Everything is written with bulk_create in batches of `--batch` rows. Seeded rows get NO
simple_history rows (bulk_create skips the signals): the history of seeded data is empty, which
does not change what the pages, matrices and exports read. Refuses to run on a database that
already has a development plan.
"""
from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from isvimed_planning import roles
from tooling.demo import ensure_org_units

FIRST_YEAR = 2024
BUDGET_YEARS = (2025, 2026)
OPEN_PERIOD = (2027, 1)
SOURCES = ["Recursos propios", "Sistema General de Participaciones", "Recursos del crédito"]
UNITS = ["Viviendas", "Hogares", "Subsidios", "Predios", "Familias", "Estudios", "Número"]
PRODUCT_WORDS = ["Viviendas mejoradas", "Subsidios asignados", "Predios titulados", "Familias acompañadas",
                 "Hogares con arrendamiento", "Estudios técnicos entregados", "Viviendas nuevas entregadas"]
DEFAULT_PASSWORD = "bench-clave-2026"


def bpin_of(n: int) -> str:
    """The n-th BPIN (n from 1): consecutives 0001–9999 of 2024, then of the following years."""
    from projects.bpin import dane_code

    return f"{2024 + (n - 1) // 9999}{dane_code()}{(n - 1) % 9999 + 1:04d}"


def _split(total: int, parts: int) -> list[int]:
    base = total // parts
    return [base] * (parts - 1) + [total - base * (parts - 1)]


class Command(BaseCommand):
    help = "Llena la base de datos con datos realistas a escala (por defecto, 10 veces el ISVIMED)."

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=5)
        parser.add_argument("--components", type=int, default=20)
        parser.add_argument("--programs", type=int, default=60)
        parser.add_argument("--indicators", type=int, default=600)
        parser.add_argument("--projects", type=int, default=2000)
        parser.add_argument("--products", type=int, default=3, help="products per project")
        parser.add_argument("--leads", type=int, default=50)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--no-open-month", action="store_true", help="no pending reports in January 2027")
        parser.add_argument("--users-only", action="store_true",
                            help="only the units and users (a database to import a workbook into)")

    def handle(self, *args, **o):
        from strategy.models import DevelopmentPlan

        if DevelopmentPlan.objects.exists():
            raise CommandError("La base de datos ya tiene un plan de desarrollo: use una base vacía (migrada).")
        if not (o["lines"] <= o["components"] <= o["programs"] <= o["indicators"]):
            raise CommandError("Se requiere líneas ≤ componentes ≤ programas ≤ indicadores.")
        started = time.perf_counter()
        self.batch = o["batch"]
        self.rng = random.Random(o["seed"])
        self.counts: dict[str, int] = {}
        with transaction.atomic():
            self._seed(o)
            # bulk_create calls no service: the monthly totals (monitoring.totals) in one go.
            from monitoring import totals
            from monitoring.models import IndicatorMonthTotal

            totals.recompute_all()
            self.counts[IndicatorMonthTotal._meta.label] = IndicatorMonthTotal.objects.count()
        # Planner statistics as a database in service would have them (autovacuum analyses
        # tables only some time after a bulk load; until then PostgreSQL plans for empty tables).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        total = sum(self.counts.values())
        elapsed = time.perf_counter() - started
        for name, n in self.counts.items():
            self.stdout.write(f"  {name:<28} {n:>9,}".replace(",", "."))
        self.stdout.write(
            self.style.SUCCESS(f"seed_scale: {total:,} filas en {elapsed:.1f} s".replace(",", "."))
        )

    # -- helpers --------------------------------------------------------------------------------

    def _bulk(self, model, objs: list) -> list:
        if objs:
            model.objects.bulk_create(objs, batch_size=self.batch)
            key = model._meta.label
            self.counts[key] = self.counts.get(key, 0) + len(objs)
        return objs

    # -- the data -------------------------------------------------------------------------------

    def _seed(self, o):  # noqa: C901 (one linear script, easier to read in one piece)
        from action_plan.models import (
            ActionPlan,
            ActionPlanEntry,
            FinancialMonthlyTarget,
            PhysicalMonthlyTarget,
        )
        from budget.models import (
            BudgetModification,
            FiscalYear,
            ProjectAllocation,
            UnitCost,
        )
        from isvimed_planning.codes import natural_key
        from isvimed_planning.models import Territory, User
        from monitoring.models import (
            IndicatorMeasurement,
            ProductProgress,
            ProgressReport,
            ReportingPeriod,
            SourceExecution,
            TerritorialDistribution,
        )
        from projects.models import (
            Activity,
            ActivityCost,
            Product,
            ProductGoal,
            Project,
            ProjectFunding,
            ProjectTerritory,
        )
        from strategy.models import (
            AnnualTarget,
            Component,
            DevelopmentPlan,
            Indicator,
            Program,
            StrategicLine,
        )

        rng = self.rng
        now = timezone.now()

        # users and units ------------------------------------------------------------------
        units = sorted(ensure_org_units().values(), key=lambda unit: unit.code)
        password = make_password(o["password"])
        planner, _ = User.objects.get_or_create(
            username="planeador", defaults={"first_name": "Paula", "last_name": "Planeación", "password": password,
                                            "org_unit": units[0]},
        )
        planner.groups.add(Group.objects.get(name=roles.PLANEACION))
        existing = set(User.objects.filter(username__startswith="lider").values_list("username", flat=True))
        self._bulk(User, [
            User(username=f"lider{i:02d}", first_name=f"Líder {i:02d}", last_name="Proyecto", password=password,
                 email=f"lider{i:02d}@isvimed.example", org_unit=units[i % len(units)])
            for i in range(1, o["leads"] + 1) if f"lider{i:02d}" not in existing
        ])
        leads = list(User.objects.filter(username__startswith="lider").order_by("username")[: o["leads"]])
        Group.objects.get(name=roles.RESPONSABLE).user_set.add(*leads)
        if o["users_only"]:
            return

        # 4.1 the plan ---------------------------------------------------------------------
        plan = DevelopmentPlan.objects.create(
            name="Plan de Desarrollo a escala", first_year=FIRST_YEAR, last_year=FIRST_YEAR + 3,
            agreement="Acuerdo de prueba de carga",
        )
        self.counts["strategy.DevelopmentPlan"] = 1

        def coded(model, code, name, **kw):
            return model(plan=plan, code=code, name=name, sort_key=natural_key(code), **kw)

        lines = self._bulk(StrategicLine, [
            coded(StrategicLine, f"{i}", f"Línea estratégica {i}") for i in range(1, o["lines"] + 1)
        ])
        comps = self._bulk(Component, [
            coded(Component, f"{lines[i % len(lines)].code}.{i // len(lines) + 1}", f"Componente {i + 1}",
                  line=lines[i % len(lines)])
            for i in range(o["components"])
        ])
        progs = self._bulk(Program, [
            coded(Program, f"{comps[i % len(comps)].code}.{i // len(comps) + 1}", f"Programa {i + 1}",
                  component=comps[i % len(comps)])
            for i in range(o["programs"])
        ])
        indicators = []
        for i in range(o["indicators"]):
            program = progs[i % len(progs)]
            n = i // len(progs) + 1
            is_result = n % 5 == 0
            baseline = Decimal(rng.randint(0, 500))
            target = baseline + Decimal(rng.randint(100, 4000))
            indicators.append(coded(
                Indicator, f"{program.code}.{n}", f"{'Resultado' if is_result else 'Producto'} {i + 1} del programa {program.code}",
                program=program, kind="result" if is_result else "product", unit=rng.choice(UNITS),
                direction="increase", accumulation="non_cumulative" if is_result else "cumulative",
                baseline=baseline, baseline_year=FIRST_YEAR - 1, period_target=target,
                weight=Decimal(0) if is_result else Decimal(rng.randint(5, 60)), org_unit=rng.choice(units),
            ))
        self._bulk(Indicator, indicators)
        targets, measurements = [], []
        for ind in indicators:
            for step, year in enumerate(range(FIRST_YEAR, FIRST_YEAR + 4), start=1):
                if ind.kind == "product":
                    value = ((ind.period_target - ind.baseline) / 4).quantize(Decimal("1"))
                else:
                    value = (ind.baseline + (ind.period_target - ind.baseline) * step / 4).quantize(Decimal("0.1"))
                targets.append(AnnualTarget(indicator=ind, year=year, value=value))
            if ind.kind == "result":
                for step, (year, month) in enumerate([(y, m) for y in BUDGET_YEARS for m in (3, 6, 9, 12)], start=1):
                    value = (ind.baseline + (ind.period_target - ind.baseline) * step / 10).quantize(Decimal("0.1"))
                    measurements.append(IndicatorMeasurement(indicator=ind, year=year, month=month, value=value,
                                                             recorded_by=planner))
        self._bulk(AnnualTarget, targets)
        self._bulk(IndicatorMeasurement, measurements)
        product_indicators: dict[int, list] = {}
        for ind in indicators:
            if ind.kind == "product":
                product_indicators.setdefault(ind.program_id, []).append(ind)
        for program in progs:  # a program whose only indicator is a result one still gets a product indicator
            product_indicators.setdefault(program.pk, [i for i in indicators if i.kind == "product"][:1] or indicators[:1])

        # 4.2 projects ---------------------------------------------------------------------
        territory_codes = list(Territory.objects.exclude(code=0).values_list("code", flat=True))
        projects = []
        for n in range(1, o["projects"] + 1):
            program = progs[n % len(progs)]
            projects.append(Project(
                name=f"Proyecto {n:04d} del programa {program.code}", bank_code=bpin_of(n),
                registered_on=dt.date(2024, 3, 20), program=program, org_unit=units[n % len(units)],
                lead=leads[n % len(leads)], funding_kind="participatory" if n % 10 == 0 else "ordinary",
                start_date=dt.date(2024, 3, 1), end_date=dt.date(2027, 12, 31), state="in_execution",
                problem="Hogares sin acceso a una solución habitacional digna.",
                general_objective="Contribuir a reducir el déficit habitacional.",
                affected_population=rng.randint(5000, 40000), target_population=rng.randint(500, 4000),
                formulation_started_on=dt.date(2024, 2, 26),
            ))
        self._bulk(Project, projects)
        project_territories: dict[int, list[int]] = {}
        rows = []
        for p in projects:
            k = 1 if p.funding_kind == "participatory" else rng.randint(1, 3)
            codes = rng.sample(territory_codes, k)
            project_territories[p.pk] = codes
            for code, share in zip(codes, _split(100, k), strict=True):
                rows.append(ProjectTerritory(project=p, territory_id=code, share=Decimal(share)))
        self._bulk(ProjectTerritory, rows)

        products = []
        for p in projects:
            for k in range(1, o["products"] + 1):
                ind = rng.choice(product_indicators[p.program_id])
                products.append(Product(project=p, code=f"P{k}", name=f"{rng.choice(PRODUCT_WORDS)} ({p.bank_code}-{k})",
                                        indicator=ind, unit=ind.unit))
        self._bulk(Product, products)
        products_of: dict[int, list] = {}
        for pr in products:
            products_of.setdefault(pr.project_id, []).append(pr)
        goals, activities, unit_costs = {}, [], []
        goal_rows = []
        for pr in products:
            goal = Decimal(rng.randint(12, 600))
            for year in BUDGET_YEARS:
                goals[(pr.pk, year)] = goal
                goal_rows.append(ProductGoal(product=pr, year=year, goal=goal))
                unit_costs.append(UnitCost(product=pr, year=year, amount=Decimal(rng.randint(800, 6000)) * 1000))
            activities.append(Activity(product=pr, name=f"Ejecución de {pr.name.lower()}"))
        self._bulk(ProductGoal, goal_rows)
        self._bulk(UnitCost, unit_costs)
        self._bulk(Activity, activities)
        self._bulk(ActivityCost, [
            ActivityCost(activity=a, year=year, amount=Decimal(rng.randint(300, 900)) * 1_000_000)
            for a in activities for year in BUDGET_YEARS
        ])

        # 4.3 budget years -----------------------------------------------------------------
        budget: dict[tuple[int, int], int] = {}
        allocations, funding = [], []
        from tooling.demo import ensure_funding_sources, split_by_allocation

        sources = ensure_funding_sources()
        allocated: dict[tuple[int, int], list] = {}  # (project, year): [(source, amount)]
        fiscal_years = {}
        for year in BUDGET_YEARS:
            fy = FiscalYear.objects.create(year=year, global_ceiling=0, state="closed",
                                           opened_on=dt.date(year - 1, 9, 1),
                                           closed_at=timezone.make_aware(dt.datetime(year - 1, 12, 15, 17, 0)))
            fiscal_years[year] = fy
            total = 0
            for p in projects:
                project_total = 0
                for source in rng.sample(SOURCES, 2):
                    amount = rng.randint(600, 1300) * 1_000_000
                    allocations.append(
                        ProjectAllocation(fiscal_year=fy, project=p, source=sources[source], amount=Decimal(amount))
                    )
                    allocated.setdefault((p.pk, year), []).append((sources[source], Decimal(amount)))
                    funding.append(ProjectFunding(project=p, source=sources[source], year=year, amount=Decimal(amount)))
                    project_total += amount
                budget[(p.pk, year)] = project_total
                total += project_total
            # Invariant: allocated_total = sum of the allocations ≤ global_ceiling.
            FiscalYear.objects.filter(pk=fy.pk).update(
                allocated_total=Decimal(total), global_ceiling=Decimal(total * 105 // 100)
            )
        self.counts["budget.FiscalYear"] = len(BUDGET_YEARS)
        self._bulk(ProjectAllocation, allocations)
        self._bulk(ProjectFunding, funding)
        mods = []
        for i, p in enumerate(projects[:: max(1, len(projects) // 50)]):
            kind = ("addition", "reduction", "credit_transfer", "counter_credit_transfer")[i % 4]
            mods.append(BudgetModification(fiscal_year=fiscal_years[BUDGET_YEARS[-1]], project=p,
                                           source=allocated[(p.pk, BUDGET_YEARS[-1])][0][0],
                                           date=dt.date(BUDGET_YEARS[-1], 4 + i % 6, 10), kind=kind,
                                           act_number=f"Resolución {BUDGET_YEARS[-1]}-{i:04d}",
                                           amount=Decimal(rng.randint(20, 200)) * 1_000_000))
        self._bulk(BudgetModification, mods)

        # 4.5 action plans -----------------------------------------------------------------
        for year in BUDGET_YEARS:
            action_plan = ActionPlan.objects.create(
                fiscal_year=fiscal_years[year], state="published", approved_by=planner,
                approved_at=timezone.make_aware(dt.datetime(year, 1, 20, 10, 0)),
                published_at=timezone.make_aware(dt.datetime(year, 1, 28, 9, 0)),
            )
            self.counts["action_plan.ActionPlan"] = self.counts.get("action_plan.ActionPlan", 0) + 1
            entries = self._bulk(ActionPlanEntry, [
                ActionPlanEntry(plan=action_plan, project=p, responsible_id=p.lead_id) for p in projects
            ])
            fin, phys = [], []
            for entry in entries:
                for month, amount in enumerate(_split(budget[(entry.project_id, year)], 12), start=1):
                    fin.append(FinancialMonthlyTarget(entry=entry, month=month, amount=Decimal(amount)))
                for pr in products_of[entry.project_id]:
                    for month, qty in enumerate(_split(int(goals[(pr.pk, year)]), 12), start=1):
                        phys.append(PhysicalMonthlyTarget(entry=entry, product=pr, month=month, quantity=Decimal(qty)))
                if len(phys) >= self.batch * 4:
                    self._bulk(FinancialMonthlyTarget, fin)
                    self._bulk(PhysicalMonthlyTarget, phys)
                    fin, phys = [], []
            self._bulk(FinancialMonthlyTarget, fin)
            self._bulk(PhysicalMonthlyTarget, phys)

        # 4.6 periods and reports ----------------------------------------------------------
        periods = []
        months = [(y, m) for y in BUDGET_YEARS for m in range(1, 13)]
        for year, month in months + ([] if o["no_open_month"] else [OPEN_PERIOD]):
            cutoff = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            periods.append(ReportingPeriod(year=year, month=month, cutoff=cutoff,
                                           report_deadline=cutoff + dt.timedelta(days=7),
                                           state="open" if (year, month) == OPEN_PERIOD else "closed"))
        self._bulk(ReportingPeriod, periods)

        chunk = max(1, self.batch // 24)
        for start in range(0, len(projects), chunk):
            part = projects[start:start + chunk]
            reports = []
            for p in part:
                for year, month in months:
                    share = rng.randint(50, 75)  # ‰ of the year's budget per month: ≤ 90 % a year
                    committed = budget[(p.pk, year)] * share // 1000
                    obligated = committed * rng.randint(60, 95) // 100
                    paid = obligated * rng.randint(50, 95) // 100
                    reports.append(ProgressReport(
                        project=p, year=year, month=month, state="approved", committed=Decimal(committed),
                        obligated=Decimal(obligated), paid=Decimal(paid),
                        achievements="Avance según lo programado; soportes en el expediente del proyecto.",
                        submitted_at=now, approved_at=now, version=3,
                    ))
                if not o["no_open_month"]:
                    reports.append(ProgressReport(project=p, year=OPEN_PERIOD[0], month=OPEN_PERIOD[1]))
            self._bulk(ProgressReport, reports)
            progress, places, splits = [], [], []
            for r in reports:
                if r.state != "approved":
                    continue
                if len(allocated[(r.project_id, r.year)]) > 1:  # several sources: split by allocation share
                    for source, c, ob, pd in split_by_allocation((r.committed, r.obligated, r.paid),
                                                                allocated[(r.project_id, r.year)]):
                        splits.append(SourceExecution(report=r, source=source, committed=c, obligated=ob, paid=pd))
                for pr in products_of[r.project_id]:
                    quantity = goals[(pr.pk, r.year)] * rng.randint(3, 8) // 100
                    progress.append(ProductProgress(report=r, product=pr, quantity=Decimal(quantity)))
                committed = int(r.committed)
                k = rng.randint(1, 5)
                codes = (project_territories[r.project_id] + rng.sample(territory_codes, 5))[:k]
                codes = list(dict.fromkeys(codes))
                if rng.random() < 0.2:
                    codes = [0] + codes[:-1]  # city-wide share, not georeferenced
                # Invariant: the territorial committed sums exactly to the report's committed.
                for code, amount in zip(codes, _split(committed, len(codes)), strict=True):
                    places.append(TerritorialDistribution(report=r, territory_id=code, committed=Decimal(amount),
                                                          beneficiaries=rng.randint(5, 120)))
            self._bulk(ProductProgress, progress)
            self._bulk(TerritorialDistribution, places)
            self._bulk(SourceExecution, splits)

"""Fill a database with realistic data at a given scale (default: ten times ISVIMED's size).

    python manage.py seed_scale                       # 10×: 2,000 projects, 48,000 approved reports
    python manage.py seed_scale --scale 100           # 100×: 20,000 projects, 480,000 reports, ~800 indicators
    python manage.py seed_scale --scale 100 --years 3 # the same with one more year of history (2024)
    python manage.py seed_scale --projects 3 --indicators 12 --programs 4 --components 2 --lines 1

`--scale` picks the sizes (`sizes()`): projects and leads grow with it, the plan does not grow
with the number of entities (60 indicators at 1×, 600 at 10×, ~800 at 100×). An explicit size
option overrides the scale's.

What it builds:
- one 2024–2027 development plan: lines → components → programs → indicators (80 % product, 20 %
  result), four annual targets per indicator, quarterly measurements of the result indicators;
- projects in execution (10 % participatory budget, bound to one comuna), each with 1–3
  territories, `--products` products (each tied to a product indicator of its program), a goal,
  an activity with its cost and a unit cost per budget year, funding per year;
- `--years` budget years ending in 2026 (default 2: 2025 and 2026; 3 adds 2024), two
  allocations per project and year; `allocated_total` is the exact sum of the allocations and the
  global ceiling is 5 % above it; a few modifications;
- a published action plan per year with monthly financial and physical targets;
- closed reporting periods and an approved report per project and month of those years (48,000
  at 10×) with the month's committed / obligated / paid (the running paid ≤ obligated ≤ committed
  holds every month since each month's paid ≤ obligated ≤ committed), a quantity per product and
  1–5 territories whose committed amounts sum exactly to the report's committed;
- one open period (January 2027) with a pending report per project, so that the report form and
  the load test have something a lead may edit;
- the users: `planeador` (Planeación) and `--leads` project leads `lider01`…, password
  `--password` (hashed once, shared).

Bounded memory: the plan is built first (its size does not depend on the scale); then projects
are seeded in chunks (~`--batch` / 24 projects), each chunk writing its projects and every row
that hangs from them (territories, products, budget, action plan, reports) before the next one
is built, and forgetting them. Only the plan, the users and a few running totals per year are
kept. Everything is written with bulk_create in batches of `--batch` rows. Seeded rows get NO
simple_history rows (bulk_create skips the signals): the history of seeded data is empty, which
does not change what the pages, matrices and exports read. Refuses to run on a database that
already has a development plan.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import resource
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from isvimed_planning import roles
from tooling.demo import ensure_org_units

FIRST_YEAR = 2024
LAST_BUDGET_YEAR = 2026
OPEN_PERIOD = (2027, 1)
SOURCES = ["Recursos propios", "Sistema General de Participaciones", "Recursos del crédito"]
UNITS = ["Viviendas", "Hogares", "Subsidios", "Predios", "Familias", "Estudios", "Número"]
PRODUCT_WORDS = ["Viviendas mejoradas", "Subsidios asignados", "Predios titulados", "Familias acompañadas",
                 "Hogares con arrendamiento", "Estudios técnicos entregados", "Viviendas nuevas entregadas"]
DEFAULT_PASSWORD = "bench-clave-2026"
SIZE_OPTIONS = ("lines", "components", "programs", "indicators", "projects", "leads")


@dataclass(frozen=True)
class Sizes:
    lines: int
    components: int
    programs: int
    indicators: int
    projects: int
    leads: int


def sizes(scale: float) -> Sizes:
    """The data's sizes at `scale` times ISVIMED (~200 projects, a plan of ~60 indicators).

    Projects and leads grow with the scale. The plan does not grow with the number of entities:
    up to 10× it grows with the scale (600 indicators at 10×, today's defaults), beyond that by
    200 indicators per further factor of ten (~800 at 100×). Ten indicators per program, three
    programs per component, four components per line, at most five lines."""
    if scale <= 0:
        raise CommandError("La escala debe ser mayor que cero.")
    indicators = round(60 * scale) if scale <= 10 else round(600 + 200 * math.log10(scale / 10))
    indicators = max(1, indicators)
    programs = max(1, indicators // 10)
    components = max(1, programs // 3)
    lines = max(1, min(5, components // 4))
    return Sizes(lines=lines, components=components, programs=programs, indicators=indicators,
                 projects=max(1, round(200 * scale)), leads=max(1, round(5 * scale)))


def budget_years(years: int) -> tuple[int, ...]:
    """The `years` budget years ending in 2026 (the plan starts in 2024: at most three)."""
    if not 1 <= years <= LAST_BUDGET_YEAR - FIRST_YEAR + 1:
        raise CommandError(f"--years debe estar entre 1 y {LAST_BUDGET_YEAR - FIRST_YEAR + 1}.")
    return tuple(range(LAST_BUDGET_YEAR - years + 1, LAST_BUDGET_YEAR + 1))


def money_unit(projects: int) -> int:
    """Pesos of one unit of the seeded allocations (600–1,300 units per source and year). The
    entity's budget does not grow with its number of projects either: past 2,000 projects (10×)
    each project gets less, so that a year's allocated total (2 sources × ≤ 1,300 units × projects)
    stays what a budget column holds (< 10^13 pesos: max_digits 15, 2 decimals)."""
    return 1_000_000 if projects <= 2000 else max(1000, 1_000_000 * 2000 // projects)


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
        parser.add_argument("--scale", type=float, default=10,
                            help="veces el tamaño del ISVIMED (1, 10, 100…); fija los tamaños no dados")
        for name in SIZE_OPTIONS:
            parser.add_argument(f"--{name}", type=int, default=None)
        parser.add_argument("--products", type=int, default=3, help="products per project")
        parser.add_argument("--years", type=int, default=2,
                            help="budget years ending in 2026 (3 adds 2024: one more year of history)")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--no-open-month", action="store_true", help="no pending reports in January 2027")
        parser.add_argument("--users-only", action="store_true",
                            help="only the units and users (a database to import a workbook into)")

    def handle(self, *args, **o):
        from strategy.models import DevelopmentPlan

        scaled = sizes(o["scale"])
        for name in SIZE_OPTIONS:
            if o[name] is None:
                o[name] = getattr(scaled, name)
        o["budget_years"] = budget_years(o["years"])
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
        self.stdout.write(self.style.SUCCESS(
            f"seed_scale: {total:,} filas en {elapsed:.1f} s; memoria máxima {peak_rss_mb():,.0f} MB".replace(",", ".")
        ))

    # -- helpers --------------------------------------------------------------------------------

    def _bulk(self, model, objs: list) -> list:
        if objs:
            model.objects.bulk_create(objs, batch_size=self.batch)
            key = model._meta.label
            self.counts[key] = self.counts.get(key, 0) + len(objs)
        return objs

    # -- the data -------------------------------------------------------------------------------

    def _seed(self, o):
        from isvimed_planning.models import User

        # users and units ------------------------------------------------------------------
        self.units = sorted(ensure_org_units().values(), key=lambda unit: unit.code)
        password = make_password(o["password"])
        self.planner, _ = User.objects.get_or_create(
            username="planeador", defaults={"first_name": "Paula", "last_name": "Planeación", "password": password,
                                            "org_unit": self.units[0]},
        )
        self.planner.groups.add(Group.objects.get(name=roles.PLANEACION))
        names = [f"lider{i:02d}" for i in range(1, o["leads"] + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        units = self.units
        new_leads = [
            User(username=name, first_name=f"Líder {i:02d}", last_name="Proyecto", password=password,
                 email=f"{name}@isvimed.example", org_unit=units[i % len(units)])
            for i, name in enumerate(names, start=1) if name not in existing
        ]
        self._bulk(User, new_leads)
        self.lead_ids = list(User.objects.filter(username__in=names).order_by("username").values_list("pk", flat=True))
        Group.objects.get(name=roles.RESPONSABLE).user_set.add(*self.lead_ids)
        if o["users_only"]:
            return
        self.years = o["budget_years"]
        self.months = [(y, m) for y in self.years for m in range(1, 13)]
        self._seed_plan(o)
        self._seed_years(o)
        self.allocated_totals = dict.fromkeys(self.years, 0)
        self.money_unit = money_unit(o["projects"])
        chunk = max(1, self.batch // 24)
        every = max(1, o["projects"] // 50)  # a budget modification every `every` projects (~50)
        for start in range(1, o["projects"] + 1, chunk):
            self._seed_projects(o, range(start, min(start + chunk, o["projects"] + 1)), every=every)
            reset_queries()  # with DEBUG the query log would keep each chunk's SQL
        # Invariant: allocated_total = sum of the allocations ≤ global_ceiling.
        for year, fy in self.fiscal_years.items():
            total = self.allocated_totals[year]
            type(fy).objects.filter(pk=fy.pk).update(
                allocated_total=Decimal(total), global_ceiling=Decimal(total * 105 // 100)
            )

    def _seed_plan(self, o) -> None:
        """4.1 the plan: its size depends on the plan options only, never on the projects."""
        from isvimed_planning.codes import natural_key
        from monitoring.models import IndicatorMeasurement
        from strategy.models import (
            AnnualTarget,
            Component,
            DevelopmentPlan,
            Indicator,
            Program,
            StrategicLine,
        )

        rng, units = self.rng, self.units
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
        quarters = [(y, m) for y in self.years for m in (3, 6, 9, 12)]
        for ind in indicators:
            for step, year in enumerate(range(FIRST_YEAR, FIRST_YEAR + 4), start=1):
                if ind.kind == "product":
                    value = ((ind.period_target - ind.baseline) / 4).quantize(Decimal("1"))
                else:
                    value = (ind.baseline + (ind.period_target - ind.baseline) * step / 4).quantize(Decimal("0.1"))
                targets.append(AnnualTarget(indicator=ind, year=year, value=value))
            if ind.kind == "result":
                for step, (year, month) in enumerate(quarters, start=1):
                    value = (ind.baseline + (ind.period_target - ind.baseline) * step / (len(quarters) + 2)
                             ).quantize(Decimal("0.1"))
                    measurements.append(IndicatorMeasurement(indicator=ind, year=year, month=month, value=value,
                                                             recorded_by=self.planner))
        self._bulk(AnnualTarget, targets)
        self._bulk(IndicatorMeasurement, measurements)
        product_indicators: dict[int, list] = {}
        for ind in indicators:
            if ind.kind == "product":
                product_indicators.setdefault(ind.program_id, []).append(ind)
        for program in progs:  # a program whose only indicator is a result one still gets a product indicator
            product_indicators.setdefault(program.pk, [i for i in indicators if i.kind == "product"][:1] or indicators[:1])
        self.programs, self.product_indicators = progs, product_indicators

    def _seed_years(self, o) -> None:
        """4.3, 4.5, 4.6 the rows of each year that are not a project's: fiscal years (their totals
        are set at the end, once every allocation is written), action plans, reporting periods."""
        from action_plan.models import ActionPlan
        from budget.models import FiscalYear
        from isvimed_planning.models import Territory
        from monitoring.models import ReportingPeriod
        from tooling.demo import ensure_funding_sources

        self.sources = ensure_funding_sources()
        self.territory_codes = list(Territory.objects.exclude(code=0).values_list("code", flat=True))
        self.fiscal_years, self.action_plans = {}, {}
        for year in self.years:
            self.fiscal_years[year] = FiscalYear.objects.create(
                year=year, global_ceiling=0, state="closed", opened_on=dt.date(year - 1, 9, 1),
                closed_at=timezone.make_aware(dt.datetime(year - 1, 12, 15, 17, 0)),
            )
            self.action_plans[year] = ActionPlan.objects.create(
                fiscal_year=self.fiscal_years[year], state="published", approved_by=self.planner,
                approved_at=timezone.make_aware(dt.datetime(year, 1, 20, 10, 0)),
                published_at=timezone.make_aware(dt.datetime(year, 1, 28, 9, 0)),
            )
        self.counts["budget.FiscalYear"] = len(self.years)
        self.counts["action_plan.ActionPlan"] = len(self.years)
        periods = []
        for year, month in self.months + ([] if o["no_open_month"] else [OPEN_PERIOD]):
            cutoff = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            periods.append(ReportingPeriod(year=year, month=month, cutoff=cutoff,
                                           report_deadline=cutoff + dt.timedelta(days=7),
                                           state="open" if (year, month) == OPEN_PERIOD else "closed"))
        self._bulk(ReportingPeriod, periods)

    def _seed_projects(self, o, numbers: range, *, every: int) -> None:  # noqa: C901 (one linear script)
        """4.2–4.6 one chunk of projects (numbered `numbers`) and every row that hangs from them."""
        from action_plan.models import (
            ActionPlanEntry,
            FinancialMonthlyTarget,
            PhysicalMonthlyTarget,
        )
        from budget.models import BudgetModification, ProjectAllocation, UnitCost
        from monitoring.models import (
            ProductProgress,
            ProgressReport,
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
        from tooling.demo import split_by_allocation

        rng, units, progs, years = self.rng, self.units, self.programs, self.years
        leads, territory_codes, sources = self.lead_ids, self.territory_codes, self.sources
        now = timezone.now()
        start_date = min(dt.date(2024, 3, 1), dt.date(years[0], 1, 1))

        # 4.2 projects ---------------------------------------------------------------------
        projects = []
        for n in numbers:
            program = progs[n % len(progs)]
            projects.append(Project(
                name=f"Proyecto {n:04d} del programa {program.code}", bank_code=bpin_of(n),
                registered_on=dt.date(2024, 3, 20), program=program, org_unit=units[n % len(units)],
                lead_id=leads[n % len(leads)], funding_kind="participatory" if n % 10 == 0 else "ordinary",
                start_date=start_date, end_date=dt.date(2027, 12, 31), state="in_execution",
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
                ind = rng.choice(self.product_indicators[p.program_id])
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
            for year in years:
                goals[(pr.pk, year)] = goal
                goal_rows.append(ProductGoal(product=pr, year=year, goal=goal))
                unit_costs.append(UnitCost(product=pr, year=year, amount=Decimal(rng.randint(800, 6000)) * 1000))
            activities.append(Activity(product=pr, name=f"Ejecución de {pr.name.lower()}"))
        self._bulk(ProductGoal, goal_rows)
        self._bulk(UnitCost, unit_costs)
        self._bulk(Activity, activities)
        self._bulk(ActivityCost, [
            ActivityCost(activity=a, year=year, amount=Decimal(rng.randint(300, 900)) * 1_000_000)
            for a in activities for year in years
        ])

        # 4.3 budget years -----------------------------------------------------------------
        budget: dict[tuple[int, int], int] = {}
        allocations, funding = [], []
        allocated: dict[tuple[int, int], list] = {}  # (project, year): [(source, amount)]
        for year in years:
            fy = self.fiscal_years[year]
            for p in projects:
                project_total = 0
                for source in rng.sample(SOURCES, 2):
                    amount = rng.randint(600, 1300) * self.money_unit
                    allocations.append(
                        ProjectAllocation(fiscal_year=fy, project=p, source=sources[source], amount=Decimal(amount))
                    )
                    allocated.setdefault((p.pk, year), []).append((sources[source], Decimal(amount)))
                    funding.append(ProjectFunding(project=p, source=sources[source], year=year, amount=Decimal(amount)))
                    project_total += amount
                budget[(p.pk, year)] = project_total
                self.allocated_totals[year] += project_total
        self._bulk(ProjectAllocation, allocations)
        self._bulk(ProjectFunding, funding)
        last = years[-1]
        mods = []
        for n, p in zip(numbers, projects, strict=True):
            if (n - 1) % every:
                continue
            i = (n - 1) // every
            kind = ("addition", "reduction", "credit_transfer", "counter_credit_transfer")[i % 4]
            mods.append(BudgetModification(fiscal_year=self.fiscal_years[last], project=p,
                                           source=allocated[(p.pk, last)][0][0],
                                           date=dt.date(last, 4 + i % 6, 10), kind=kind,
                                           act_number=f"Resolución {last}-{i:04d}",
                                           amount=Decimal(rng.randint(20, 200)) * 1_000_000))
        self._bulk(BudgetModification, mods)

        # 4.5 action plans -----------------------------------------------------------------
        for year in years:
            entries = self._bulk(ActionPlanEntry, [
                ActionPlanEntry(plan=self.action_plans[year], project=p, responsible_id=p.lead_id) for p in projects
            ])
            fin, phys = [], []
            for entry in entries:
                for month, amount in enumerate(_split(budget[(entry.project_id, year)], 12), start=1):
                    fin.append(FinancialMonthlyTarget(entry=entry, month=month, amount=Decimal(amount)))
                for pr in products_of[entry.project_id]:
                    for month, qty in enumerate(_split(int(goals[(pr.pk, year)]), 12), start=1):
                        phys.append(PhysicalMonthlyTarget(entry=entry, product=pr, month=month, quantity=Decimal(qty)))
            self._bulk(FinancialMonthlyTarget, fin)
            self._bulk(PhysicalMonthlyTarget, phys)

        # 4.6 reports ----------------------------------------------------------------------
        reports = []
        for p in projects:
            for year, month in self.months:
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

"""Reads of the citizens' pages: which projects are public, and what their pages show.

Nothing here computes a figure of its own: goals in force, progress and programming come from
monitoring.figures (budget.money, monitoring.progress, action_plan.programming), money by source
from monitoring.sources, the territorial distribution from the approved reports as the
Georreferenciación matrix reads it. What this module adds is *which* rows citizens may see:
projects in execution or closed, approved reports only, evidence a planner marked public.
Every function runs a constant number of queries whatever the number of rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.http import Http404

from budget.models import ProjectAllocation
from isvimed_planning import charts
from isvimed_planning.caching import versioned
from isvimed_planning.calendar import month_end, month_name
from isvimed_planning.models import Territory
from monitoring import figures, sources
from monitoring.models import Evidence, ProgressReport, ReportState, TerritorialDistribution
from monitoring.selectors import current_cycle
from projects.models import FundingKind, Project, ProjectState, ProjectTerritory

PUBLIC_STATES = (ProjectState.IN_EXECUTION, ProjectState.CLOSED)
NOT_PUBLIC = "El proyecto no existe o no es público."
ZERO = Decimal(0)


def public_projects() -> QuerySet[Project]:
    """Projects citizens may read: in execution or closed."""
    return Project.objects.filter(state__in=PUBLIC_STATES)


def approved_reports() -> QuerySet[ProgressReport]:
    """Reports that count for citizens: approved ones of public projects."""
    return ProgressReport.objects.filter(state=ReportState.APPROVED, project__state__in=PUBLIC_STATES)


def public_evidence() -> QuerySet[Evidence]:
    """Evidence a citizen may download: marked public by planning staff, of an approved report
    of a public project. A report reopened (back to review) hides its files again."""
    return Evidence.objects.filter(is_public=True, report__in=approved_reports())


def _participatory_first() -> Case:
    return Case(When(funding_kind=FundingKind.PARTICIPATORY, then=Value(0)), default=Value(1), output_field=IntegerField())


def _with_territories(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.select_related("program").prefetch_related(
        Prefetch("territories", queryset=ProjectTerritory.objects.select_related("territory"))
    )


def project_list(params=None):
    """The public list, filtered by its filter bar (`params`: the query string). Returns
    (projects, filter set). Two queries for a page (projects, their territories) and a count."""
    from .filters import PublicProjectFilter

    filterset = PublicProjectFilter(params or None, queryset=_with_territories(public_projects()))
    return filterset.qs.order_by("program__sort_key", "bank_code", "id"), filterset


def get_public_project(pk: int) -> Project:
    project = _with_territories(public_projects()).select_related("program__component__line").filter(pk=pk).first()
    if project is None:
        raise Http404(NOT_PUBLIC)
    return project


# --- A project's page -------------------------------------------------------------------------


@dataclass
class Milestone:
    """One approved monthly report on the timeline: its month, achievements and public files."""

    year: int
    month: int
    achievements: str
    evidence: list[Evidence]

    @property
    def label(self) -> str:
        return f"{month_name(self.month).capitalize()} de {self.year}"


@dataclass
class ProductLine:
    """A product with its goal in force, reported progress and what was programmed to date,
    as monitoring.figures computes them, plus the widths of its bars (out of 100)."""

    figures: figures.ProductFigures
    progress_width: str
    programmed_width: str


@dataclass
class IndicatorLine:
    figures: figures.IndicatorFigures
    width: str  # year's fulfilment, out of 100


@dataclass
class TerritoryLine:
    code: int
    name: str
    share: Decimal
    committed: Decimal = ZERO
    beneficiaries: int = 0


@dataclass
class ProjectPage:
    project: Project
    year: int | None
    cutoff: dt.date | None
    figures: figures.ProjectFigures | None
    products: list[ProductLine]
    indicators: list[IndicatorLine]
    sources: list[sources.SourceRow]
    territories: list[TerritoryLine]
    timeline: list[Milestone]
    money_width: str = "0"
    programmed_money_width: str = "0"
    source_totals: dict = field(default_factory=dict)


def figures_year(project: Project) -> tuple[int, dt.date] | None:
    """The budget year and cutoff a project's page shows: the follow-up's current cycle when the
    project has budget that year; else its latest earlier year with budget, at 31 December (a
    closed project). None without any budget. One or two queries."""
    year, month = current_cycle()
    years = list(
        ProjectAllocation.objects.filter(project=project, fiscal_year__year__lte=year)
        .order_by("-fiscal_year__year").values_list("fiscal_year__year", flat=True)[:1]
    )
    if not years:
        return None
    if years[0] == year:
        return year, month_end(year, month)
    return years[0], dt.date(years[0], 12, 31)


def timeline(project: Project) -> list[Milestone]:
    """The project's approved reports, latest first, each with its public evidence. Two queries."""
    reports = (
        approved_reports().filter(project=project).order_by("-year", "-month")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.filter(is_public=True), to_attr="public_files"))
    )
    return [Milestone(r.year, r.month, r.achievements, r.public_files) for r in reports]


def project_territories(project: Project) -> list[TerritoryLine]:
    """The territories of the project (its formulated share) with the committed money and
    beneficiaries its approved reports placed there (all years). One query (territories are
    prefetched)."""
    placed = {
        row["territory_id"]: row
        for row in TerritorialDistribution.objects.filter(report__in=approved_reports().filter(project=project))
        .values("territory_id").annotate(c=Sum("committed"), b=Sum("beneficiaries")).order_by()
    }
    lines = []
    for pt in project.territories.all():
        row = placed.get(pt.territory_id, {})
        lines.append(TerritoryLine(pt.territory_id, pt.territory.name, pt.share, figures.dec(row.get("c")), int(row.get("b") or 0)))
    return lines


def plan_indicators(year: int, cutoff: dt.date) -> list[figures.IndicatorFigures]:
    """The plan's indicator figures at the cutoff (monitoring.figures), computed once per change of
    their inputs (figures.inputs_version) and then read from the cache: every public project page
    shows its program's share of them (170 ms for 600 indicators at ten times ISVIMED's size)."""
    return versioned(
        f"transparency:indicators:{year}:{cutoff.isoformat()}", figures.inputs_version(),
        lambda: figures.indicator_figures(year=year, cutoff=cutoff),
    )


def project_page(project: Project, *, with_indicators: bool = True) -> ProjectPage:
    """Everything the public page of `project` shows, in a constant number of queries (its CSV
    leaves the program's indicators out)."""
    span = figures_year(project)
    found: list[figures.ProjectFigures] = []
    indicators: list[IndicatorLine] = []
    source_rows: list[sources.SourceRow] = []
    if span is not None:
        year, cutoff = span
        found = figures.project_figures(year=year, cutoff=cutoff, project_ids=[project.pk])
        source_rows = sources.source_rows([project.pk], year=year, cutoff=cutoff).get(project.pk, [])
        indicators = [
            IndicatorLine(i, charts.meter_width(i.year_fulfilment or 0, 1))
            for i in plan_indicators(year, cutoff)
            if i.program_id == project.program_id
        ] if with_indicators else []
    mine = found[0] if found else None
    products = [
        ProductLine(p, charts.meter_width(p.progress or 0, p.goal), charts.meter_width(p.programmed or 0, p.goal))
        for p in (mine.products if mine else [])
    ]
    return ProjectPage(
        project=project, year=span[0] if span else None, cutoff=span[1] if span else None, figures=mine,
        products=products, indicators=indicators, sources=source_rows,
        territories=project_territories(project), timeline=timeline(project),
        money_width=charts.meter_width(mine.committed, mine.definitive) if mine else "0",
        programmed_money_width=charts.meter_width(mine.programmed_money or 0, mine.definitive) if mine else "0",
        source_totals={
            "definitive": sum((r.definitive for r in source_rows), ZERO),
            "committed": sum((r.committed for r in source_rows), ZERO),
            "obligated": sum((r.obligated for r in source_rows), ZERO),
            "paid": sum((r.paid for r in source_rows), ZERO),
        },
    )


# --- Mi comuna --------------------------------------------------------------------------------


@dataclass
class YearMoney:
    year: int
    committed: Decimal  # placed in the territory by the approved reports (territorial distribution)
    beneficiaries: int
    by_source: list[sources.SourceTotal]  # the territory's projects' committed by source (whole projects)


@dataclass
class TerritoryPage:
    territory: Territory
    projects: list[Project]
    years: list[YearMoney]
    committed: Decimal
    beneficiaries: int
    tiles: list  # (Territory, TilePlace, committed)
    map_height: int


def get_territory(code: int) -> Territory:
    territory = Territory.objects.filter(code=code).first()
    if territory is None:
        raise Http404("Ese territorio no existe.")
    return territory


def territory_committed(version: tuple | None = None) -> dict[int, tuple[Decimal, int]]:
    """{territory code: (committed, beneficiaries)} over every approved report of public
    projects, all years: one query, cached per change of the figures' inputs (`version`:
    figures.inputs_version(), which approving or reopening a report changes)."""
    def compute() -> dict[int, tuple[Decimal, int]]:
        return {
            row["territory_id"]: (figures.dec(row["c"]), int(row["b"] or 0))
            for row in TerritorialDistribution.objects.filter(report__in=approved_reports())
            .values("territory_id").annotate(c=Sum("committed"), b=Sum("beneficiaries")).order_by()
        }

    return versioned("transparency:territories", version if version is not None else figures.inputs_version(), compute)


def territory_map(version: tuple | None = None) -> tuple[list, int, list[Territory]]:
    """The tile map of every territory, darker with more committed money (charts.tile_map):
    [(territory, place, committed, beneficiaries)], its height, the territories."""
    territories = list(Territory.objects.order_by("code"))
    money = territory_committed(version)
    tiles = charts.tile_map([(t.code, money.get(t.code, (ZERO, 0))[0]) for t in territories])
    rows = [
        (t, place, *money.get(t.code, (ZERO, 0)))
        for t, place in zip(territories, tiles.tiles, strict=True)
    ]
    return rows, tiles.height, territories


def territory_projects(territory: Territory) -> list[Project]:
    """Public projects with a share in the territory: participatory budget first, then by BPIN."""
    return list(
        _with_territories(public_projects())
        .filter(pk__in=ProjectTerritory.objects.filter(territory=territory).values("project_id"))
        .annotate(pp_order=_participatory_first())
        .order_by("pp_order", "bank_code", "id")
    )


def _territory_years(territory: Territory, ids: list[int]) -> list[YearMoney]:
    per_year = (
        TerritorialDistribution.objects.filter(report__in=approved_reports(), territory=territory)
        .values("report__year").annotate(c=Sum("committed"), b=Sum("beneficiaries")).order_by("-report__year")
    )
    years = []
    for row in per_year:
        year = row["report__year"]
        by_source = sources.execution_by_source(ids, year)  # four queries per year with investment
        totals = sources.source_totals({
            pk: [sources.SourceRow(pk, s, ZERO, ZERO, ZERO, e.committed, e.obligated, e.paid) for s, e in mine.items()]
            for pk, mine in by_source.items()
        })
        years.append(YearMoney(year, figures.dec(row["c"]), int(row["b"] or 0), totals))
    return years


def territory_page(territory: Territory) -> TerritoryPage:
    """A territory's page: its projects (live), its money by year and source and the map (cached
    per change of the figures' inputs: the public set changes only when a report is approved or
    reopened, or a project changes)."""
    projects = territory_projects(territory)
    version = figures.inputs_version()
    ids = [p.pk for p in projects]
    years = versioned(
        f"transparency:territory:{territory.code}", (version, ids), lambda: _territory_years(territory, ids)
    )
    tiles, height, _ = territory_map(version)
    return TerritoryPage(
        territory=territory, projects=projects, years=years,
        committed=sum((y.committed for y in years), ZERO), beneficiaries=sum(y.beneficiaries for y in years),
        tiles=tiles, map_height=height,
    )


@dataclass
class TerritoryIndexRow:
    territory: Territory
    projects: int
    committed: Decimal
    beneficiaries: int


def territory_index() -> tuple[list[TerritoryIndexRow], list, int]:
    """Every territory with its count of public projects, committed money and beneficiaries."""
    tiles, height, territories = territory_map()
    counts = dict(
        ProjectTerritory.objects.filter(project__state__in=PUBLIC_STATES)
        .values("territory_id").annotate(n=Count("project_id", distinct=True)).order_by()
        .values_list("territory_id", "n")
    )
    money = {t.code: (c, b) for t, _place, c, b in tiles}
    rows = [TerritoryIndexRow(t, counts.get(t.code, 0), *money[t.code]) for t in territories]
    return rows, tiles, height

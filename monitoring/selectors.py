"""Reads of step 4.6 for a user: which reports they may see, the report page, the review queue,
who has not reported, and the follow-up dashboard (figures come from monitoring.figures)."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from action_plan import programming
from budget.money import year_sources
from isvimed_planning import roles
from isvimed_planning.access import Fetched, fetch_for_user
from isvimed_planning.caching import versioned
from isvimed_planning.calendar import month_end
from isvimed_planning.deadlines import selectors as ans_selectors
from isvimed_planning.models import Territory
from isvimed_planning.roles import has_role
from projects.models import FundingSource, Product, Project
from projects.selectors import visible_projects

from . import cuadre_selectors, figures, institute, projection
from .cuadre.base import Severity
from .models import (
    Evidence,
    IndicatorMeasurement,
    ProductProgress,
    ProgressReport,
    ReportComment,
    ReportingPeriod,
    ReportState,
    ReportTransition,
    SourceExecution,
    TerritorialDistribution,
)
from .progress import monthly_values, progress_over
from .reporting_duty import projects_owing
from .workflow import REPORTED_STATES


def visible_projects_for(user) -> QuerySet[Project]:
    """The projects the user may read: the projects app's rule."""
    return visible_projects(user)


def visible_reports(user) -> QuerySet[ProgressReport]:
    """Every report for read-all roles; a lead sees only the reports of the projects they lead."""
    qs = ProgressReport.objects.all()
    if has_role(user, *roles.READ_ALL_ROLES):
        return qs
    if has_role(user, roles.RESPONSABLE):
        return qs.filter(project__lead=user)
    return qs.none()


def may_read_reports_of(user, project: Project) -> bool:
    """Whether the user sees the project's reports (visible_reports' rule for one project)."""
    if has_role(user, *roles.READ_ALL_ROLES):
        return True
    return has_role(user, roles.RESPONSABLE) and project.lead_id == user.pk


def get_report_for_user(user, pk) -> ProgressReport:
    """The report if this user may see it, else Http404."""
    return fetch_report_for_user(user, pk).obj


def fetch_report_for_user(user, pk, perms: tuple[str, ...] = ()) -> Fetched[ProgressReport]:
    """The report if this user may see it (else Http404), with `perms` answered for it."""
    return fetch_for_user(
        visible_reports(user).select_related("project__program", "project__lead", "project__org_unit"),
        user, perms, pk=pk,
    )


def report_comments(report: ProgressReport) -> list[ReportComment]:
    """The report's conversation, oldest first, with each author (one query)."""
    return list(ReportComment.objects.filter(report=report).select_related("author"))


def visible_evidence(user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(report__in=visible_reports(user))


def visible_periods(user) -> QuerySet[ReportingPeriod]:
    if roles.role_names(user):
        return ReportingPeriod.objects.all()
    return ReportingPeriod.objects.none()


# --- The report page ----------------------------------------------------------------------


@dataclass
class ProductLine:
    product: Product
    quantity: Decimal | None
    goal: Decimal | None
    done_before: Decimal | None  # progress of the approved earlier months of the year (monitoring.progress)
    # The action plan's physical programming (approved or published plan): the month's quantity
    # and what it reaches at the end of the month (action_plan.programming); None: not programmed.
    programmed_month: Decimal | None = None
    programmed_to_date: Decimal | None = None


@dataclass
class TerritoryLine:
    territory: Territory
    committed: Decimal | None
    beneficiaries: int | None


@dataclass
class SourceLine:
    """A funding source of the report's project in its year, with the report's split for it
    (None: no split row for it)."""

    source: FundingSource
    committed: Decimal | None
    obligated: Decimal | None
    paid: Decimal | None


@dataclass
class ReportSheet:
    products: list[ProductLine]
    territories: list[TerritoryLine]
    territorial_total: Decimal
    evidence: list[Evidence]
    transitions: list[ReportTransition]
    cumulative: dict[str, Decimal] = field(default_factory=dict)
    # The project's funding sources of the report's year with the split; empty with one source
    # (all of it is that source's, monitoring.sources) or none.
    sources: list[SourceLine] = field(default_factory=list)


def report_sheet(report: ProgressReport, *, with_record: bool = True) -> ReportSheet:
    """Everything the report page shows: products with this month's quantity and the year's goal,
    every territory with this month's distribution, evidence and the workflow's trail.
    `with_record=False` (the edit form, the busiest page of the month) leaves out what only the
    report's page shows: the evidence, the trail and the year's running totals."""
    quantities = {p.product_id: p.quantity for p in ProductProgress.objects.filter(report=report)}
    products = list(
        Product.objects.filter(project_id=report.project_id).select_related("indicator").prefetch_related("goals")
        .order_by("code", "id")
    )
    before = monthly_values(
        ProductProgress.objects.filter(
            report__project_id=report.project_id, report__year=report.year, report__month__lt=report.month,
            report__state=ReportState.APPROVED,
        ),
        key="product_id",
    )
    programmed = programming.programmed_quantities_by_month([report.project_id], year=report.year)
    lines = []
    for product in products:
        goal = next((g.goal for g in product.goals.all() if g.year == report.year), None)
        accumulation = product.indicator.accumulation
        done_before = progress_over(before.get(product.pk, {}), accumulation=accumulation)
        months = programmed.get(product.pk, {})
        lines.append(ProductLine(
            product, quantities.get(product.pk), goal, done_before, months.get(report.month),
            programming.reached_at(months, report.month, accumulation=accumulation),
        ))
    distribution = {d.territory_id: d for d in TerritorialDistribution.objects.filter(report=report)}
    territories = []
    for territory in Territory.objects.order_by("code"):
        d = distribution.get(territory.code)
        territories.append(TerritoryLine(territory, d.committed if d else None, d.beneficiaries if d else None))
    cumulative = {"committed": Decimal(0), "obligated": Decimal(0), "paid": Decimal(0)}
    if with_record:
        for committed, obligated, paid in ProgressReport.objects.filter(
            project_id=report.project_id, year=report.year, month__lte=report.month
        ).values_list("committed", "obligated", "paid"):
            cumulative["committed"] += committed
            cumulative["obligated"] += obligated
            cumulative["paid"] += paid
    return ReportSheet(
        products=lines,
        territories=territories,
        territorial_total=sum((d.committed for d in distribution.values()), Decimal(0)),
        evidence=list(Evidence.objects.filter(report=report).select_related("uploaded_by")) if with_record else [],
        transitions=list(ReportTransition.objects.filter(report=report).select_related("by")) if with_record else [],
        cumulative=cumulative,
        sources=source_lines(report),
    )


def source_lines(report: ProgressReport) -> list[SourceLine]:
    """The split of the report by source when its project has several sources in its year
    (budget.money.year_sources), else []. Two queries."""
    sources = year_sources([report.project_id], report.year).get(report.project_id, [])
    rows = {r.source_id: r for r in SourceExecution.objects.filter(report_id=report.pk)} if report.pk else {}
    if len(sources) < 2:
        return []
    lines = []
    for source in sources:
        row = rows.get(source.pk)
        lines.append(SourceLine(source, *((row.committed, row.obligated, row.paid) if row else (None, None, None))))
    return lines


# --- Lists --------------------------------------------------------------------------------


def report_list(user, params=None):
    """The reports the user sees, filtered by the list's filter bar (`params`: the query string).
    Returns (reports, filter set)."""
    from .filters import ReportFilter

    qs = visible_reports(user).select_related("project__program", "project__lead")
    filterset = ReportFilter(params or None, queryset=qs)
    return filterset.qs.order_by("-year", "-month", "project__bank_code", "project_id"), filterset


def missing_reports(user, *, year: int, month: int) -> QuerySet[Project]:
    """Projects that owe the month's report (reporting_duty) without a submitted or approved one,
    among the projects the user may see."""
    reported = ProgressReport.objects.filter(
        project=OuterRef("pk"), year=year, month=month, state__in=REPORTED_STATES
    )
    return (
        projects_owing(year=year, month=month, among=visible_projects_for(user))
        .filter(~Exists(reported))
        .select_related("lead", "program")
        .prefetch_related(
            Prefetch(
                "reports", queryset=ProgressReport.objects.filter(year=year, month=month), to_attr="month_reports"
            )
        )
        .order_by("program__sort_key", "bank_code", "id")
    )


@dataclass
class MyReportRow:
    project: Project
    report: ProgressReport | None
    needs_action: bool


def my_reports(user, *, year: int, month: int) -> list[MyReportRow]:
    """For a lead: each of their projects that owes the month's report, with that report
    (pending and returned first)."""
    projects = list(
        projects_owing(year=year, month=month, among=Project.objects.filter(lead=user))
        .select_related("program")
        .prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.filter(year=year, month=month), to_attr="month_reports")
        )
        .order_by("bank_code", "id")
    )
    rows = []
    for project in projects:
        report = project.month_reports[0] if project.month_reports else None
        needs = report is None or report.state in (ReportState.PENDING, ReportState.RETURNED)
        rows.append(MyReportRow(project, report, needs))
    rows.sort(key=lambda r: (not r.needs_action,))
    return rows


def open_reports_of_lead(user) -> QuerySet[ProgressReport]:
    """Reports of the lead's projects waiting for them (pending or returned), any month."""
    return (
        ProgressReport.objects.filter(project__lead=user, state__in=(ReportState.PENDING, ReportState.RETURNED))
        .select_related("project")
        .order_by("year", "month", "project_id")
    )


# --- Dashboard ----------------------------------------------------------------------------


def current_cycle() -> tuple[int, int]:
    """(year, month) the follow-up shows by default: the latest period of the calendar that has
    started (the cycle being reported), else the current month."""
    today = timezone.localdate()
    started = (
        ReportingPeriod.objects.filter(Q(year__lt=today.year) | Q(year=today.year, month__lte=today.month))
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return started if started is not None else (today.year, today.month)


@dataclass
class Dashboard:
    year: int
    month: int
    cutoff: dt.date
    programs: list
    projects: list
    charted_programs: list  # the programs the bar charts show: with projects or a physical figure
    territories: list
    missing: QuerySet[Project]  # paginated by the page: counted and sliced, never loaded whole
    kpis: dict
    programming: figures.ProgrammingFigures  # the projects shown, actual vs. programmed to date
    programmed_curve: list  # money programmed by month, running totals (the projects shown)
    committed_curve: list  # money committed by month in approved reports, running totals, None after the cutoff
    # The same curves per program shown in the charts that has programming, computed when called:
    # [(program, programmed, committed, projected)].
    program_curves: Callable[[], list] = list
    sources: list = field(default_factory=list)  # the year's money by funding source (monitoring.sources)
    needs_split: list = field(default_factory=list)  # projects whose money is not yet assigned to a source
    # Early warning (monitoring.projection): each project's and program's year-end projection,
    # the projection over the projects shown (physical, financial) and its curve.
    projections: dict = field(default_factory=dict)  # {project_id: ProjectProjection}
    program_projections: dict = field(default_factory=dict)  # {program_id: ProgramProjection}
    projection: projection.ProgramProjection | None = None
    projected_curve: list = field(default_factory=list)
    # Changes with the figures' inputs and with what the user sees of them: the key under which
    # the page's expensive fragments that depend on that (the programs' curves) are cached.
    fragment_key: str = ""
    # Changes with the figures' inputs only: the key of the fragments that are the same for
    # everybody (the programs, the bars, the sources, the territories: the whole institute's).
    figures_key: str = ""


@dataclass
class ProjectProgramming:
    """A project's actual against programmed to date at the follow-up's current cutoff."""

    year: int
    cutoff: dt.date
    figures: figures.ProgrammingFigures
    products: list  # figures.ProductFigures, with their programmed to date
    programmed_curve: list  # running totals of the programmed money by month; [] without an entry in the plan
    committed_curve: list  # running totals of the committed money by month, None after the cutoff
    has_plan: bool
    projection: projection.ProjectProjection | None = None  # year-end projection (monitoring.projection)
    projected_curve: list = field(default_factory=list)  # running projected commitments from the cutoff


def project_programming(project) -> ProjectProgramming | None:
    """None for a project without budget in the current cycle's year. A constant number of queries.

    Kept under the figures' version (`figures.inputs_version`): every reader of the project page
    sees the same figures, which only an approved report or a change of the plan, the budget or
    the programming moves; computing them was half of the page."""
    year, month = current_cycle()
    return versioned(
        f"project-programming:{project.pk}:{year}:{month}", figures.inputs_version(),
        lambda: _project_programming(project.pk, year, month),
    )


def _project_programming(project_id: int, year: int, month: int) -> ProjectProgramming | None:
    cutoff = month_end(year, month)
    found = figures.project_figures(year=year, cutoff=cutoff, project_ids=[project_id])
    if not found:
        return None
    mine = found[0]
    programmed = programming.programmed_money_by_month([project_id], year=year).get(project_id)
    committed = figures.monthly_committed([project_id], year=year, month=month).get(
        project_id, [Decimal(0)] * month + [None] * (12 - month)
    )
    projected = projection.compute(year=year, cutoff=cutoff, project_ids=[project_id], projects=found)
    return ProjectProgramming(
        year=year, cutoff=cutoff, figures=figures.project_programming(mine), products=mine.products,
        programmed_curve=figures.running(programmed) if programmed else [], committed_curve=figures.running(committed),
        has_plan=mine.programmed_money is not None, projection=projected.projects.get(project_id),
        projected_curve=(
            projection.projected_curve([projected.money_by_month[project_id]]) if mine.programmed_money is not None else []
        ),
    )


def refresh_figures() -> tuple[int, int]:
    """Brings the institute's figures of the current cycle up to date in the shared cache (patched
    from the last ones, or computed whole when they must be) and returns (year, month).
    The beat job does it every minute and `manage.py refresh_figures` after a deploy, so that
    the first dashboard view after a change, or after the cache was emptied, reads them instead
    of computing them while its user waits (1.5 s of CPU at ten times ISVIMED, most of a minute
    at a whole administration's size). Nothing is computed when they are already there."""
    year, month = current_cycle()
    institute.institute_figures(year=year, cutoff=month_end(year, month))
    return year, month


def dashboard(user, *, year: int, month: int) -> Dashboard:
    """The follow-up dashboard: constant number of queries whatever the amount of data."""
    cutoff = month_end(year, month)
    version = figures.inputs_version()  # read once for both cached values
    cached = institute.dashboard_figures(year=year, cutoff=cutoff, version=version)
    projects, indicators, programs = cached.projects, cached.indicators, cached.programs
    needs_split = cached.needs_split
    if not has_role(user, *roles.READ_ALL_ROLES):
        mine = set(visible_projects_for(user).values_list("pk", flat=True))
        projects = [p for p in projects if p.project_id in mine]
        needs_split = [n for n in needs_split if n.project_id in mine]
    definitive = sum((p.definitive for p in programs), Decimal(0))
    committed = sum((p.committed for p in programs), Decimal(0))
    paid = sum((p.paid for p in programs), Decimal(0))
    physical = figures.weighted_physical_fulfilment(indicators)
    execution = figures.ratio(committed, definitive)

    projected = institute.year_projection(year=year, cutoff=cutoff, version=version)
    sees_all = has_role(user, *roles.READ_ALL_ROLES)

    def months_of(ids) -> figures.ProgramMonths:
        # A lead's few projects summed here; those who see all read the programs' sums.
        return institute.months_of(
            ids, programmed_by_month=cached.programmed_by_month, committed_by_month=cached.committed_by_month,
            projected=projected,
        )

    def curves(parts: list[figures.ProgramMonths]) -> tuple[list, list, list]:
        """Programmed, committed and projected running totals. Projects without programming add
        their committed to date to the projected line (nothing more is projected for them), so
        that it goes on from the reported one."""
        programmed = figures.add_months(p.programmed for p in parts)
        committed = figures.add_months([[Decimal(0)] * month + [None] * (12 - month)] + [p.committed for p in parts])
        return (
            figures.running(programmed) if any(v is not None for v in programmed) else [],
            figures.running(committed),
            projection.projected_curve(p.projected for p in parts) if any(p.has_plan for p in parts) else [],
        )

    def program_curves() -> list:
        # Called only when the page's fragment cache has not got the charts.
        by_program: dict[int, set[int]] = {}
        for p in projects:
            by_program.setdefault(p.program_id, set()).add(p.project_id)
        found = []
        for program in programs:
            if program.program_id in by_program and program.programming and program.programming.programmed_money is not None:
                ids = by_program[program.program_id]
                found.append((program, *curves([
                    cached.program_months[program.program_id] if sees_all else months_of(ids)
                ])))
        return found

    def headline() -> tuple[list, list, list, projection.ProgramProjection, figures.ProgrammingFigures]:
        shown = {p.project_id for p in projects}
        shown_projections = [projected.projects[k] for k in shown if k in projected.projects]
        return (
            *curves(list(cached.program_months.values()) if sees_all else [months_of(shown)]),
            projection.ProgramProjection(
                program_id=0,
                physical=figures.weighted_mean((p.physical, p.definitive) for p in shown_projections),
                financial=figures.weighted_mean((p.financial, p.definitive) for p in shown_projections),
            ),
            figures.programming_figures(projects),
        )

    scope = "all" if sees_all else f"user-{user.pk}"
    # The institute's curves and projection add up every project's twelve months (20,000 projects
    # at a whole administration's size): kept under the figures' version for those who see all.
    programmed_curve, committed_curve, headline_curve, headline_projection, headline_programming = (
        versioned(f"figures:dashboard-headline:{year}:{cutoff.isoformat()}", version, headline) if sees_all
        else headline()
    )
    return Dashboard(
        year=year,
        month=month,
        cutoff=cutoff,
        fragment_key=hashlib.sha1(repr((version, scope)).encode()).hexdigest(),
        figures_key=hashlib.sha1(repr(version).encode()).hexdigest(),
        programs=programs,
        projects=projects,
        charted_programs=[p for p in programs if p.projects or p.physical_fulfilment is not None],
        territories=cached.territories,
        missing=missing_reports(user, year=year, month=month),
        kpis={
            "definitive": definitive,
            "committed": committed,
            "paid": paid,
            "execution": execution,
            "physical": physical,
            "physical_rating": figures.rating(physical),
            "execution_rating": figures.rating(execution),
        },
        programming=headline_programming,
        programmed_curve=programmed_curve,
        committed_curve=committed_curve,
        program_curves=program_curves,
        sources=cached.sources,
        needs_split=needs_split,
        projections=projected.projects,
        program_projections=projected.programs,
        projection=headline_projection,
        projected_curve=headline_curve,
    )


@dataclass
class CuadreCutoff:
    """The open findings (not justified) per severity of the last finished run of a cutoff."""

    cutoff: dt.date
    counts: dict[str, int]

    @property
    def errors(self) -> int:
        return self.counts.get(Severity.ERROR.value, 0)

    @property
    def alerts(self) -> int:
        return self.counts.get(Severity.ALERT.value, 0)

    @property
    def notes(self) -> int:
        return self.counts.get(Severity.INFO.value, 0)


@dataclass
class DashboardCuadre:
    cutoff: dt.date
    current: CuadreCutoff | None  # of the dashboard's cutoff; None when no run of it has finished
    trend: list[CuadreCutoff]  # every cutoff of the year with a finished run, in order
    year: int = 0

    @property
    def url(self) -> str:
        """The cuadre page of the dashboard's cutoff (to review it, or to compute it)."""
        return cuadre_selectors.page_url(self.year, self.cutoff)


def dashboard_cuadre(user, *, year: int, cutoff: dt.date) -> DashboardCuadre:
    """The cuadre on the dashboard: the findings the user may see (cuadre_selectors) of the last
    finished run of each cutoff of the year, counted per severity. Two queries."""
    runs = cuadre_selectors.latest_done_by_cutoff(year=year)
    counts = cuadre_selectors.open_counts_by_run(runs, user)
    trend = [CuadreCutoff(run.cutoff, counts[run.pk]) for run in runs]
    return DashboardCuadre(
        cutoff=cutoff, current=next((t for t in trend if t.cutoff == cutoff), None), trend=trend, year=year
    )


def dashboard_ans(user, *, today: dt.date) -> dict | None:
    """The ANS on the dashboard, for whoever may read the ANS page: the open clocks of each step
    that has any, on time, at risk and overdue today (deadlines.selectors), and their totals.
    Two queries."""
    if not roles.may(user, "deadlines.read_dashboard"):
        return None
    found = ans_selectors.dashboard(today=today, start=today, end=today)
    return {"steps": [s for s in found["steps"] if s.open], "totals": found["totals"], "today": today}


# --- Indicator measurements ---------------------------------------------------------------


def result_indicators(year: int):
    from strategy.models import Indicator, IndicatorKind

    plan = figures.plan_for_year(year)
    if plan is None:
        return []
    return list(
        Indicator.objects.filter(plan=plan, kind=IndicatorKind.RESULT)
        .select_related("program")
        .order_by("program__sort_key", "sort_key", "id")
    )


def measurements_of_month(year: int, month: int, indicator_ids) -> dict[int, IndicatorMeasurement]:
    return {
        m.indicator_id: m
        for m in IndicatorMeasurement.objects.filter(year=year, month=month, indicator_id__in=list(indicator_ids))
    }


def previous_measurements(year: int, month: int, indicator_ids) -> dict[int, IndicatorMeasurement]:
    """The latest value recorded before the month, per indicator (one query)."""
    latest: dict[int, IndicatorMeasurement] = {}
    before = IndicatorMeasurement.objects.filter(indicator_id__in=list(indicator_ids)).filter(
        Q(year__lt=year) | Q(year=year, month__lt=month)
    )
    for m in before.order_by("indicator_id", "year", "month"):
        latest[m.indicator_id] = m
    return latest

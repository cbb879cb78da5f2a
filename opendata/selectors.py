"""What the open data publish, read through the owners of each rule (never recomputed here):

- the plan: strategy's lines and programs;
- indicators and execution by program and territory: monitoring.figures (approved reports only,
  the same numbers as the matrices and the accountability report);
- money by source: monitoring.sources over budget.money (programmed vs. executed by source);
- projects: only those in execution or closed, with a BPIN (the public ones);
- action plans: action_plan.selectors.public_plans (published only);
- accountability reports: accountability.selectors.public_reports (approved or published);
- petitions: accountability.selectors.request_statistics (counts, no personal data).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accountability import selectors as accountability_selectors
from accountability.models import AccountabilityReport
from action_plan import selectors as action_plan_selectors
from action_plan.models import ActionPlan
from budget.money import allocated_project_ids
from isvimed_planning.caching import versioned
from monitoring import figures, sources
from monitoring.models import PeriodState, ReportingPeriod
from projects.models import Project, ProjectState, ProjectTerritory
from strategy.models import Program, StrategicLine

T = TypeVar("T")

PUBLIC_PROJECT_STATES = (ProjectState.IN_EXECUTION, ProjectState.CLOSED)


@dataclass(frozen=True)
class YearCutoff:
    year: int
    cutoff: dt.date


def default_cutoff(year: int, today: dt.date | None = None) -> dt.date:
    """Without `corte`: the year's last day, or today while the year runs (figures count only
    approved reports of the months up to the cutoff)."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today) if year >= today.year else dt.date(year, 12, 31)


def lines() -> QuerySet[StrategicLine]:
    return StrategicLine.objects.select_related("plan").order_by("plan__first_year", "sort_key", "id")


def programs() -> QuerySet[Program]:
    return Program.objects.select_related("plan", "component__line").order_by("plan__first_year", "sort_key", "id")


def public_projects() -> QuerySet[Project]:
    """Projects anyone may see: in execution or closed, identified by their BPIN."""
    return (
        Project.objects.filter(state__in=PUBLIC_PROJECT_STATES, bank_code__isnull=False)
        .select_related("program", "org_unit")
        .prefetch_related(
            Prefetch("territories", queryset=ProjectTerritory.objects.select_related("territory").order_by("territory_id"))
        )
        .order_by("bank_code")
    )


def cutoffs() -> QuerySet[ReportingPeriod]:
    """The monthly cutoffs whose follow-up period is closed (its reports are final)."""
    return ReportingPeriod.objects.filter(state=PeriodState.CLOSED).order_by("-year", "-month")


def _at_cutoff(name: str, when: YearCutoff, compute: Callable[[], T]) -> T:
    """`compute()` kept under the figures' version for this year and cutoff."""
    return versioned(f"opendata:{name}:{when.year}:{when.cutoff.isoformat()}", figures.inputs_version(), compute)


def indicators(when: YearCutoff) -> list[figures.IndicatorFigures]:
    """The Plan Indicativo's figures at the cutoff: the dashboard's (figures.indicator_figures), read
    alone: they come from ~800 indicators' monthly totals, while the institute's figures would
    compute every project's at a closed cutoff nobody's dashboard shows (~390 MB at 20,000
    projects)."""
    return _at_cutoff("indicators", when, lambda: figures.indicator_figures(year=when.year, cutoff=when.cutoff))


def program_execution(when: YearCutoff) -> list[figures.ProgramFigures]:
    """The programs as the Presupuesto por Resultados matrix has them (figures.program_figures:
    money summed per program by the database), the same figures as the dashboard's: not the
    institute's figures, which a closed cutoff nobody's dashboard shows would compute whole
    (~870 MB at 20,000 projects)."""
    return _at_cutoff("programs", when, lambda: figures.program_figures(year=when.year, cutoff=when.cutoff))


def territory_execution(when: YearCutoff) -> list[figures.TerritoryFigures]:
    """The Georreferenciación's summary by territory, in one grouped query."""
    return _at_cutoff("territories", when, lambda: figures.territory_totals(cutoff=when.cutoff))


def source_execution(when: YearCutoff) -> list[sources.SourceTotal]:
    """Programmed vs. executed by source (monitoring.sources over budget.money), as the dashboard,
    from the year's projects' source rows alone."""
    return _at_cutoff("sources", when, lambda: sources.source_totals(
        sources.source_rows(allocated_project_ids(when.year), year=when.year, cutoff=when.cutoff)
    ))


def action_plans() -> QuerySet[ActionPlan]:
    return action_plan_selectors.public_plans().order_by("-fiscal_year__year")


def reports() -> QuerySet[AccountabilityReport]:
    return accountability_selectors.public_reports().order_by("-year", "-period_end", "id")


def petition_statistics(year: int | None = None) -> list[dict]:
    return accountability_selectors.request_statistics(year)

"""Running the cuadre: every rule of RULES for a year and cutoff, and the version of the data it
reads (a run is reused while that version holds)."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from budget.models import UnitCost
from isvimed_planning.caching import history_marks
from projects.models import ActivityCost, ProjectFunding, ProjectTerritory

from .. import figures
from ..models import ProductProgress, ProgressReport, ReportingPeriod, SourceExecution, TerritorialDistribution
from .base import SEVERITY_ORDER, Context, Finding
from .rules import RULES

# Models the checks read beyond the dashboard's inputs (figures.inputs_version), whose changes
# must make a new run: every report (not only approved ones: a missing report is one not sent)
# and what a report holds (the sent ones are judged too: checks_execution), the calendar of
# reporting periods (which months a missing report counts in), the projects' territories, and
# the activity costs that split a project's budget among its products (CU06).
_EXTRA_MODELS = (
    ProgressReport, ProductProgress, TerritorialDistribution, SourceExecution, ReportingPeriod, ProjectTerritory,
    UnitCost, ProjectFunding, ActivityCost,
)


def data_version() -> str:
    """A short digest that changes whenever data a check reads changes (three queries)."""
    raw = repr((figures.inputs_version(), history_marks(_EXTRA_MODELS)))
    return hashlib.sha1(raw.encode()).hexdigest()


def context_for(*, year: int, cutoff: dt.date) -> Context:
    return Context(
        year=year, cutoff=cutoff,
        unit_cost_tolerance=Decimal(str(getattr(settings, "CUADRE_UNIT_COST_TOLERANCE", "0.01"))),
    )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule, f.subject, f.object_id))


def run_rules(
    *, year: int, cutoff: dt.date, progress: Callable[[int, int], None] | None = None,
) -> list[Finding]:
    """Every finding of every rule for the year at the cutoff, most serious first; `progress`
    is told (rules done, rules in all) after each rule."""
    ctx = context_for(year=year, cutoff=cutoff)
    found: list[Finding] = []
    for done, rule in enumerate(RULES, start=1):
        found.extend(rule.check(ctx))
        if progress is not None:
            progress(done, len(RULES))
    return sort_findings(found)

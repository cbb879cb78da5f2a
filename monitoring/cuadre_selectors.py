"""Reads of the cuadre for a user: the run shown for a year and cutoff, its findings with their
justifications, filtered to what the user may see, and counts."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from isvimed_planning.roles import READ_ALL_ROLES, has_role

from .cuadre.base import Finding, Severity
from .cuadre.compute import data_version
from .cuadre.rules import BY_CODE, RULES
from .models import CuadreFinding, CuadreRun, FindingJustification, SnapshotState


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    justification: FindingJustification | None

    @property
    def justified(self) -> bool:
        return self.justification is not None

    @property
    def justifiable(self) -> bool:
        rule = BY_CODE.get(self.finding.rule)
        return rule is not None and rule.justifiable

    def __getattr__(self, name):  # the finding's fields read through (templates)
        return getattr(self.finding, name)


def latest_run(*, year: int, cutoff: dt.date) -> CuadreRun | None:
    """The last run for the year and cutoff, whatever its state (the page follows its progress)."""
    return CuadreRun.objects.filter(year=year, cutoff=cutoff).select_related("requested_by").order_by("-created_at").first()


def latest_done(*, year: int, cutoff: dt.date | None = None) -> CuadreRun | None:
    """The last finished run of the cutoff (or of the year's latest cutoff when None)."""
    qs = CuadreRun.objects.filter(year=year, state=SnapshotState.DONE)
    if cutoff is not None:
        qs = qs.filter(cutoff=cutoff)
    return qs.order_by("-cutoff", "-created_at").first()


def is_current(run: CuadreRun) -> bool:
    """Whether the data have not changed since the run read them."""
    return run.data_version == data_version()


def may_see_all(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def visible_rows(run: CuadreRun, user, *conditions: Q, **where) -> QuerySet[CuadreFinding]:
    """The rows of a finished run the user may see (a lead: those of the projects they lead),
    narrowed by `conditions` and `where` (project_id=…, object_kind=…, lead_id=…) in the database."""
    if run.state != SnapshotState.DONE:
        return CuadreFinding.objects.none()
    rows = CuadreFinding.objects.filter(*conditions, run=run, **where)
    return rows if may_see_all(user) else rows.filter(lead_id=user.pk)


def _justified(year_of_row: str | int = "run__year") -> Exists:
    """Whether a row's finding is justified (its key, in its run's year)."""
    if isinstance(year_of_row, str):
        return Exists(FindingJustification.objects.filter(year=OuterRef(year_of_row), key=OuterRef("key")))
    return Exists(FindingJustification.objects.filter(year=year_of_row, key=OuterRef("key")))


def shown_findings(run: CuadreRun | None, user, *conditions: Q, **where) -> list[ShownFinding]:
    """The run's findings the user may see, narrowed as visible_rows does, each with its
    justification, in two queries whatever their number."""
    if run is None:
        return []
    rows = visible_rows(run, user, *conditions, **where).order_by("position").values(*Finding.COLUMNS)
    findings = [Finding.from_row(row) for row in rows]
    if not findings:
        return []
    # A year's justifications are few (alerts a planner accepted): read them all rather than
    # naming thousands of keys.
    justified = {j.key: j for j in FindingJustification.objects.filter(year=run.year).select_related("by")}
    return [ShownFinding(f, justified.get(f.key)) for f in findings]


def open_counts(run: CuadreRun | None, user, **where) -> dict[str, int]:
    """Open (not justified) findings per severity that the user sees, every severity present,
    counted in the database (one query)."""
    counts = {severity.value: 0 for severity in Severity}
    if run is None:
        return counts
    for row in (
        visible_rows(run, user, **where).filter(~_justified(run.year)).values("severity").annotate(n=Count("id")).order_by()
    ):
        counts[row["severity"]] = row["n"]
    return counts


def open_findings(shown: list[ShownFinding]) -> list[ShownFinding]:
    return [s for s in shown if not s.justified]


def counts_by_severity(shown: list[ShownFinding]) -> dict[str, int]:
    """Open (not justified) findings per severity, every severity present."""
    found = Counter(s.finding.severity for s in open_findings(shown))
    return {severity.value: found.get(severity.value, 0) for severity in Severity}


def counts_by_rule(shown: list[ShownFinding]) -> list[tuple]:
    """(rule, open findings, justified findings) for every rule, in the table's order."""
    open_ = Counter(s.finding.rule for s in shown if not s.justified)
    justified = Counter(s.finding.rule for s in shown if s.justified)
    return [(rule, open_.get(rule.code, 0), justified.get(rule.code, 0)) for rule in RULES]


def summary_line(counts: dict[str, int]) -> str:
    """"3 errores, 12 alertas" (the matrices page, the reminder e-mail)."""
    parts = []
    for severity, one, many in (
        (Severity.ERROR, "error", "errores"), (Severity.ALERT, "alerta", "alertas"),
        (Severity.INFO, "nota", "notas"),
    ):
        n = counts.get(severity.value, 0)
        if n or severity != Severity.INFO:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def latest_done_by_cutoff(*, year: int) -> list[CuadreRun]:
    """The last finished run of each cutoff of the year, by cutoff (the dashboard's trend). One query."""
    newest = (
        CuadreRun.objects.filter(year=year, state=SnapshotState.DONE, cutoff=OuterRef("cutoff"))
        .order_by("-created_at", "-id").values("id")[:1]
    )
    return list(
        CuadreRun.objects.filter(year=year, state=SnapshotState.DONE, id=Subquery(newest)).order_by("cutoff")
    )


def open_counts_by_run(runs: list[CuadreRun], user) -> dict[int, dict[str, int]]:
    """open_counts of several finished runs, {run id: counts}, in one query."""
    counts = {run.pk: {severity.value: 0 for severity in Severity} for run in runs}
    if not counts:
        return counts
    rows = CuadreFinding.objects.filter(run__in=[run.pk for run in runs if run.state == SnapshotState.DONE])
    if not may_see_all(user):
        rows = rows.filter(lead_id=user.pk)
    for row in rows.filter(~_justified()).values("run_id", "severity").annotate(n=Count("id")).order_by():
        counts[row["run_id"]][row["severity"]] = row["n"]
    return counts


# --- What the other pages show (matrices, project and report pages, home, reminders) -----------


def current_cutoff() -> tuple[int, dt.date]:
    """(year, cutoff) of the cycle being reported (monitoring.selectors.current_cycle): the
    cuadre page's default and the run the other pages show."""
    from isvimed_planning.calendar import month_end

    from .selectors import current_cycle

    year, month = current_cycle()
    return year, month_end(year, month)


def page_url(year: int, cutoff: dt.date, query: str = "") -> str:
    """The cuadre page of a year and cutoff (with more of the query string)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    base = f"{reverse('monitoring:cuadre')}?{urlencode({'anio': str(year), 'corte': cutoff.isoformat()})}"
    return f"{base}&{query}" if query else base


def current_done() -> CuadreRun | None:
    """The last finished run of the current cycle's cutoff (two queries)."""
    year, cutoff = current_cutoff()
    return latest_done(year=year, cutoff=cutoff)


def open_findings_by_lead(run: CuadreRun | None) -> dict[int, list[ShownFinding]]:
    """The run's open (not justified) findings per lead (user id), in one query: the reminders
    read the cuadre once for every lead."""
    if run is None or run.state != SnapshotState.DONE:
        return {}
    by_lead: dict[int, list[ShownFinding]] = {}
    rows = (
        CuadreFinding.objects.filter(run=run, lead_id__isnull=False).filter(~_justified(run.year))
        .order_by("position").values(*Finding.COLUMNS)
    )
    for row in rows:
        by_lead.setdefault(row["lead_id"], []).append(ShownFinding(Finding.from_row(row), None))
    return by_lead


def justification_history(year: int, keys: set[str]) -> dict[str, list]:
    """Every earlier state of the justifications of `keys` (newest first), in one query: what was
    written before, and withdrawals."""
    if not keys:
        return {}
    rows: dict[str, list] = {}
    for h in (
        FindingJustification.history.filter(year=year, key__in=keys)
        .select_related("history_user").order_by("-history_date", "-history_id")
    ):
        rows.setdefault(h.key, []).append(h)
    return rows


@dataclass(frozen=True)
class CutoffStatus:
    """The cuadre of the current cycle's cutoff in one line (the matrices page)."""

    year: int
    cutoff: dt.date
    run: CuadreRun | None
    summary: str  # "3 errores, 12 alertas" (open findings the user sees); "" without a run


def cutoff_status(user) -> CutoffStatus:
    """A constant number of queries (the cycle, the run, the justifications)."""
    year, cutoff = current_cutoff()
    run = latest_done(year=year, cutoff=cutoff)
    summary = summary_line(open_counts(run, user)) if run is not None else ""
    return CutoffStatus(year, cutoff, run, summary)

"""Reads of the cuadre for a user: the run shown for a year and cutoff, its findings with their
justifications, filtered to what the user may see, and counts."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from isvimed_planning.roles import READ_ALL_ROLES, has_role

from .cuadre.base import Finding, Severity
from .cuadre.compute import data_version
from .cuadre.rules import BY_CODE, RULES
from .models import CuadreRun, FindingJustification, SnapshotState


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


def shown_findings(run: CuadreRun | None, user) -> list[ShownFinding]:
    """The run's findings the user may see (a lead: those of the projects they lead), each with
    its justification, in one query."""
    if run is None:
        return []
    findings = shown_findings_unjustified(run, user)
    keys = {f.key for f in findings}
    justified = {
        j.key: j for j in FindingJustification.objects.filter(year=run.year, key__in=keys).select_related("by")
    } if keys else {}
    return [ShownFinding(f, justified.get(f.key)) for f in findings]


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


def findings_of(shown: list[ShownFinding], *, object_kind: str, object_ids: set[int]) -> list[ShownFinding]:
    return [s for s in shown if s.finding.object_kind == object_kind and s.finding.object_id in object_ids]


def latest_done_by_cutoff(*, year: int) -> list[CuadreRun]:
    """The last finished run of each cutoff of the year, by cutoff (the dashboard's trend). One query."""
    newest = (
        CuadreRun.objects.filter(year=year, state=SnapshotState.DONE, cutoff=OuterRef("cutoff"))
        .order_by("-created_at", "-id").values("id")[:1]
    )
    return list(
        CuadreRun.objects.filter(year=year, state=SnapshotState.DONE, id=Subquery(newest)).order_by("cutoff")
    )


def shown_findings_of_runs(runs: list[CuadreRun], user) -> dict[int, list[ShownFinding]]:
    """shown_findings of several runs of one year, {run id: findings}, in one query."""
    findings = {run.pk: shown_findings_unjustified(run, user) for run in runs}
    keys = {f.key for found in findings.values() for f in found}
    years = {run.year for run in runs}
    justified = {
        (j.year, j.key): j
        for j in FindingJustification.objects.filter(year__in=years, key__in=keys).select_related("by")
    } if keys else {}
    return {
        run.pk: [ShownFinding(f, justified.get((run.year, f.key))) for f in findings[run.pk]] for run in runs
    }


def shown_findings_unjustified(run: CuadreRun, user) -> list[Finding]:
    """The run's findings the user may see (shown_findings' rule), without their justifications."""
    if run.state != SnapshotState.DONE:
        return []
    findings = [Finding.from_json(data) for data in run.findings]
    if not may_see_all(user):
        findings = [f for f in findings if f.lead_id == user.pk]
    return findings


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


def own_findings(shown: list[ShownFinding], user) -> list[ShownFinding]:
    """Those of the projects the user leads (the home card, the reminder), whatever their role."""
    return [s for s in shown if s.finding.lead_id == user.pk]


def open_findings_by_lead(run: CuadreRun | None) -> dict[int, list[ShownFinding]]:
    """The run's open (not justified) findings per lead (user id), in one query: the reminders
    read the cuadre once for every lead."""
    if run is None or run.state != SnapshotState.DONE:
        return {}
    findings = [Finding.from_json(data) for data in run.findings if data.get("lead_id")]
    keys = {f.key for f in findings}
    justified = set(
        FindingJustification.objects.filter(year=run.year, key__in=keys).values_list("key", flat=True)
    ) if keys else set()
    by_lead: dict[int, list[ShownFinding]] = {}
    for f in findings:
        if f.key not in justified and f.lead_id is not None:
            by_lead.setdefault(f.lead_id, []).append(ShownFinding(f, None))
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
    summary = summary_line(counts_by_severity(shown_findings(run, user))) if run is not None else ""
    return CutoffStatus(year, cutoff, run, summary)

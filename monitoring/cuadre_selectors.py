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

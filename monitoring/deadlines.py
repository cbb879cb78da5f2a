"""ANS of step 4.6: one clock per follow-up cycle (reporting period), from its opening until every
report the month owes (reporting_duty) is approved and the matrices exist for its cutoff."""
from __future__ import annotations

import datetime as dt

from django.db.models import Max

from budget.models import BudgetModification, ProjectAllocation
from isvimed_planning.deadlines.registry import Item, as_date, link, register
from projects.models import Project

from .models import (
    MatrixSnapshot,
    ProgressReport,
    ReportingPeriod,
    ReportState,
    SnapshotState,
)
from .reporting_duty import projects_owing


# A report, a period, the matrices or what decides who must report (reporting_duty: the
# project's state and start, its budget of the year) change the cycle's clock.
@register(
    "monitoring",
    watch=(ReportingPeriod, ProgressReport, MatrixSnapshot, Project, ProjectAllocation, BudgetModification),
)
def follow_up_cycles(*, today: dt.date):
    periods = list(ReportingPeriod.objects.all())
    if not periods:
        return
    years = {p.year for p in periods}
    reports: dict[tuple[int, int], dict[int, tuple[str | None, dt.datetime | None]]] = {}
    for project_id, year, month, state, approved_at in ProgressReport.objects.filter(year__in=years).values_list(
        "project_id", "year", "month", "state", "approved_at"
    ):
        reports.setdefault((year, month), {})[project_id] = (state, approved_at)
    snapshots = dict(
        MatrixSnapshot.objects.filter(state=SnapshotState.DONE, cutoff__in=[p.cutoff for p in periods])
        .values("cutoff").annotate(last=Max("finished_at")).values_list("cutoff", "last")
    )
    for period in periods:
        start = dt.date(period.year, period.month, 1)
        month_reports = reports.get((period.year, period.month), {})
        owing = set(projects_owing(year=period.year, month=period.month).values_list("pk", flat=True))
        required = owing | set(month_reports)
        # The last approval counts (a day taken in Bogotá once, not once per report: 2,000 a month at 10×).
        approvals: list[dt.datetime] = []
        all_approved, unstamped = True, False
        for project_id in required:
            report_state, approved_at = month_reports.get(project_id, (None, None))
            if report_state != ReportState.APPROVED:
                all_approved = False
                break
            if approved_at is None:
                unstamped = True
            else:
                approvals.append(approved_at)
        completed = None
        if all_approved and period.cutoff in snapshots:
            days = [as_date(snapshots[period.cutoff]) or start]
            days += [as_date(max(approvals))] if approvals else []
            days += [start] if unstamped else []
            completed = max(days)
        yield Item(
            obj=period, title=f"Seguimiento con corte {period.cutoff:%d/%m/%Y}", start=start,
            completed_on=max(completed, start) if completed else None,
            url=link("monitoring:index"),
        )

"""The monitoring app's section of the project page (isvimed_planning.panels): the project's
execution by funding source in the year of the cycle being reported (selectors.current_cycle),
for whoever may see the project's reports."""
from __future__ import annotations

from decimal import Decimal

from isvimed_planning.calendar import month_end, month_name

from . import sources
from .selectors import current_cycle, may_read_reports_of


def project_sources_panel(request, project) -> dict | None:
    if not may_read_reports_of(request.user, project):
        return None
    year, month = current_cycle()  # the cycle the follow-up shows, as the programming panel
    cutoff = month_end(year, month)
    rows = sources.source_rows([project.pk], year=year, cutoff=cutoff).get(project.pk)
    if not rows:
        return None
    total = sources.SourceRow(
        project_id=project.pk, source=None,
        **{name: sum((getattr(r, name) for r in rows), Decimal(0)) for name in (
            "initial", "modifications", "definitive", "committed", "obligated", "paid",
        )},
    )
    return {
        "year": year, "month_name": month_name(month), "rows": rows, "total": total,
        "unassigned": any(r.source is None for r in rows),
    }

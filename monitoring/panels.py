"""The monitoring app's sections of other pages (isvimed_planning.panels): on the project page the
project's execution by funding source in the year of the cycle being reported
(selectors.current_cycle), for whoever may see the project's reports, and the cuadre's findings;
on the home page a lead's findings of the cuadre and the queue of monthly reports."""
from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.calendar import month_end, month_name
from isvimed_planning.panels import QueueItem, queue_card
from isvimed_planning.roles import has_role

from . import cuadre_selectors, sources
from .models import ProgressReport, ReportState
from .selectors import current_cycle, may_read_reports_of, my_reports


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


# --- The cuadre's findings on the pages of the objects concerned, and the lead's home card ------

HOME_FINDINGS = 5


def _findings_panel(run, shown: list) -> dict | None:
    if run is None or not shown:
        return None
    opened = cuadre_selectors.open_findings(shown)
    return {
        "run": run, "findings": shown, "open": len(opened), "justified": len(shown) - len(opened),
        "summary": cuadre_selectors.summary_line(cuadre_selectors.counts_by_severity(shown)),
        "url": cuadre_selectors.page_url(run.year, run.cutoff),
    }


def project_cuadre_panel(request, project) -> dict | None:
    """The findings (any kind of object of the project) of the current cycle's latest run."""
    if not may_read_reports_of(request.user, project):
        return None
    run = cuadre_selectors.current_done()
    return _findings_panel(run, cuadre_selectors.shown_findings(run, request.user, project_id=project.pk))


def report_cuadre_panel(user, report) -> dict | None:
    """The findings about the monthly report (the report page; the caller checked the access)."""
    run = cuadre_selectors.current_done()
    return _findings_panel(run, cuadre_selectors.shown_findings(run, user, object_kind="report", object_id=report.pk))


def indicator_cuadre_panel(request, indicator) -> dict | None:
    """The findings about the plan indicator or its program (the indicator page of strategy),
    for whoever reads every finding (the plan is the planning office's)."""
    if not cuadre_selectors.may_see_all(request.user):
        return None
    run = cuadre_selectors.current_done()
    about = Q(object_kind="indicator", object_id=indicator.pk) | Q(object_kind="program", object_id=indicator.program_id)
    return _findings_panel(run, cuadre_selectors.shown_findings(run, request.user, about))


def home_cuadre_card(request, obj) -> dict | None:
    """A lead's own open findings of the current cycle's latest run (the home page)."""
    user = request.user
    if not has_role(user, roles.RESPONSABLE):
        return None
    run = cuadre_selectors.current_done()
    if run is None:
        return None
    own = cuadre_selectors.shown_findings(run, user, lead_id=user.pk)
    opened = cuadre_selectors.open_findings(own)
    return {
        "run": run, "open": len(opened), "first": opened[:HOME_FINDINGS], "more": max(0, len(opened) - HOME_FINDINGS),
        "summary": cuadre_selectors.summary_line(cuadre_selectors.counts_by_severity(own)),
        "url": cuadre_selectors.page_url(run.year, run.cutoff),
    }


# --- The home page's queue of monthly reports --------------------------------------------------


def report_list_url(state: str) -> str:
    return f"{reverse('monitoring:report_list')}?estado={state}"


def home_reports_card(request, user) -> dict | None:
    """Planeación: the reports sent and awaiting its review. A lead: the reports of the cycle
    being reported they still owe (reporting_duty, through my_reports) and their reports returned
    for correction, any month. A constant number of queries whatever the number of reports."""
    planner, lead = has_role(user, roles.PLANEACION), has_role(user, roles.RESPONSABLE)
    if not (planner or lead):
        return None
    items = []
    if planner:
        submitted = ProgressReport.objects.filter(state=ReportState.SUBMITTED).count()
        items.append(QueueItem(submitted, "reporte por revisar", "reportes por revisar",
                               report_list_url(ReportState.SUBMITTED), "No tiene reportes por revisar."))
    if lead:
        year, month = current_cycle()
        label = f"{month_name(month)} de {year}"
        owed = sum(
            1 for row in my_reports(user, year=year, month=month)
            if row.report is None or row.report.state == ReportState.PENDING
        )
        items.append(QueueItem(owed, f"reporte por enviar de {label}", f"reportes por enviar de {label}",
                               f"{reverse('monitoring:index')}?{urlencode({'anio': year, 'mes': month})}",
                               f"No tiene reportes por enviar de {label}."))
        returned = ProgressReport.objects.filter(project__lead=user, state=ReportState.RETURNED).count()
        items.append(QueueItem(returned, "reporte devuelto para corregir", "reportes devueltos para corregir",
                               report_list_url(ReportState.RETURNED), "No tiene reportes devueltos para corregir.",
                               urgent=True))
    return queue_card(key="reports", title="Reportes mensuales", items=items)

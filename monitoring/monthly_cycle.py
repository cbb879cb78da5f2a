"""The monthly follow-up cycle (step 4.6), run every day; each part acts on the days it is due and
is idempotent (notice keys, snapshot schedule keys, get_or_create), so running it twice, or
catching up after a missed day, does each thing once:

1. open the month's reporting period (cutoff = last day of the month, report deadline = the
   configured business day of the next month);
2. from N business days before a period's report deadline until the deadline, remind the leads
   of the projects that owe the month's report (reporting_duty) and have not submitted it, with
   each lead's open findings of the cuadre at the period's cutoff (computed once for all of them);
3. on and after the deadline, tell planeación which reports are missing;
4. on and after the cutoff, produce the four matrices as scheduled snapshots;
5. from EARLY_WARNING_BUSINESS_DAYS business days before the next cutoff, warn the leads and
   planeación of the projects whose year-end projection falls below «Satisfactorio»
   (monitoring.early_warning).
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import TypedDict

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from isvimed_planning.calendar import (
    add_business_days,
    month_end,
    month_name,
    subtract_business_days,
)
from isvimed_planning.deadlines.models import CycleSettings
from isvimed_planning.deadlines.registry import link
from isvimed_planning.deadlines.services import planners
from isvimed_planning.notices import notify

from . import cuadre_selectors, cuadre_services, early_warning, matrix_services
from .models import ProgressReport, ReportingPeriod
from .reporting_duty import projects_owing
from .workflow import REPORTED_STATES

log = logging.getLogger(__name__)

NOTICE_REMINDER = "report_reminder"
NOTICE_MISSING = "reports_missing"
MATRIX_KINDS = ("plan-indicativo", "plan-accion", "georreferenciacion", "presupuesto-resultados")
# How far back a missed day is caught up.
CATCH_UP_DAYS = 20


def default_report_deadline(year: int, month: int, settings: CycleSettings | None = None) -> dt.date:
    settings = settings or CycleSettings.load()
    return add_business_days(month_end(year, month), settings.report_deadline_business_day)


def open_period(*, today: dt.date, settings: CycleSettings | None = None):
    settings = settings or CycleSettings.load()
    period, created = ReportingPeriod.objects.get_or_create(
        year=today.year, month=today.month,
        defaults={
            "cutoff": month_end(today.year, today.month),
            "report_deadline": default_report_deadline(today.year, today.month, settings),
        },
    )
    return period, created


def _missing_projects(period):
    """Projects that owe the period's report without a submitted or approved one."""
    done = ProgressReport.objects.filter(
        year=period.year, month=period.month, state__in=REPORTED_STATES
    ).values("project_id")
    return list(
        projects_owing(year=period.year, month=period.month).exclude(pk__in=done).select_related("lead").order_by("name")
    )


def _period_label(period) -> str:
    return f"{month_name(period.month)} de {period.year}"


# The reminder names at most this many of the lead's open findings of the cuadre.
REMINDER_FINDINGS = 5


def _cuadre_by_lead(period) -> dict[int, list]:
    """The cuadre of the period's cutoff, computed once for every reminder (cuadre_now reuses a
    run on the same data), with the open findings per lead; None when it cannot be computed (the
    reminders still go out without it)."""
    try:
        with transaction.atomic():
            run = cuadre_services.cuadre_now(year=period.year, cutoff=period.cutoff)
    except Exception:  # a failing check must not stop the reminders
        log.exception("Could not compute the cuadre for the reminders of %s", period)
        return {}
    return cuadre_selectors.open_findings_by_lead(run)


def cuadre_lines(period, findings: list) -> str:
    """The lead's open findings for the reminder's body: counts per severity and the first few."""
    if not findings:
        return ""
    site = django_settings.SITE_URL.rstrip("/")
    counts = cuadre_selectors.summary_line(cuadre_selectors.counts_by_severity(findings))
    lines = [f"\n\nCuadre al {period.cutoff:%d/%m/%Y} de sus proyectos: {counts}. Revíselos:"]
    for s in findings[:REMINDER_FINDINGS]:
        f = s.finding
        url = f"{site}{f.url}" if f.url.startswith("/") else f.url
        lines.append(f"- [{f.rule}] {f.subject}: {f.message} {url}".rstrip())
    if len(findings) > REMINDER_FINDINGS:
        lines.append(f"Y {len(findings) - REMINDER_FINDINGS} más.")
    lines.append(f"Todos: {site}{cuadre_selectors.page_url(period.year, period.cutoff)}")
    return "\n".join(lines)


def remind_leads(period, *, today: dt.date) -> int:
    sent = 0
    url = link("monitoring:index")
    missing = _missing_projects(period)
    by_lead = _cuadre_by_lead(period) if missing else {}
    for project in missing:
        with transaction.atomic():
            sent += len(notify(
                recipients=[project.lead], kind=NOTICE_REMINDER,
                key=f"report-reminder:{period.year}-{period.month:02d}:{project.pk}",
                title=f"Recuerde reportar {project.name} ({_period_label(period)})"[:200],
                body=(
                    f"El reporte mensual de {_period_label(period)} del proyecto {project.name} vence el "
                    f"{period.report_deadline:%d/%m/%Y}. Registre el avance físico y financiero con sus evidencias."
                    + cuadre_lines(period, by_lead.get(project.lead_id, []))
                ),
                url=url,
            ))
    return sent


def list_missing(period, *, today: dt.date) -> int:
    missing = _missing_projects(period)
    if not missing:
        return 0
    lines = "\n".join(f"- {p.name} (responsable: {p.lead})" for p in missing)
    with transaction.atomic():
        return len(notify(
            recipients=planners(), kind=NOTICE_MISSING, key=f"reports-missing:{period.year}-{period.month:02d}",
            title=f"Reportes faltantes de {_period_label(period)}: {len(missing)}"[:200],
            body=f"Al vencer el plazo ({period.report_deadline:%d/%m/%Y}) faltan estos reportes:\n{lines}",
            url=link("monitoring:index"),
        ))


def produce_matrices(period) -> list:
    snapshots = []
    for kind in MATRIX_KINDS:
        snapshots.append(matrix_services.scheduled_snapshot(
            kind=kind, year=period.cutoff.year, cutoff=period.cutoff,
            schedule_key=f"monthly:{kind}:{period.cutoff:%Y-%m-%d}",
        ))
    return snapshots


class CycleRun(TypedDict):
    """What one run of the monthly cycle did (logged, and printed by the command)."""

    today: str
    opened: str  # the period opened, "" when it already existed
    reminded: int
    missing: int
    matrices: list[str]  # "kind:cutoff:state" of each snapshot produced
    warned: int  # early-warning notices sent


def run(*, today: dt.date | None = None) -> CycleRun:
    today = today or timezone.localdate()
    settings = CycleSettings.load()
    period, created = open_period(today=today, settings=settings)
    result: CycleRun = {"today": today.isoformat(), "opened": str(period) if created else "", "reminded": 0,
                        "missing": 0, "matrices": [], "warned": 0}
    window = ReportingPeriod.objects.filter(
        cutoff__gte=today - dt.timedelta(days=62), cutoff__lte=today + dt.timedelta(days=31)
    ).order_by("cutoff")
    for p in window:
        reminder_from = subtract_business_days(p.report_deadline, settings.reminder_business_days)
        if reminder_from <= today < p.report_deadline or (today == p.report_deadline and settings.reminder_business_days == 0):
            result["reminded"] += remind_leads(p, today=today)
        if p.report_deadline <= today <= p.report_deadline + dt.timedelta(days=CATCH_UP_DAYS):
            result["missing"] += list_missing(p, today=today)
        if p.cutoff <= today <= p.cutoff + dt.timedelta(days=CATCH_UP_DAYS):
            for snapshot in produce_matrices(p):
                result["matrices"].append(f"{snapshot.kind}:{snapshot.cutoff:%Y-%m-%d}:{snapshot.state}")
    result["warned"] = early_warning.warn(today=today)
    return result

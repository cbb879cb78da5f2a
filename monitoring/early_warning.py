"""The early-warning notice (part of the daily monthly cycle, monitoring.monthly_cycle): when the
year-end projection of a project (monitoring.projection) falls below «Satisfactorio», physical or
financial, its lead and the planning office are told, settings.EARLY_WARNING_BUSINESS_DAYS business
days (Colombian holidays and institutional days off, isvimed_planning.calendar) before the next
cutoff of the reporting calendar, so that there is time to act before it.

- The next cutoff: the earliest ReportingPeriod whose cutoff is today or later. The window runs
  from N business days before it to the cutoff itself (a missed day is caught up in the window).
- The projection is the one at the cutoff before it (the end of the period's previous month,
  whose reports are due and approved by then); a January period has no earlier month of its
  year to project from, so it warns nobody.
- Each notice's key holds the project and the next cutoff, so a project is warned once per
  cutoff however many times the cycle runs (isvimed_planning.notices.notify).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from isvimed_planning import roles
from isvimed_planning.calendar import month_end, subtract_business_days
from isvimed_planning.deadlines.registry import link
from isvimed_planning.formatting import format_percent
from isvimed_planning.notices import notify
from projects.models import Project

from . import institute
from .models import ReportingPeriod

NOTICE_KIND = "early_warning"


def next_period(today: dt.date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(cutoff__gte=today).order_by("cutoff").first()


def window_start(cutoff: dt.date) -> dt.date:
    return subtract_business_days(cutoff, settings.EARLY_WARNING_BUSINESS_DAYS)


def data_cutoff(period: ReportingPeriod) -> dt.date | None:
    """The cutoff whose figures are projected before `period`'s: the end of its previous month of
    the same year; None for January."""
    if period.month == 1:
        return None
    return month_end(period.year, period.month - 1)


def _figure(value, rating: str) -> str:
    return f"{format_percent(value)} ({rating})" if value is not None else "sin dato"


def warn(*, today: dt.date) -> int:
    """Send the early warnings due today; the number of notices created."""
    period = next_period(today)
    if period is None or today < window_start(period.cutoff):
        return 0
    cutoff = data_cutoff(period)
    if cutoff is None:
        return 0
    found = institute.year_projection(year=cutoff.year, cutoff=cutoff)
    warned = [p for p in found.projects.values() if p.warns]
    if not warned:
        return 0
    planners = list(roles.users_with_role(roles.PLANEACION))
    projects = Project.objects.select_related("lead").in_bulk([p.project_id for p in warned])
    sent = 0
    for one in warned:
        project = projects[one.project_id]
        code = f"{project.bank_code} " if project.bank_code else ""
        with transaction.atomic():
            sent += len(notify(
                recipients=[project.lead, *planners], kind=NOTICE_KIND,
                key=f"early-warning:{project.pk}:{period.cutoff:%Y-%m-%d}",
                title=f"Alerta temprana: {code}{project.name}"[:200],
                body=(
                    f"Con los reportes aprobados al {cutoff:%d/%m/%Y}, la proyección al cierre de {cutoff.year} "
                    f"del proyecto {code}{project.name} queda por debajo de «Satisfactorio»:\n"
                    f"- física: {_figure(one.physical, one.physical_rating)}\n"
                    f"- financiera: {_figure(one.financial, one.financial_rating)}\n"
                    f"El próximo corte es el {period.cutoff:%d/%m/%Y}. Revise el avance frente a lo programado "
                    f"en la página del proyecto."
                ),
                url=link("projects:detail", project.pk),
            ))
    return sent

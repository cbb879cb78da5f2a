"""Step 4.6's dates in the legal calendar: each reporting period's cutoff and report deadline
(as set in the follow-up calendar) for the roles that follow the whole cycle; a lead sees the
report deadline of each project of theirs that owes that month's report (`reporting_duty`)."""
from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.agenda import Event, register
from isvimed_planning.calendar import month_name
from isvimed_planning.formatting import format_date

from .reporting_duty import owes_report
from .selectors import visible_periods, visible_projects_for


@register
def reporting_cycle(user, start: dt.date, end: dt.date):
    periods = list(
        visible_periods(user).filter(Q(cutoff__range=(start, end)) | Q(report_deadline__range=(start, end)))
        .order_by("year", "month")
    )
    if not periods:
        return
    if roles.has_role(user, *roles.READ_ALL_ROLES):
        periods_url = reverse("monitoring:period_list")
        for period in periods:
            label = f"{month_name(period.month)} de {period.year}"
            yield Event(
                period.cutoff, f"Corte del seguimiento de {label}", kind="corte", pk=period.pk,
                description=f"Fecha de corte del reporte mensual de {label}; los reportes vencen el "
                            f"{format_date(period.report_deadline)}.",
                url=periods_url, label="Seguimiento mensual",
            )
            yield Event(
                period.report_deadline, f"Fecha límite de los reportes de {label}", kind="limite-reporte", pk=period.pk,
                description=f"Los responsables envían el reporte de {label} (corte {format_date(period.cutoff)}).",
                url=periods_url, label="Seguimiento mensual",
            )
        return
    if not roles.has_role(user, roles.RESPONSABLE):
        return
    # One query: the lead's projects, each with whether it owes each period's report (the one rule).
    owes = {
        f"owes_{period.pk}": ExpressionWrapper(owes_report(year=period.year, month=period.month), output_field=BooleanField())
        for period in periods
    }
    projects = visible_projects_for(user).filter(lead=user).annotate(**owes).order_by("name", "pk")
    reports_url = reverse("monitoring:report_list")
    for project in projects.values("pk", "name", *owes):
        for period in periods:
            if not project[f"owes_{period.pk}"] or not start <= period.report_deadline <= end:
                continue
            label = f"{month_name(period.month)} de {period.year}"
            yield Event(
                period.report_deadline, f"Reporte de {label}: {project['name']}",
                kind="reporte", pk=f"{period.pk}-{project['pk']}",
                description=f"Último día para enviar el reporte mensual de {label} (corte {format_date(period.cutoff)}).",
                url=reports_url, label="Reporte mensual",
            )

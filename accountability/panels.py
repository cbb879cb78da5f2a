"""The accountability app's cards of the home page (isvimed_planning.panels, page "home").

Planeación: the information requests (derechos de petición and the like) not yet answered,
overdue and due this week counted, the next ones by due date listed; and the accountability
reports in draft, to send for approval. The Director: the reports awaiting his approval. Each
count links to the list filtered by it (accountability.filters). Two queries per card whatever
the number of requests."""
from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.formatting import format_date
from isvimed_planning.panels import QueueItem, QueueRow, queue_card
from isvimed_planning.roles import has_role

from .models import AccountabilityReport, InformationRequest, ReportState
from .selectors import STATUS_LABELS, open_counts, pending, request_status

NEXT_REQUESTS = 5


def _requests_url(view: str) -> str:
    return f"{reverse('accountability:request_list')}?vista={view}"


def _reports_url(state: str) -> str:
    return f"{reverse('accountability:report_list')}?estado={state}"


def home_requests_card(request, user) -> dict | None:
    if not has_role(user, roles.PLANEACION):
        return None
    today = timezone.localdate()
    counts = open_counts(InformationRequest.objects.all(), today)
    opened = pending(InformationRequest.objects.all())
    following = opened.annotate(due=Coalesce("extended_due_date", "due_date")).order_by("due", "id")[:NEXT_REQUESTS]
    rows = []
    for req in following:
        status = request_status(req, today)
        rows.append(QueueRow(
            label=f"{req.filing_number}: {req.subject}",
            url=reverse("accountability:request_detail", args=[req.pk]),
            note=f"{STATUS_LABELS[status]}, vence el {format_date(req.effective_due_date)}",
            urgent=status == "overdue",
        ))
    items = [
        QueueItem(counts["overdue"], "solicitud vencida", "solicitudes vencidas", _requests_url("vencidas"),
                  "No tiene solicitudes vencidas.", urgent=True),
        QueueItem(counts["week"], "solicitud vence esta semana", "solicitudes vencen esta semana", _requests_url("semana"),
                  "No tiene solicitudes que venzan esta semana."),
        QueueItem(counts["open"], "solicitud sin responder", "solicitudes sin responder", _requests_url("pendientes"),
                  "No tiene solicitudes sin responder."),
    ]
    return queue_card(key="requests", title="Solicitudes de información", items=items, rows=rows)


def home_accountability_reports_card(request, user) -> dict | None:
    planner, director = has_role(user, roles.PLANEACION), has_role(user, roles.DIRECCION)
    if not (planner or director):
        return None
    counts = AccountabilityReport.objects.aggregate(
        draft=Count("pk", filter=Q(state=ReportState.DRAFT)), awaiting=Count("pk", filter=Q(state=ReportState.AWAITING))
    )
    items = []
    if planner:
        items.append(QueueItem(counts["draft"], "informe en borrador por enviar a aprobación",
                               "informes en borrador por enviar a aprobación", _reports_url(ReportState.DRAFT),
                               "No tiene informes en borrador."))
    if director:
        items.append(QueueItem(counts["awaiting"], "informe de rendición de cuentas por aprobar",
                               "informes de rendición de cuentas por aprobar", _reports_url(ReportState.AWAITING),
                               "No tiene informes de rendición de cuentas por aprobar."))
    return queue_card(key="accountability-reports", title="Rendición de cuentas", items=items)

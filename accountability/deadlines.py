"""ANS of step 4.7: legal requests (business-day terms computed by this app), commitments made to
the Concejo (their delivery date) and accountability reports (1 month)."""
from __future__ import annotations

import datetime as dt

from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import (
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    InformationRequest,
    ReportState,
)


@register("information_request", watch=(InformationRequest,))
def information_requests(*, today: dt.date):
    for req in InformationRequest.objects.select_related("assignee"):
        start = req.received_on
        yield Item(
            obj=req, title=f"Solicitud {req.filing_number}: {req.subject}", start=start,
            due=req.extended_due_date or req.due_date,
            completed_on=max(req.answered_on, start) if req.answered_on else None,
            responsible=req.assignee,
            url=link("accountability:request_detail", req.pk),
        )


@register("council_commitment", watch=(CouncilCommitment, CouncilSession))
def council_commitments(*, today: dt.date):
    for commitment in CouncilCommitment.objects.select_related("session", "responsible"):
        start = min(commitment.session.date, commitment.due_date)
        yield Item(
            obj=commitment, title=f"Compromiso con el Concejo: {commitment.description[:120]}", start=start,
            due=commitment.due_date,
            completed_on=max(commitment.delivered_on, start) if commitment.delivered_on else None,
            responsible=commitment.responsible,
            url=link("accountability:session_detail", commitment.session_id),
        )


@register("accountability_report", watch=(AccountabilityReport,))
def accountability_reports(*, today: dt.date):
    for report in AccountabilityReport.objects.all():
        start = as_date(report.created_at)
        done = None
        if report.state in (ReportState.APPROVED, ReportState.PUBLISHED):
            done = as_date(report.approved_at) or as_date(report.published_at) or today
        yield Item(
            obj=report, title=f"Informe de rendición de cuentas: {report.title}", start=start,
            completed_on=max(done, start) if done else None,
            url=link("accountability:report_detail", report.pk),
        )

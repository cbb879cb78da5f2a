"""ANS of step 4.7: legal requests (business-day terms computed by this app), commitments made to
the Concejo (their delivery date) and accountability reports (1 month)."""
from __future__ import annotations

import datetime as dt

from isvimed_planning.calendar import add_business_days
from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import (
    TRANSFER_TERM_DAYS,
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    InformationRequest,
    ReportState,
    RequestState,
)


@register("information_request", watch=(InformationRequest,))
def information_requests(*, today: dt.date):
    """A transferred request was due by the transfer term and done when transferred; a withdrawn
    one is done the day it was withdrawn; one waiting for the petitioner has no running clock
    (art. 17), so it yields nothing until completed (then with its restarted term)."""
    for req in InformationRequest.objects.select_related("assignee").exclude(state=RequestState.INCOMPLETE):
        start = req.received_on
        due: dt.date | None = req.extended_due_date or req.due_date
        done = req.answered_on
        if req.state == RequestState.TRANSFERRED:
            due, done = add_business_days(start, TRANSFER_TERM_DAYS), req.transferred_on
        elif req.state == RequestState.WITHDRAWN:
            due = done = req.withdrawn_on
        yield Item(
            obj=req, title=f"Solicitud {req.filing_number}: {req.subject}", start=start,
            due=due,
            completed_on=max(done, start) if done else None,
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

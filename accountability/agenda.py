"""Step 4.7's dates in the legal calendar: the open information requests' legal terms (the
extended one when extended) and the Concejo commitments still to deliver."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.agenda import Event, register
from isvimed_planning.formatting import format_date

from .models import CLOSED_REQUEST_STATES, CouncilCommitment, InformationRequest, RequestState


@register
def requests_and_commitments(user, start: dt.date, end: dt.date):
    if not roles.may(user, "accountability.read_accountability"):
        return
    # Closed requests have no date left; a suspended one (art. 17) has none until it is completed.
    open_requests = InformationRequest.objects.exclude(state__in=(*CLOSED_REQUEST_STATES, RequestState.INCOMPLETE)).filter(
        Q(extended_due_date__range=(start, end)) | Q(extended_due_date__isnull=True, due_date__range=(start, end))
    ).only("id", "filing_number", "subject", "requester_name", "due_date", "extended_due_date")
    for req in open_requests:
        if req.extended_due_date:
            note = f"Término prorrogado (vencía el {format_date(req.due_date)}). Solicitante: {req.requester_name}."
        else:
            note = f"Término legal. Solicitante: {req.requester_name}."
        yield Event(
            req.effective_due_date, f"Vence la solicitud {req.filing_number}: {req.subject}", kind="solicitud",
            pk=req.pk, description=note, url=reverse("accountability:request_detail", args=[req.pk]),
            label="Solicitud de información",
        )
    commitments = CouncilCommitment.objects.filter(delivered_on__isnull=True, due_date__range=(start, end)).only(
        "id", "session_id", "description", "due_date"
    )
    for commitment in commitments:
        yield Event(
            commitment.due_date, f"Compromiso con el Concejo: {commitment}", kind="compromiso", pk=commitment.pk,
            description=commitment.description,
            url=reverse("accountability:session_detail", args=[commitment.session_id]),
            label="Compromiso con el Concejo",
        )

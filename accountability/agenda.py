"""Step 4.7's dates in the legal calendar: the open information requests' legal terms (the
extended one when extended), the Concejo commitments still to deliver, and the public hearings
(Ley 1757 de 2015): the hearing, the close of its question window and its commitments still due."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.agenda import Event, register
from isvimed_planning.formatting import format_date

from .models import (
    CLOSED_REQUEST_STATES,
    CommitmentStatus,
    CouncilCommitment,
    HearingCommitment,
    HearingState,
    InformationRequest,
    PublicHearing,
    RequestState,
)


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
    commitments = CouncilCommitment.objects.exclude(status=CommitmentStatus.DONE).filter(due_date__range=(start, end)).only(
        "id", "session_id", "description", "due_date"
    )
    for commitment in commitments:
        yield Event(
            commitment.due_date, f"Compromiso con el Concejo: {commitment}", kind="compromiso", pk=commitment.pk,
            description=commitment.description,
            url=reverse("accountability:session_detail", args=[commitment.session_id]),
            label="Compromiso con el Concejo",
        )


@register
def public_hearings(user, start: dt.date, end: dt.date):
    if not roles.may(user, "accountability.read_accountability"):
        return
    hearings = PublicHearing.objects.exclude(state=HearingState.CANCELLED).only(
        "id", "title", "place", "starts_at", "questions_close_at"
    )
    for hearing in hearings:
        url = reverse("accountability:hearing_detail", args=[hearing.pk])
        day = timezone.localdate(hearing.starts_at)
        if start <= day <= end:
            yield Event(hearing.starts_at, f"Audiencia pública: {hearing.title}", kind="audiencia", pk=hearing.pk,
                        description=f"Lugar: {hearing.place}.", url=url, label="Audiencia pública")
        closes = timezone.localdate(hearing.questions_close_at)
        if start <= closes <= end:
            yield Event(closes, f"Cierran las preguntas de la audiencia: {hearing.title}", kind="audiencia-preguntas",
                        pk=hearing.pk, description="Último día para recibir preguntas de la ciudadanía.", url=url,
                        label="Preguntas de la audiencia")
    commitments = HearingCommitment.objects.exclude(status=CommitmentStatus.DONE).filter(
        due_date__range=(start, end)
    ).only("id", "hearing_id", "description", "due_date")
    for commitment in commitments:
        yield Event(
            commitment.due_date, f"Compromiso de la audiencia pública: {commitment}", kind="compromiso-audiencia",
            pk=commitment.pk, description=commitment.description,
            url=reverse("accountability:hearing_detail", args=[commitment.hearing_id]) + "#compromisos",
            label="Compromiso de la audiencia pública",
        )

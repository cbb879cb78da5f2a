"""A small set of dates for the legal calendar's stories: today is Thursday 15/01/2026 (Bogotá)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType

from accountability.models import CouncilCommitment, CouncilSession
from isvimed_planning.deadlines.models import DeadlineInstance
from monitoring.models import ReportingPeriod
from tests import factories
from tests.accountability.builders import info_request

D = dt.date
NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def lead_project(lead, name: str):
    project = factories.project(lead=lead, state="in_execution", name=name)
    return factories.funded(project, 2026)


def ans_clock(project, *, responsible, due: dt.date) -> DeadlineInstance:
    return DeadlineInstance.objects.create(
        step="project", content_type=ContentType.objects.get_for_model(project), object_id=project.pk,
        title=project.name, url=f"/proyectos/{project.pk}/", start=D(2026, 1, 5), due=due, responsible=responsible,
    )


def dates(*, planner, lead, lead2, requests: int = 1) -> SimpleNamespace:
    petitions = [
        info_request(received_on=D(2026, 1, 13), due_date=D(2026, 2, 3), filing_number=f"RAD-{n + 1:03d}")
        for n in range(requests)
    ]
    extended = info_request(received_on=D(2026, 1, 2), due_date=D(2026, 1, 23), extended_due_date=D(2026, 2, 6),
                            filing_number="RAD-PRO", extension_notice="Volumen", extension_notified_on=D(2026, 1, 20))
    answered = info_request(received_on=D(2026, 1, 13), due_date=D(2026, 2, 3), filing_number="RAD-RES",
                            state="answered", answered_on=D(2026, 1, 14), answer="Respondida")
    session = CouncilSession.objects.create(kind="ordinary", date=D(2026, 1, 12), subject="Vivienda nueva", created_by=planner)
    commitment = CouncilCommitment.objects.create(session=session, description="Enviar el informe de subsidios",
                                                  due_date=D(2026, 2, 20), responsible=planner)
    period = ReportingPeriod.objects.create(year=2026, month=2, cutoff=D(2026, 2, 28), report_deadline=D(2026, 3, 6))
    mine = lead_project(lead, "Mejoramiento de vivienda Robledo")
    theirs = lead_project(lead2, "Titulación de predios Belén")
    clock_mine = ans_clock(mine, responsible=lead, due=D(2026, 3, 10))
    clock_theirs = ans_clock(theirs, responsible=lead2, due=D(2026, 3, 11))
    return SimpleNamespace(petitions=petitions, extended=extended, answered=answered, commitment=commitment, period=period,
                           mine=mine, theirs=theirs, clock_mine=clock_mine, clock_theirs=clock_theirs)

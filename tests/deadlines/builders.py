"""Builders of the objects the ANS watches, for the deadline tests."""
from __future__ import annotations

import datetime as dt
from itertools import count

from django.contrib.contenttypes.models import ContentType

from accountability.models import InformationRequest
from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.models import Notice
from projects.models import Project
from tests import factories

_seq = count(1)


def formulating_project(*, lead, started: dt.date, name: str = "Vivienda digna") -> Project:
    proj = factories.project(lead=lead, name=name)
    Project.objects.filter(pk=proj.pk).update(formulation_started_on=started)
    proj.refresh_from_db()
    return proj


def information_request(*, received: dt.date, due: dt.date, assignee=None, **extra) -> InformationRequest:
    n = next(_seq)
    return InformationRequest.objects.create(
        filing_number=f"2025-{n:05d}", requester_name="Ciudadana", requester_kind="citizen", channel="web",
        received_on=received, kind="general", subject=f"Petición {n}", due_date=due, assignee=assignee, **extra,
    )


def instance(obj, *, step: str, start: dt.date, due: dt.date, completed_on: dt.date | None = None, title: str = "", responsible=None):
    return DeadlineInstance.objects.create(
        step=step, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, title=title or str(obj),
        start=start, due=due, completed_on=completed_on, responsible=responsible,
    )


def notices(kind: str | None = None) -> list[tuple[str, str]]:
    """(recipient username, kind) of every notice sent, in order."""
    qs = Notice.objects.order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.values_list("recipient__username", "kind"))


ANS_COLUMNS = ("open", "at_risk", "overdue", "done")


def ans_row(client, step: str) -> dict[str, int]:
    """Abiertos, en riesgo, vencidos and cumplidos of one step as the ANS page (/ans/) shows them."""
    import re

    html = client.get("/ans/").content.decode()
    row = re.search(rf'<tr data-step="{step}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    return dict(zip(ANS_COLUMNS, map(int, cells[2:6]), strict=True))

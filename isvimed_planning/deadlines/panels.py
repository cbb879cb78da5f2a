"""The ANS card of the home page (isvimed_planning.panels, page "home"): for Planeación, which
follows the deadlines of every step, the open clocks at risk and overdue today, linking to the ANS
page's open clocks. Two queries whatever the number of clocks (deadlines.selectors.dashboard)."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.panels import QueueItem, queue_card

from . import selectors


def home_ans_card(request, user) -> dict | None:
    if not roles.has_role(user, roles.PLANEACION):
        return None
    today = timezone.localdate()
    totals = selectors.dashboard(today=today, start=today, end=today)["totals"]
    url = f"{reverse('deadlines:index')}#open-clocks"
    items = [
        QueueItem(totals.overdue, "plazo ANS vencido", "plazos ANS vencidos", url, "No tiene plazos ANS vencidos.",
                  urgent=True),
        QueueItem(totals.at_risk, "plazo ANS en riesgo", "plazos ANS en riesgo", url, "No tiene plazos ANS en riesgo."),
    ]
    return queue_card(key="ans", title="Plazos (ANS)", items=items)

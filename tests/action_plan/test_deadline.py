"""Published by 31 January (Ley 1474 de 2011, art. 74): the page warns while the deadline is at risk."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from action_plan import selectors, services
from action_plan.models import ActionPlan, ActionPlanState
from tests.action_plan.builders import year_with_projects


def test_the_deadline_is_announced_then_at_risk_then_overdue():
    assert selectors.deadline(2026, None, today=dt.date(2025, 12, 10)).message == (
        "El plan de acción 2026 debe publicarse a más tardar el 31/01/2026 (Ley 1474 de 2011, art. 74)."
    )
    at_risk = selectors.deadline(2026, None, today=dt.date(2026, 1, 21))
    assert at_risk.level == "at_risk"
    assert at_risk.message == (
        "El plan de acción 2026 debe publicarse a más tardar el 31/01/2026 (Ley 1474 de 2011, art. 74): quedan 10 días."
    )
    assert selectors.deadline(2026, None, today=dt.date(2026, 1, 31)).message.endswith("hoy es el último día.")
    overdue = selectors.deadline(2026, None, today=dt.date(2026, 2, 1))
    assert overdue.level == "overdue"
    assert overdue.message == (
        "El plan de acción 2026 está vencido: debía publicarse a más tardar el 31/01/2026 (Ley 1474 de 2011, art. 74)."
    )


@pytest.mark.django_db
def test_a_plan_published_late_says_so(lead):
    fy, _ = year_with_projects(lead, n=1)
    plan = ActionPlan.objects.create(
        fiscal_year=fy, state=ActionPlanState.PUBLISHED,
        published_at=timezone.make_aware(dt.datetime(2026, 2, 3, 10, 0)),
    )
    assert selectors.deadline(2026, plan, today=dt.date(2026, 3, 1)).message == (
        "Publicado el 03/02/2026, después del plazo legal (31/01/2026)."
    )


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 1, 26, 15, 0), tick=False)
def test_the_plan_page_warns_while_the_plan_is_not_published(login, planner, lead):
    fy, _ = year_with_projects(lead, n=1)
    services.plan_build(by=planner, fiscal_year=fy)
    page = login(planner).get("/plan-accion/2026/").content.decode()
    assert "debe publicarse a más tardar el 31/01/2026 (Ley 1474 de 2011, art. 74): quedan 5 días." in page

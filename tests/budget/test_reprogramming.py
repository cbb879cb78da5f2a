"""A reduction that makes a goal unaffordable asks for a reprogramming the Director approves."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from budget import services
from budget.models import ReprogrammingState, TargetReprogramming
from budget.money import goal_in_force
from isvimed_planning.models import Notice
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import fiscal_year, funded_project

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False)
def test_a_reduced_allocation_warns_and_the_directors_approval_puts_the_new_goal_in_force(
    login, finance, planner, director, lead
):
    fy = fiscal_year(2026, "10000000000")
    project, product = funded_project(lead, goal="100", unit_cost="10000000")  # 100 × $10M = $1.000M
    services.allocation_set(by=finance, fiscal_year=fy, project=project, source=factories.funding_source("Propios"), amount=Decimal("1000000000"))
    assert "Metas que ya no caben" not in login(planner).get("/presupuesto/2026/").content.decode()

    services.allocation_set(by=finance, fiscal_year=fy, project=project, source=factories.funding_source("Propios"), amount=Decimal("800000000"))
    page = login(planner).get("/presupuesto/2026/").content.decode()
    assert "Metas que ya no caben en el presupuesto" in page
    assert "las metas vigentes cuestan $ 1.000.000.000 y el presupuesto definitivo es $ 800.000.000 (faltan $ 200.000.000)" in page
    assert f"/presupuesto/reprogramaciones/nueva/{product.pk}/2026/" in page
    assert Notice.objects.filter(recipient=planner, title__startswith="Las metas de").exists()

    form = login(planner).get(f"/presupuesto/reprogramaciones/nueva/{product.pk}/2026/").content.decode()
    assert 'value="80"' in form  # the goal the money pays for is proposed
    response = login(planner).post(
        f"/presupuesto/reprogramaciones/nueva/{product.pk}/2026/",
        {"new_goal": "80", "effective_date": "2026-05-04", "justification": "Reducción del techo en mayo."},
    )
    reprogramming = TargetReprogramming.objects.get()
    assert response.status_code == 302
    assert reprogramming.state == ReprogrammingState.PENDING
    assert Notice.objects.filter(recipient=director, title__startswith="Reprogramación de meta por aprobar").exists()
    assert goal_in_force(product, 2026, dt.date(2026, 5, 4)) == Decimal("100")

    # Planning cannot approve its own request.
    assert login(planner).post(f"/presupuesto/reprogramaciones/{reprogramming.pk}/", {"decision": "approve"}).status_code == 403
    response = login(director).post(f"/presupuesto/reprogramaciones/{reprogramming.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    reprogramming.refresh_from_db()
    assert reprogramming.state == ReprogrammingState.APPROVED and reprogramming.decided_by == director
    assert goal_in_force(product, 2026, dt.date(2026, 5, 4)) == Decimal("80")
    assert "Metas que ya no caben" not in login(planner).get("/presupuesto/2026/").content.decode()
    detail = login(planner).get(f"/presupuesto/reprogramaciones/{reprogramming.pk}/").content.decode()
    assert "Aprobada" in detail and "Diego Director" in detail and "Historial de cambios" in detail


def test_a_rejection_needs_a_comment_and_a_decided_reprogramming_cannot_be_decided_again(planner, director, lead):
    _, product = funded_project(lead, goal="100")
    r = services.reprogramming_request(
        by=planner, product=product, year=2026, new_goal=Decimal("90"), effective_date=dt.date(2026, 3, 1),
        justification="Ajuste",
    )
    with pytest.raises(DomainError) as no_comment:
        services.reprogramming_decide(by=director, reprogramming=r, approve=False)
    assert no_comment.value.message == "Escriba un comentario que explique el rechazo."
    services.reprogramming_decide(by=director, reprogramming=r, approve=False, comment="Falta soporte")
    with pytest.raises(DomainError) as again:
        services.reprogramming_decide(by=director, reprogramming=r, approve=True)
    assert again.value.message == "Esta reprogramación ya fue decidida."
    assert goal_in_force(product, 2026, dt.date(2026, 12, 31)) == Decimal("100")


def test_the_proposed_goal_is_what_the_ceiling_pays_for(login, finance, planner, lead):
    fy = fiscal_year(2026)
    project, product = funded_project(lead, goal="100", unit_cost="3000000")
    services.allocation_set(by=finance, fiscal_year=fy, project=project, source=factories.funding_source("Propios"), amount=Decimal("200000000"))
    page = login(planner).get("/presupuesto/2026/costos-unitarios/").content.decode()
    assert "No alcanza" in page
    assert "<td class=\"num\">66</td>" in page  # 200.000.000 ÷ 3.000.000 = 66,7 → 66 whole units

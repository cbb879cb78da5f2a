"""The plan sheet's plan-wide totals and warnings, and the HTML of the page of the sheet shown, are
kept between views (a plan of a whole administration has 20,000 projects; a page shows 50), and what
changes them shows on the very next view: a programming saved, a budget modification, a
reprogrammed goal."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from action_plan import services
from action_plan.models import ActionPlanEntry
from budget import services as budget_services
from budget.models import BudgetModification, TargetReprogramming
from tests.action_plan.builders import even, year_with_projects
from tests.action_plan.test_pagination import _footer, _warnings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 20, 15, 0), tick=False):
        yield


def test_the_totals_and_warnings_follow_each_change_on_the_next_view(login, planner, director, lead):
    fy, projects = year_with_projects(lead, n=2, amount="1200000", goal="12")
    (first, first_product), (second, _) = sorted(projects, key=lambda pp: pp[0].bank_code)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    client = login(planner)
    html = client.get("/plan-accion/2026/").content.decode()
    assert _footer(html) == ["Total", "$ 2.400.000", *["$ 0"] * 12, "$ 0"]
    assert len(_warnings(html)) == 4
    assert _footer(client.get("/plan-accion/2026/").content.decode()) == _footer(html)  # kept

    entry = ActionPlanEntry.objects.get(plan=plan, project=first)
    services.entry_save(
        by=planner, entry=entry, responsible=lead, financial=even("1200000"), physical={first_product.pk: even("12")},
    )
    html = client.get("/plan-accion/2026/").content.decode()
    assert _footer(html) == ["Total", "$ 2.400.000", *["$ 100.000"] * 12, "$ 1.200.000"]
    assert html.count('<td class="num">$ 100.000</td>') == 24  # the project's twelve months, and the footer's
    assert [w.split(":")[0] for w in _warnings(html)] == [f"{second.bank_code} {second.name}"] * 2

    BudgetModification.objects.create(
        fiscal_year=fy, project=first, date=dt.date(2026, 1, 10), kind="addition", amount=Decimal("300000"),
    )
    html = client.get("/plan-accion/2026/").content.decode()
    assert _footer(html)[1] == "$ 2.700.000"
    assert (
        f"{first.bank_code} {first.name}: La programación financiera suma $ 1.200.000 y el presupuesto definitivo es "
        "$ 1.500.000: faltan $ 300.000."
    ) in _warnings(html)

    asked = budget_services.reprogramming_request(
        by=planner, product=first_product, year=2026, new_goal=Decimal("10"), effective_date=dt.date(2026, 1, 20),
        justification="Menos viviendas",
    )
    budget_services.reprogramming_decide(by=director, reprogramming=TargetReprogramming.objects.get(pk=asked.pk),
                                         approve=True)
    assert (
        f"{first.bank_code} {first.name}: La programación física de P1 Viviendas de {first.name} suma 12 y la meta "
        "anual es 10: sobran 2."
    ) in _warnings(client.get("/plan-accion/2026/").content.decode())

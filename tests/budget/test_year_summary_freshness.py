"""The budget year page's year-wide figures (projects whose goals no longer fit their money, the
money by source) are kept between views for those who see every project, and a change of any of
their inputs shows on the very next view: a new allocation, a modification, a unit cost, an
approved reprogramming."""
import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from budget import services
from budget.models import TargetReprogramming, UnitCost
from tests import factories
from tests.budget.builders import allocate, fiscal_year, numbered_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False):
        yield


def _summary(page: str) -> str:
    found = re.search(r"\d+ proyectos? de la vigencia tienen? metas[^<]*", page)
    return " ".join(found.group(0).split()) if found else "sin faltantes"


def _by_source_total(page: str) -> str:
    table = page.split('data-testid="by-source"')[1].split("</table>")[0]
    last = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[-1]
    return " | ".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", last, re.S))


@pytest.fixture
def year(lead):
    fy = fiscal_year(2026, "10000000000")
    one, one_product = numbered_project(lead, 1, unit_cost="50000")  # 100 × $ 50.000 = $ 5.000.000
    allocate(fy, one, "3000000")
    two, two_product = numbered_project(lead, 2, unit_cost="10000")  # $ 1.000.000
    allocate(fy, two, "3000000")
    return fy, one, one_product, two, two_product


def test_a_new_allocation_shows_on_the_next_view(login, planner, finance, year):
    fy, one, *_ = year
    client = login(planner)
    before = client.get("/presupuesto/2026/").content.decode()
    assert _summary(before) == (
        "1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: faltan $ 2.000.000 en total."
    )
    assert _by_source_total(before) == "Total | 2 | $ 6.000.000 | $ 0 | $ 6.000.000"
    assert _summary(client.get("/presupuesto/2026/").content.decode()) == _summary(before)  # kept

    response = login(finance).post(
        "/presupuesto/2026/techos/nuevo/",
        {"project": one.pk, "source": factories.funding_source("SGP").pk, "amount": "2.000.000"},
    )
    assert response.status_code == 302

    after = client.get("/presupuesto/2026/").content.decode()
    assert _summary(after) == "sin faltantes"
    assert _by_source_total(after) == "Total | 2 | $ 8.000.000 | $ 0 | $ 8.000.000"


def test_a_modification_shows_on_the_next_view(login, planner, finance, year):
    fy, one, one_product, two, _ = year
    client = login(planner)
    client.get("/presupuesto/2026/")
    response = login(finance).post("/presupuesto/2026/modificaciones/nueva/", {
        "project": two.pk, "kind": "reduction", "source": factories.funding_source().pk,
        "date": "01/05/2026", "act_number": "R-7", "amount": "2.500.000",
    })
    assert response.status_code == 302
    after = client.get("/presupuesto/2026/").content.decode()
    assert _summary(after) == (
        "2 proyectos de la vigencia tienen metas que cuestan más que su presupuesto definitivo: faltan $ 2.500.000 en total."
    )
    assert _by_source_total(after) == "Total | 2 | $ 6.000.000 | -$ 2.500.000 | $ 3.500.000"


def test_a_unit_cost_and_an_approved_reprogramming_show_on_the_next_view(login, planner, lead, director, year):
    fy, one, one_product, two, two_product = year
    client = login(planner)
    assert "faltan $ 2.000.000" in _summary(client.get("/presupuesto/2026/").content.decode())

    cost = UnitCost.objects.get(product=two_product, year=2026)
    cost.amount = Decimal("40000")  # 100 × $ 40.000 = $ 4.000.000 against $ 3.000.000
    cost.save()
    assert _summary(client.get("/presupuesto/2026/").content.decode()) == (
        "2 proyectos de la vigencia tienen metas que cuestan más que su presupuesto definitivo: faltan $ 3.000.000 en total."
    )

    asked = TargetReprogramming.objects.create(
        product=one_product, year=2026, effective_date=dt.date(2026, 5, 1), new_goal=Decimal("60"),
        justification="Menos viviendas por el costo del suelo.", requested_by=lead,
    )
    services.reprogramming_decide(by=director, reprogramming=asked, approve=True)
    assert _summary(client.get("/presupuesto/2026/").content.decode()) == (
        "1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: faltan $ 1.000.000 en total."
    )


def test_a_lead_sees_only_the_figures_of_their_projects_beside_a_planners_kept_figures(login, planner, lead, lead2):
    fy = fiscal_year(2026, "10000000000")
    mine, _ = numbered_project(lead, 1, unit_cost="50000")
    allocate(fy, mine, "3000000")
    theirs, _ = numbered_project(lead2, 2, unit_cost="90000")
    allocate(fy, theirs, "1000000")
    everyone = login(planner).get("/presupuesto/2026/").content.decode()
    assert _summary(everyone) == (
        "2 proyectos de la vigencia tienen metas que cuestan más que su presupuesto definitivo: faltan $ 10.000.000 en total."
    )
    own = login(lead).get("/presupuesto/2026/").content.decode()
    assert _summary(own) == (
        "1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: faltan $ 2.000.000 en total."
    )
    assert _by_source_total(own) == "Total | 1 | $ 3.000.000 | $ 0 | $ 3.000.000"

"""The monthly report form shows, beside each product's quantity, what the action plan programmed
for that month and what it reaches by the end of the month, with the product's unit."""
import re

import pytest

from tests.matrices.builders import dataset, report
from tests.matrices.test_plan_accion_programming import program


@pytest.fixture
def data(db, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    return data


def _programmed(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", p)).strip()
        for p in re.findall(r'data-testid="programmed">(.*?)</p>', page, flags=re.S)
    ]


def test_each_product_shows_its_programming_of_the_month_and_to_date(login, lead, data):
    may = report(data.a, 2025, 5, state="pending")
    page = login(lead).get(f"/seguimiento/reportes/{may.pk}/editar/").content.decode()
    assert _programmed(page) == [
        # P1 is cumulative: 15 in May, 10 + 15 to date.
        "Programado en el mes: 15 Viviendas Programado a la fecha: 25 Viviendas",
        # P2 is non-cumulative: nothing in May, March's level 20 in force.
        "Programado en el mes: — Programado a la fecha: 20 Viviendas",
    ]


def test_nothing_is_shown_without_programming_up_to_the_month(login, planner, data):
    from action_plan.models import ActionPlan

    june = report(data.c, 2025, 6, state="pending")  # P5 is programmed from August
    page = login(planner).get(f"/seguimiento/reportes/{june.pk}/editar/").content.decode()
    assert 'name="qty_' in page and _programmed(page) == []
    ActionPlan.objects.update(state="draft")  # a draft plan is no programming
    may = report(data.a, 2025, 5, state="pending")
    assert _programmed(login(planner).get(f"/seguimiento/reportes/{may.pk}/editar/").content.decode()) == []

"""A lead's home page has a card with their own open findings of the cuadre of the current cycle
(count per severity, the first five, a link to the cuadre); other roles do not get it."""
from __future__ import annotations

import pytest

from monitoring import cuadre_services
from tests import factories

from .ui_builders import computed, finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_cycle")]


def _card(response) -> str:
    page = response.content.decode()
    assert 'data-testid="home-cuadre"' in page
    return page.split('data-testid="home-cuadre"')[1].split("</section>")[0]


def test_the_lead_sees_their_open_findings_on_the_home_page(login, planner, lead, lead2, monkeypatch):
    mine = [factories.project(lead=lead, name=f"Proyecto de Luis {i}") for i in range(7)]
    theirs = factories.project(lead=lead2, name="Proyecto de Lina")
    computed(monkeypatch, [
        *(finding("CU01", project=p, message=f"Alerta {p.name}.") for p in mine),
        finding("CU05", project=mine[0], message="Falta el reporte de Luis."),
        finding("CU05", project=theirs, message="Falta el reporte de Lina."),
    ])
    cuadre_services.finding_justify(year=2025, rule="CU01", object_kind="project", object_id=mine[6].pk,
                                    comment="Aceptada.", by=planner)
    card = _card(login(lead).get("/"))
    assert "Sus hallazgos del cuadre" in card
    assert "Cuadre al 31/03/2025: 1 error, 6 alertas en sus proyectos." in card
    assert card.count("<li>") == 5
    assert "Falta el reporte de Luis." in card  # errors first
    assert "Lina" not in card and "Alerta Proyecto de Luis 6." not in card
    assert "Y 2 más." in card
    assert '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-03-31">Ver el cuadre</a>' in card


def test_a_lead_without_open_findings_is_told_so(login, lead, lead2, monkeypatch):
    computed(monkeypatch, [finding("CU05", project=factories.project(lead=lead2))])
    assert "Cuadre al 31/03/2025: sus proyectos no tienen hallazgos abiertos." in _card(login(lead).get("/"))


def test_without_a_run_there_is_no_card(login, lead):
    assert 'data-testid="home-cuadre"' not in login(lead).get("/").content.decode()


@pytest.mark.parametrize("persona", ["planner", "director", "reader", "outsider"])
def test_other_roles_have_no_card(request, login, lead, monkeypatch, persona):
    computed(monkeypatch, [finding("CU05", project=factories.project(lead=lead))])
    response = login(request.getfixturevalue(persona)).get("/")
    assert response.status_code == 200
    assert 'data-testid="home-cuadre"' not in response.content.decode()

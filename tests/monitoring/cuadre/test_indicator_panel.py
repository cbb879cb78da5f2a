"""The indicator page of the plan shows the cuadre's findings about the indicator and about its
program (weights), to the planning office and the other read-all roles; a lead does not see it."""
from __future__ import annotations

import pytest

from tests import factories

from .ui_builders import computed, finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_cycle")]


@pytest.fixture
def indicators(monkeypatch):
    program = factories.program()
    mine = factories.indicator(the_program=program, code="4.2.1.1")
    other = factories.indicator(the_program=factories.program(code="4.2.2", name="Mejoramiento"), code="4.2.2.1")
    computed(monkeypatch, [
        finding("CU09", object_kind="indicator", object_id=mine.pk, subject="Indicador 4.2.1.1",
                message="Las metas anuales suman 300 y la meta del cuatrienio es 400."),
        finding("CU10", object_kind="program", object_id=program.pk, subject="Programa 4.2.1",
                message="Las ponderaciones suman 90: faltan 10."),
        finding("CU09", object_kind="indicator", object_id=other.pk, subject="Indicador 4.2.2.1",
                message="Las metas anuales de otro indicador."),
    ])
    return mine


def _panel(html: str) -> str:
    assert 'data-testid="cuadre-findings"' in html
    return html.split('data-testid="cuadre-findings"')[1].split("</section>")[0]


def test_the_planner_reads_the_findings_of_the_indicator_and_its_program(login, planner, indicators):
    panel = _panel(login(planner).get(f"/estrategia/indicadores/{indicators.pk}/").content.decode())
    assert "Las metas anuales suman 300 y la meta del cuatrienio es 400." in panel
    assert "Las ponderaciones suman 90: faltan 10." in panel
    assert "otro indicador" not in panel
    assert "Abiertos: 2 errores, 0 alertas." in panel


def test_a_lead_sees_no_panel_on_the_indicator_page(login, lead, indicators):
    response = login(lead).get(f"/estrategia/indicadores/{indicators.pk}/")
    assert response.status_code == 200  # the plan is open to leads; its findings are the office's
    assert 'data-testid="cuadre-findings"' not in response.content.decode()

"""The cuadre page in a real browser: accessible (axe-core, before and after), a planner justifies
an alert through the form of its row (an empty comment first: the message shows in the row)."""
from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import browser_login
from tests.journeys.axe import violations

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"


def test_a_planner_justifies_an_alert_in_the_browser(page, planner, lead, monkeypatch):
    a = factories.project(lead=lead, name="Vivienda nueva Pajarito")
    computed(monkeypatch, [
        finding("CU05", project=a, message="Falta el reporte de marzo de 2025."),
        finding("CU01", project=a, message="Avance físico en marzo sin compromisos."),
    ])
    browser_login(page, planner)
    page.goto(URL)
    assert violations(page) == []
    row = page.locator('tr[data-finding^="CU01:"]')
    row.get_by_text("Justificar").click()
    row.get_by_role("button", name="Guardar justificación").click()
    assert page.locator('tr[data-finding^="CU01:"]').get_by_text("Escriba la justificación.").is_visible()
    page.locator('tr[data-finding^="CU01:"]').get_by_label("Justificación").fill("Compromisos en el reporte de abril.")
    page.locator('tr[data-finding^="CU01:"]').get_by_role("button", name="Guardar justificación").click()
    page.get_by_text("La alerta quedó justificada.").wait_for()
    assert page.get_by_role("heading", name="Hallazgos abiertos: 1 error, 0 alertas").is_visible()
    assert page.locator('tr[data-finding^="CU05:"]').get_by_text("Debe corregirse").is_visible()
    assert violations(page) == []

"""The cuadre page filters its findings by severity, rule, program, dependency and lead; a value
that is not one of the choices is named in Spanish next to its filter and left out."""
from __future__ import annotations

import pytest

from tests import factories

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"


@pytest.fixture
def run(monkeypatch, lead, lead2):
    vivienda = factories.program("4.2.1", "Vivienda nueva")
    mejoramiento = factories.program("4.2.2", "Mejoramiento")
    a = factories.project(lead=lead, the_program=vivienda, name="Proyecto A")
    b = factories.project(lead=lead2, the_program=mejoramiento, name="Proyecto B")
    other_unit = factories.org_unit("SJ", "Secretaría Jurídica")
    b.org_unit = other_unit
    b.save()
    computed(monkeypatch, [
        finding("CU05", project=a, message="A: falta el reporte."),
        finding("CU01", project=a, message="A: avance sin compromisos."),
        finding("CU01", project=b, message="B: avance sin compromisos."),
        finding("CU13", project=b, object_kind="product", object_id=9, message="B: producto sin código MGA."),
    ])
    return a, b, vivienda, mejoramiento, other_unit


def _messages(response) -> list[str]:
    page = response.content.decode()
    return sorted(m for m in ("A: falta el reporte.", "A: avance sin compromisos.", "B: avance sin compromisos.",
                              "B: producto sin código MGA.") if m in page)


def test_each_filter_narrows_the_findings(login, planner, lead2, run):
    a, b, vivienda, mejoramiento, other_unit = run
    browser = login(planner)
    assert _messages(browser.get(URL + "&severidad=error")) == ["A: falta el reporte."]
    assert _messages(browser.get(URL + "&regla=CU01")) == ["A: avance sin compromisos.", "B: avance sin compromisos."]
    assert _messages(browser.get(URL + f"&programa={mejoramiento.pk}")) == [
        "B: avance sin compromisos.", "B: producto sin código MGA."]
    assert _messages(browser.get(URL + f"&dependencia={other_unit.pk}")) == [
        "B: avance sin compromisos.", "B: producto sin código MGA."]
    assert _messages(browser.get(URL + f"&responsable={lead2.pk}&regla=CU13")) == ["B: producto sin código MGA."]
    page = browser.get(URL + "&regla=CU01").content.decode()
    assert "Hallazgos (2 de 4)" in page
    assert '<option value="CU01" selected>CU01 Avance físico sin compromisos</option>' in page


def test_the_choices_are_the_programs_dependencies_and_leads_of_the_findings(login, planner, run):
    a, b, vivienda, mejoramiento, other_unit = run
    page = login(planner).get(URL).content.decode()
    assert f'<option value="{vivienda.pk}">4.2.1 Vivienda nueva</option>' in page
    assert f'<option value="{other_unit.pk}">Secretaría Jurídica</option>' in page
    assert f'<option value="{b.lead_id}">Lina Lozano</option>' in page


@pytest.mark.parametrize(("name", "value"), [
    ("severidad", "grave"), ("regla", "CU99"), ("programa", "99999999999999999999"), ("dependencia", "abc"),
    ("responsable", "-1"),
])
def test_a_value_that_is_not_a_choice_is_named_and_left_out(login, planner, run, name, value):
    response = login(planner).get(URL + f"&{name}={value}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"«{value}» no es una opción de este filtro." in page
    assert "Hallazgos (4)" in page  # the filter is left out


def test_the_counts_stay_those_of_every_finding_the_user_sees(login, planner, run):
    page = login(planner).get(URL + "&severidad=error").content.decode()
    assert "Hallazgos abiertos: 1 error, 3 alertas" in page

"""A lead sees on the cuadre page (and in its export) only the findings of the projects they
lead, and the page says so; someone without a role is refused; the anonymous must log in."""
from __future__ import annotations

import pytest

from tests import factories

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"


@pytest.fixture
def run(monkeypatch, lead, lead2):
    a = factories.project(lead=lead, name="Proyecto de Luis")
    b = factories.project(lead=lead2, name="Proyecto de Lina")
    computed(monkeypatch, [
        finding("CU05", project=a, message="Falta el reporte de Luis."),
        finding("CU01", project=b, message="Avance sin compromisos de Lina."),
        finding("CU08", object_kind="indicator", object_id=5, subject="Indicador 4.2.1.1",
                message="Indicador sin producto."),  # no lead: planeación's
    ])


def test_the_lead_sees_only_their_own_findings_and_is_told(login, lead, run):
    page = login(lead).get(URL).content.decode()
    assert "Usted ve solo los hallazgos de los proyectos que lidera." in page
    assert "Falta el reporte de Luis." in page
    assert "Avance sin compromisos de Lina." not in page and "Indicador sin producto." not in page
    assert "Hallazgos abiertos: 1 error, 0 alertas" in page
    assert "Justificar" not in page  # only planeación justifies


def test_the_other_lead_sees_theirs(login, lead2, run):
    page = login(lead2).get(URL).content.decode()
    assert "Avance sin compromisos de Lina." in page and "Falta el reporte de Luis." not in page


def test_the_director_sees_every_finding(login, director, run):
    page = login(director).get(URL).content.decode()
    for message in ("Falta el reporte de Luis.", "Avance sin compromisos de Lina.", "Indicador sin producto."):
        assert message in page
    assert "Usted ve solo" not in page


def test_outsider_is_refused_and_anonymous_logs_in(login, outsider, client, run):
    assert login(outsider).get(URL).status_code == 403
    assert login(outsider).get(URL.replace("?", "exportar/?")).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/ingresar/")

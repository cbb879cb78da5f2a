"""The findings of the cuadre on the pages of the objects concerned: the project page shows those
of any object of the project (its products, its reports…), the report page those of the report;
for whoever may read the project's reports. They come from the latest run of the current cycle."""
from __future__ import annotations

import pytest

from monitoring import cuadre_services
from tests import factories
from tests.monitoring.builders import report as progress_report, reporting_project

from .ui_builders import computed, finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_cycle")]


@pytest.fixture
def data(monkeypatch, planner, lead, lead2):
    a = reporting_project(lead=lead, name="Vivienda nueva")
    b = reporting_project(lead=lead2, name="Mejoramiento")
    rep = progress_report(a, month=3, evidence=False)
    computed(monkeypatch, [
        finding("CU13", project=a, object_kind="product", object_id=41, subject="P1 Viviendas mejoradas",
                message="El producto no tiene código MGA."),
        finding("CU01", project=a, object_kind="report", object_id=rep.pk, subject="Reporte 03/2025",
                url=f"/seguimiento/reportes/{rep.pk}/", message="Avance físico sin compromisos en marzo."),
        finding("CU05", project=b, message="Falta el reporte de marzo de Mejoramiento."),
    ])
    cuadre_services.finding_justify(year=2025, rule="CU13", object_kind="product", object_id=41,
                                    comment="El código MGA llega con la reformulación.", by=planner)
    return a, b, rep


def _panel(response) -> str:
    page = response.content.decode()
    assert 'data-testid="cuadre-findings"' in page
    return page.split('data-testid="cuadre-findings"')[1].split("</section>")[0]


def test_the_project_page_shows_the_findings_of_its_objects(login, lead, data):
    a, b, rep = data
    panel = _panel(login(lead).get(f"/proyectos/{a.pk}/"))
    assert "Hallazgos del cuadre al 31/03/2025" in panel
    assert "El producto no tiene código MGA." in panel and "Justificada: El código MGA llega con la reformulación." in panel
    assert f'<a href="/seguimiento/reportes/{rep.pk}/">Reporte 03/2025</a>' in panel
    assert "Abiertos: 0 errores, 1 alerta; 1 justificado." in panel
    assert "Mejoramiento" not in panel
    assert '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-03-31">Ver el cuadre</a>' in panel


@pytest.mark.parametrize("persona", ["planner", "director", "finance", "reader", "sysadmin"])
def test_read_all_roles_see_the_panel(request, login, data, persona):
    a, b, rep = data
    assert "Falta el reporte de marzo de Mejoramiento." in _panel(login(request.getfixturevalue(persona)).get(f"/proyectos/{b.pk}/"))


def test_another_lead_does_not_get_the_panel(login, lead2, data):
    a, b, rep = data
    response = login(lead2).get(f"/proyectos/{a.pk}/")
    assert "El producto no tiene código MGA." not in response.content.decode()
    assert 'data-testid="cuadre-findings"' not in response.content.decode()


def test_a_project_without_findings_has_no_panel(login, planner, lead, data):
    other = factories.project(lead=lead, name="Sin hallazgos")
    assert 'data-testid="cuadre-findings"' not in login(planner).get(f"/proyectos/{other.pk}/").content.decode()


def test_the_report_page_shows_the_findings_of_the_report(login, lead, data):
    a, b, rep = data
    panel = _panel(login(lead).get(f"/seguimiento/reportes/{rep.pk}/"))
    assert "Avance físico sin compromisos en marzo." in panel
    assert "El producto no tiene código MGA." not in panel  # the product's finding is the project's

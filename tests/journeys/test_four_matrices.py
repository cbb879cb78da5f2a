"""Journey (c): the four matrices for the Alcaldía generated and downloaded. The planner opens
Seguimiento → Matrices para la Alcaldía, asks for each matrix at the cutoff 30/06/2025, watches the
real Celery worker produce it, and downloads the workbook; each one opens with openpyxl and every
sheet has the header row 5 of MATRICES.md. Every page visited passes the axe-core check."""
import io
import re

import openpyxl
import pytest

from tests.journeys.steps import click, menu, sign_in
from tests.matrices.builders import dataset

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

SNAPSHOT = re.compile(r"/seguimiento/matrices/\d+/$")

HEADERS = {
    "Plan Indicativo": {
        "Plan Indicativo": [
            "Código línea", "Línea", "Código componente", "Componente", "Código programa", "Programa",
            "Código indicador", "Indicador", "Tipo", "Unidad de medida", "Sentido", "Acumulación", "Línea base",
            "Año línea base", "Meta cuatrienio", "Meta vigencia", "Avance vigencia", "% cumplimiento vigencia",
            "Avance cuatrienio", "% cumplimiento cuatrienio", "Ponderación", "Semáforo", "Dependencia responsable",
            "Código programa presupuestal", "Código indicador MGA",
        ],
    },
    "Plan de Acción": {
        "Proyectos": [
            "Código línea", "Código programa", "Programa", "Código BPIN", "Proyecto", "Dependencia responsable",
            "Responsable", "Tipo de recurso", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
            "Comprometido", "Obligado", "Pagado", "% ejecución presupuestal", "% pagos", "% avance físico", "Semáforo",
            "Programado financiero a la fecha de corte", "% cumplimiento programación financiera",
            "% avance físico esperado", "Brecha física",
        ],
        "Productos": [
            "Código BPIN", "Proyecto", "Código producto", "Producto", "Código indicador", "Unidad de medida",
            "Meta física vigencia", "Avance físico", "% avance físico", "Código producto MGA",
            "Programado a la fecha de corte", "% avance frente a lo programado",
        ],
        "Fuentes": [
            "Código BPIN", "Proyecto", "Código fuente", "Fuente", "Presupuesto inicial", "Modificaciones",
            "Presupuesto definitivo", "Comprometido", "Obligado", "Pagado", "% ejecución presupuestal",
        ],
    },
    "Georreferenciación": {
        "Georreferenciación": [
            "Vigencia", "Código BPIN", "Proyecto", "Código programa", "Tipo de recurso", "Código territorio",
            "Territorio", "Tipo de territorio", "Inversión comprometida", "Beneficiarios",
        ],
        "Resumen por territorio": [
            "Código territorio", "Territorio", "Tipo de territorio", "Proyectos", "Inversión comprometida",
            "Beneficiarios", "% de la inversión",
        ],
    },
    "Presupuesto por Resultados": {
        "Programas": [
            "Código línea", "Línea", "Código programa", "Programa", "Proyectos", "Presupuesto definitivo",
            "Comprometido", "Pagado", "% ejecución presupuestal", "Cumplimiento físico", "Índice de eficiencia",
            "Código programa presupuestal",
        ],
        "Resultados": [
            "Código programa", "Programa", "Código indicador", "Indicador", "Unidad de medida", "Línea base",
            "Meta vigencia", "Avance vigencia", "% cumplimiento vigencia", "Presupuesto definitivo del programa",
        ],
    },
}


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))  # the worker process stores the files there too
    return path


def test_planner_generates_and_downloads_the_four_matrices(media, celery_worker, page, a11y, planner, lead, lead2):
    dataset(lead=lead, lead2=lead2)

    page.goto("/")
    sign_in(page, a11y, planner)
    for matrix, sheets in HEADERS.items():
        menu(page, a11y, "Seguimiento")
        click(page, a11y, "link", "Matrices para la Alcaldía")
        page.get_by_label("Matriz").select_option(label=matrix)
        page.get_by_label("Vigencia").fill("2025")
        page.get_by_label("Fecha de corte").fill("2025-06-30")
        click(page, a11y, "button", "Generar matriz", wait=SNAPSHOT)  # the progress page, or the result if already done
        download_link = page.get_by_role("link", name="Descargar matriz (.xlsx)")
        download_link.wait_for(timeout=90000)  # the page polls the worker's progress, then offers the file
        a11y()
        with page.expect_download() as info:
            download_link.click()
        download = info.value
        assert download.suggested_filename.endswith("-2025-corte-2025-06-30.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
        assert workbook.sheetnames == list(sheets), matrix
        for sheet, headers in sheets.items():
            ws = workbook[sheet]
            assert [cell.value for cell in ws[5]] == headers, f"{matrix} / {sheet}"
            assert ws["A3"].value == "Vigencia 2025 – Fecha de corte 30/06/2025"

    menu(page, a11y, "Seguimiento")
    click(page, a11y, "link", "Matrices para la Alcaldía")
    for matrix in HEADERS:
        row = page.get_by_role("row", name=matrix).first
        assert "Paula Planeación" in row.inner_text() and "Lista" in row.inner_text()

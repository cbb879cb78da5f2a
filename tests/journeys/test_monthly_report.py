"""Journey (b): a monthly report with evidence, returned and approved. The lead finds the month on
the Seguimiento board, reports it with a PDF and submits it; the planner finds it among the monthly
reports and returns it with a comment; the lead corrects it; the planner approves it. Every page
visited passes the axe-core check."""
import re

import pytest
from playwright.sync_api import expect

from monitoring.models import ProgressReport
from tests.journeys.steps import click, menu, sign_in
from tests.monitoring.builders import allocate, period, reporting_project, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.phone]  # also at 390 px (tests/journeys/conftest.py)

REPORT = re.compile(r"/seguimiento/reportes/\d+/(#.*)?$")
COMMENT = "El pagado no coincide con la orden de pago 123."


def _board_of_march(page, a11y):
    menu(page, a11y, "Seguimiento")
    page.get_by_label("Año", exact=True).fill("2025")
    page.get_by_label("Mes", exact=True).select_option("3")
    click(page, a11y, "button", "Ver")


def _review(page, a11y, label, comment=None):
    menu(page, a11y, "Seguimiento")
    click(page, a11y, "link", "Reportes mensuales")
    page.get_by_label("Año", exact=True).fill("2025")
    page.get_by_label("Estado").select_option(label="Enviado")
    click(page, a11y, "button", "Filtrar")
    click(page, a11y, "link", "03/2025", wait=REPORT)
    click(page, a11y, "link", label)
    if comment:
        page.get_by_label("Observaciones para el responsable").fill(comment)
    click(page, a11y, "button", label, wait=REPORT)


def test_monthly_report_with_evidence_is_returned_then_approved(page, a11y, lead, planner, tmp_path):
    period(month=3)
    project = reporting_project(lead=lead, name="Mejoramiento de vivienda en Robledo")
    allocate(project)
    product = project.products.get()
    pdf = tmp_path / "acta-entrega-marzo.pdf"
    pdf.write_bytes(small_pdf("Acta de entrega de marzo"))

    page.goto("/")
    sign_in(page, a11y, lead)
    _board_of_march(page, a11y)
    click(page, a11y, "button", "Reportar marzo")
    page.get_by_label("Comprometido del mes").fill("1.500.000")
    page.get_by_label("Obligado del mes").fill("500000")
    page.get_by_label("Pagado del mes").fill("200000")
    page.get_by_label(f"{product.code} {product.name} ({product.unit})").fill("3")
    page.get_by_label("Comprometido en 10 - La Candelaria").fill("1.500.000")
    page.get_by_label("Beneficiarios en 10 - La Candelaria").fill("12")
    page.get_by_label("Logros").fill("Se entregaron tres mejoramientos en Robledo.")
    click(page, a11y, "button", "Guardar reporte", wait=REPORT)
    expect(page.get_by_test_id("committed")).to_have_text("$ 1.500.000")
    page.get_by_label("Archivo de evidencia").set_input_files(str(pdf))
    page.get_by_label("Descripción", exact=True).fill("Acta de entrega")
    click(page, a11y, "button", "Adjuntar evidencia", wait=REPORT)
    expect(page.get_by_test_id("evidence")).to_contain_text("acta-entrega-marzo.pdf")
    click(page, a11y, "link", "Enviar a revisión")
    click(page, a11y, "button", "Enviar a revisión", wait=REPORT)
    expect(page.get_by_test_id("report-state")).to_have_text("Enviado")

    sign_in(page, a11y, planner)
    _review(page, a11y, "Devolver", comment=COMMENT)
    expect(page.get_by_test_id("report-state")).to_have_text("Devuelto")

    sign_in(page, a11y, lead)
    _board_of_march(page, a11y)
    page.get_by_test_id("my-reports").get_by_role("link", name="Completar reporte").click()
    page.wait_for_url(REPORT)
    a11y()
    expect(page.get_by_test_id("return-comment")).to_contain_text(COMMENT)
    click(page, a11y, "link", "Editar reporte")
    page.get_by_label("Pagado del mes").fill("250000")
    click(page, a11y, "button", "Guardar reporte", wait=REPORT)
    click(page, a11y, "link", "Enviar a revisión")
    click(page, a11y, "button", "Enviar a revisión", wait=REPORT)

    sign_in(page, a11y, planner)
    _review(page, a11y, "Aprobar")
    expect(page.get_by_test_id("report-state")).to_have_text("Aprobado")
    expect(page.get_by_role("link", name="Editar reporte")).to_have_count(0)

    report = ProgressReport.objects.get(project=project, year=2025, month=3)
    assert (report.state, report.committed, report.paid) == ("approved", 1500000, 250000)
    assert report.evidence.get().original_name == "acta-entrega-marzo.pdf"

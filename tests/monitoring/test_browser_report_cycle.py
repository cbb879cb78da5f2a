"""In a real browser: a lead reports the month with a PDF as evidence and submits it; the planner
returns it with a comment; the lead corrects it and submits again; the planner approves it."""
import pytest

from monitoring.models import ProgressReport, ReportTransition
from tests.conftest import browser_login
from tests.monitoring.builders import allocate, period, reporting_project, small_pdf

pytestmark = pytest.mark.browser


def _logout(page):
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Salir").click()
    page.wait_for_url(lambda url: "/seguimiento" not in url)


def _act(page, label, comment=None):
    page.get_by_role("link", name=label).click()
    if comment:
        page.get_by_label("Observaciones para el responsable").fill(comment)
    page.get_by_role("button", name=label).click()
    page.wait_for_url("**/seguimiento/reportes/*/")


def test_lead_submits_planner_returns_lead_corrects_planner_approves(page, lead, planner, tmp_path):
    period(month=3)
    project = reporting_project(lead=lead, name="Mejoramiento de vivienda en Robledo")
    allocate(project)
    product = project.products.get()
    pdf = tmp_path / "acta-entrega-marzo.pdf"
    pdf.write_bytes(small_pdf("Acta de entrega de marzo"))

    # The lead opens the report of March from "Mis reportes" and fills it in.
    browser_login(page, lead)
    page.goto("/seguimiento/?anio=2025&mes=3")
    page.get_by_role("button", name="Reportar marzo").click()
    page.get_by_label("Comprometido del mes").fill("1.500.000")
    page.get_by_label("Obligado del mes").fill("500000")
    page.get_by_label("Pagado del mes").fill("200000")
    page.get_by_label(f"{product.code} {product.name} ({product.unit})").fill("3")
    page.get_by_label("Comprometido en 10 - La Candelaria").fill("1000000")
    page.get_by_label("Beneficiarios en 10 - La Candelaria").fill("12")
    page.get_by_label("Logros").fill("Se entregaron tres mejoramientos en Robledo.")
    page.get_by_role("button", name="Guardar reporte").click()
    # The distribution does not add up: the difference is said, what was typed is kept.
    assert "faltan $ 500.000" in page.get_by_test_id("territory-error").inner_text()
    assert page.get_by_label("Obligado del mes").input_value() == "500000"
    page.get_by_label("Comprometido en 0 - Ciudad (sin georreferenciar)").fill("500000")
    page.get_by_role("button", name="Guardar reporte").click()
    page.wait_for_url("**/seguimiento/reportes/*/")
    assert page.get_by_test_id("committed").inner_text() == "$ 1.500.000"

    page.get_by_label("Archivo de evidencia").set_input_files(str(pdf))
    page.get_by_label("Descripción", exact=True).fill("Acta de entrega")
    page.get_by_role("button", name="Adjuntar evidencia").click()
    page.wait_for_url("**/seguimiento/reportes/*/#evidencias")
    assert "acta-entrega-marzo.pdf" in page.get_by_test_id("evidence").inner_text()
    _act(page, "Enviar a revisión")
    assert page.get_by_test_id("report-state").inner_text() == "Enviado"
    _logout(page)

    # The planner returns it with a comment.
    report = ProgressReport.objects.get(project=project, year=2025, month=3)
    browser_login(page, planner)
    page.goto(f"/seguimiento/reportes/{report.pk}/")
    _act(page, "Devolver", comment="El pagado no coincide con la orden de pago 123.")
    assert page.get_by_test_id("report-state").inner_text() == "Devuelto"
    _logout(page)

    # The lead reads the comment, corrects the paid amount and submits again.
    browser_login(page, lead)
    page.goto("/seguimiento/?anio=2025&mes=3")
    page.get_by_test_id("my-reports").get_by_role("link", name="Completar reporte").click()
    assert "El pagado no coincide con la orden de pago 123." in page.get_by_test_id("return-comment").inner_text()
    page.get_by_role("link", name="Editar reporte").click()
    page.get_by_label("Pagado del mes").fill("250000")
    page.get_by_role("button", name="Guardar reporte").click()
    page.wait_for_url("**/seguimiento/reportes/*/")
    _act(page, "Enviar a revisión")
    _logout(page)

    # The planner approves it: it is locked.
    browser_login(page, planner)
    page.goto(f"/seguimiento/reportes/{report.pk}/")
    _act(page, "Aprobar")
    assert page.get_by_test_id("report-state").inner_text() == "Aprobado"
    assert page.get_by_role("link", name="Editar reporte").count() == 0

    report.refresh_from_db()
    assert (report.state, report.committed, report.obligated, report.paid) == ("approved", 1500000, 500000, 250000)
    assert report.product_progress.get().quantity == 3
    assert dict(report.territories.values_list("territory_id", "committed")) == {0: 500000, 10: 1000000}
    assert report.evidence.get().original_name == "acta-entrega-marzo.pdf"
    assert list(ReportTransition.objects.filter(report=report).values_list("name", flat=True)) == [
        "submit", "return", "submit", "approve"
    ]

"""In a real browser: a planner registers a derecho de petición, sees its legal due date and
answers it with a file; the Director approves the year's report; an anonymous visitor opens the
public page and downloads the CSV, whose totals are the report's."""
import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accountability.models import AccountabilityReport, InformationRequest
from tests.accountability.builders import PDF_BYTES, execution, fill_peticion_form
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _switch(page, user):
    page.context.clear_cookies()
    browser_login(page, user)


def test_request_answered_report_approved_and_public_csv(page, planner, director, reader, lead):
    execution(lead=lead)

    # 1. The planner registers a derecho de petición received on Friday before Easter 2026.
    browser_login(page, planner)
    page.goto("/rendicion/")
    page.get_by_role("link", name="Registrar solicitud").click()
    fill_peticion_form(page)
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_text("Solicitud registrada. Vence el 21/04/2026.")).to_be_visible()
    expect(page.get_by_test_id("due-date")).to_have_text("21/04/2026")

    # 2. ... and answers it with a signed PDF.
    page.get_by_role("link", name="Responder").click()
    page.get_by_label("Fecha de respuesta").fill("2026-04-16")
    page.get_by_label("Respuesta", exact=True).fill("Su postulación está en estudio; adjuntamos la respuesta firmada.")
    page.get_by_label("Archivo de respuesta").set_input_files(
        files=[{"name": "respuesta-RAD-2026-0042.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Responder").click()
    expect(page.get_by_text("Respuesta registrada.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Respondida a tiempo")
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar respuesta (respuesta-RAD-2026-0042.pdf)").click()
    assert open(info.value.path(), "rb").read() == PDF_BYTES
    assert InformationRequest.objects.get().state == "answered"

    # 3. The planner drafts the 2025 report and sends it for approval; the Director approves it.
    page.goto("/rendicion/informes/nuevo/")
    page.get_by_label("Vigencia").fill("2025")
    page.get_by_label("Título").fill("Rendición de cuentas 2025")
    page.get_by_role("button", name="Crear borrador").click()
    expect(page.get_by_test_id("report-state")).to_have_text("Borrador")
    expect(page.get_by_test_id("total-committed")).to_have_text("$ 550.000.000")
    expect(page.get_by_role("link", name="Aprobar informe")).to_have_count(0)  # not the planner's call
    page.get_by_role("link", name="Enviar a aprobación").click()
    page.get_by_role("button", name="Enviar a aprobación").click()
    expect(page.get_by_test_id("report-state")).to_have_text("Por aprobar")

    _switch(page, director)
    page.goto("/rendicion/informes/")
    page.get_by_role("link", name="Rendición de cuentas 2025").click()
    page.get_by_role("link", name="Aprobar informe").click()
    page.get_by_role("button", name="Aprobar informe").click()
    expect(page.get_by_test_id("report-state")).to_have_text("Aprobado")
    report = AccountabilityReport.objects.get()
    assert report.figures["totals"]["projects"]["committed"] == "550000000.00"

    # 4. An anonymous visitor opens the public page and downloads the open data.
    page.context.clear_cookies()
    page.goto("/rendicion/publico/")
    page.get_by_role("link", name="Rendición de cuentas 2025").click()
    expect(page.get_by_test_id("total-committed")).to_have_text("$ 550.000.000")
    expect(page.get_by_test_id("total-definitive")).to_have_text("$ 1.500.000.000")
    expect(page.get_by_text("María Pérez Gómez")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ejecución por proyecto (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    total = rows[-1]
    assert total["codigo_programa"] == "TOTAL"
    assert Decimal(total["comprometido"]) == Decimal("550000000") == Decimal(report.figures["totals"]["projects"]["committed"])
    assert Decimal(total["presupuesto_definitivo"]) == Decimal(report.figures["totals"]["projects"]["definitive"])
    assert sum(Decimal(r["comprometido"]) for r in rows[:-1]) == Decimal(total["comprometido"])

    # ... and cannot open any request page.
    page.goto(f"/rendicion/solicitudes/{InformationRequest.objects.get().pk}/")
    assert "/cuenta/ingresar/" in page.url

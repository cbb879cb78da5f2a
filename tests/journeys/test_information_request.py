"""Journey (d): a derecho de petición registered and answered. The planner opens Rendición de
cuentas, registers the request, finds it again in the list of requests and answers it with a
signed PDF, which can be downloaded back. Every page visited passes the axe-core check."""
import re

import pytest
from playwright.sync_api import expect

from accountability.models import InformationRequest
from tests.accountability.builders import PDF_BYTES, fill_peticion_form
from tests.journeys.steps import click, menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.phone]  # also at 390 px (tests/journeys/conftest.py)

DETAIL = re.compile(r"/rendicion/solicitudes/\d+/(#.*)?$")


def test_planner_registers_and_answers_a_derecho_de_peticion(page, a11y, planner):
    page.goto("/")
    sign_in(page, a11y, planner)
    menu(page, a11y, "Rendición de cuentas")
    click(page, a11y, "link", "Registrar solicitud")
    fill_peticion_form(page)
    click(page, a11y, "button", "Registrar", wait=DETAIL)
    expect(page.get_by_text("Solicitud registrada. Vence el 21/04/2026.")).to_be_visible()
    expect(page.get_by_test_id("due-date")).to_have_text("21/04/2026")

    click(page, a11y, "link", "← Solicitudes de información")
    expect(page.get_by_role("cell", name="Estado de mi postulación al subsidio")).to_be_visible()
    click(page, a11y, "link", "RAD-2026-0042", wait=DETAIL)
    click(page, a11y, "link", "Responder")
    page.get_by_label("Fecha de respuesta").fill("2026-04-16")
    page.get_by_label("Respuesta", exact=True).fill("Su postulación está en estudio; adjuntamos la respuesta firmada.")
    page.get_by_label("Archivo de respuesta").set_input_files(
        files=[{"name": "respuesta-RAD-2026-0042.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    click(page, a11y, "button", "Responder", wait=DETAIL)
    expect(page.get_by_text("Respuesta registrada.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Respondida a tiempo")
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar respuesta (respuesta-RAD-2026-0042.pdf)").click()
    assert open(info.value.path(), "rb").read() == PDF_BYTES

    request = InformationRequest.objects.get()
    assert (request.state, request.filing_number, request.assignee) == ("answered", "RAD-2026-0042", planner)

"""Journey: a lead of a two-source project reports a month split by funding source (a split that
does not add up is refused, keeping what was typed), seeing beside each product what the published
action plan programmed to date; the planner approves it and downloads a Plan de Acción whose
`Fuentes` rows hold that split and whose `Proyectos` row compares it with the programming. Every
page visited passes the axe-core check."""
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from tests.journeys.steps import click, menu, sign_in
from tests.monitoring.builders import add_evidence, allocate, period, reporting_project

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

REPORT = re.compile(r"/seguimiento/reportes/\d+/(#.*)?$")
SNAPSHOT = re.compile(r"/seguimiento/matrices/\d+/$")


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))  # the worker process stores the files there too
    return path


def test_lead_splits_the_month_by_source_and_the_plan_de_accion_holds_it(media, celery_worker, page, a11y, lead, planner):
    period(month=3)
    project = reporting_project(lead=lead, name="Mejoramiento con dos fuentes")
    project.bank_code = "2025050010001"
    project.save()
    allocate(project, "300000000", source="Recursos propios")
    allocate(project, "100000000", source="Sistema General de Participaciones")
    # The published action plan of 2025 programs $ 60.000.000 and 2 + 3 units up to March.
    plan = ActionPlan.objects.create(fiscal_year=project.allocations.get(source__code="01").fiscal_year, state="published")
    entry = ActionPlanEntry.objects.create(plan=plan, project=project, responsible=lead)
    product = project.products.get()
    for month, amount, quantity in ((2, "20000000", "2"), (3, "40000000", "3"), (5, "90000000", "4")):
        FinancialMonthlyTarget.objects.create(entry=entry, month=month, amount=amount)
        PhysicalMonthlyTarget.objects.create(entry=entry, product=product, month=month, quantity=quantity)

    page.goto("/")
    sign_in(page, a11y, lead)
    menu(page, a11y, "Seguimiento")
    page.get_by_label("Año", exact=True).fill("2025")
    page.get_by_label("Mes", exact=True).select_option("3")
    click(page, a11y, "button", "Ver")
    click(page, a11y, "button", "Reportar marzo")
    expect(page.get_by_test_id("programmed")).to_have_text(
        re.compile(rf"Programado en el mes: 3 {product.unit}\s*Programado a la fecha: 5 {product.unit}")
    )
    page.get_by_label(f"{product.code} {product.name} ({product.unit})").fill("4")
    page.get_by_label("Comprometido del mes").fill("100.000.000")
    page.get_by_label("Obligado del mes").fill("40.000.000")
    page.get_by_label("Pagado del mes").fill("20.000.000")
    page.get_by_label("Comprometido en 10 - La Candelaria").fill("100.000.000")
    page.get_by_label("Logros").fill("Se firmaron los contratos de obra.")
    page.get_by_label("Comprometido de Recursos propios").fill("70.000.000")
    page.get_by_label("Obligado de Recursos propios").fill("30.000.000")
    page.get_by_label("Pagado de Recursos propios").fill("15.000.000")
    page.get_by_label("Comprometido de Sistema General de Participaciones").fill("20.000.000")
    page.get_by_label("Obligado de Sistema General de Participaciones").fill("10.000.000")
    page.get_by_label("Pagado de Sistema General de Participaciones").fill("5.000.000")
    click(page, a11y, "button", "Guardar reporte")
    expect(page.get_by_test_id("source-error")).to_have_text(
        "La suma por fuentes del comprometido ($ 90.000.000) no coincide con el total del reporte ($ 100.000.000)."
    )
    expect(page.get_by_label("Obligado de Recursos propios")).to_have_value("30.000.000")
    page.get_by_label("Comprometido de Sistema General de Participaciones").fill("30.000.000")
    click(page, a11y, "button", "Guardar reporte", wait=REPORT)
    expect(page.get_by_test_id("report-sources")).to_contain_text("$ 30.000.000")
    add_evidence(project.reports.get(), by=lead)
    page.reload()
    click(page, a11y, "link", "Enviar a revisión")
    click(page, a11y, "button", "Enviar a revisión", wait=REPORT)

    sign_in(page, a11y, planner)
    page.goto(f"/seguimiento/reportes/{project.reports.get().pk}/")
    click(page, a11y, "link", "Aprobar")
    expect(page.get_by_test_id("report-sources")).to_contain_text("$ 70.000.000")
    click(page, a11y, "button", "Aprobar", wait=REPORT)
    expect(page.get_by_test_id("report-state")).to_have_text("Aprobado")

    menu(page, a11y, "Seguimiento")
    click(page, a11y, "link", "Matrices para la Alcaldía")
    page.get_by_label("Matriz").select_option(label="Plan de Acción")
    page.get_by_label("Vigencia").fill("2025")
    page.get_by_label("Fecha de corte").fill("2025-03-31")
    click(page, a11y, "button", "Generar matriz", wait=SNAPSHOT)
    download_link = page.get_by_role("link", name="Descargar matriz (.xlsx)")
    download_link.wait_for(timeout=90000)
    with page.expect_download() as info:
        download_link.click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))["Fuentes"]
    rows = [list(r) for r in sheet.iter_rows(min_row=6, values_only=True)]
    assert [r[:10] for r in rows] == [
        ["2025050010001", "Mejoramiento con dos fuentes", "01", "Recursos propios", 300000000, 0, 300000000,
         70000000, 30000000, 15000000],
        ["2025050010001", "Mejoramiento con dos fuentes", "02", "Sistema General de Participaciones", 100000000, 0,
         100000000, 30000000, 10000000, 5000000],
    ]
    proyectos = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))["Proyectos"]
    header = [c.value for c in proyectos[5]]
    row = dict(zip(header, next(proyectos.iter_rows(min_row=6, max_row=6, values_only=True)), strict=True))
    # Committed $ 100.000.000 against $ 60.000.000 programmed to March.
    assert row["Programado financiero a la fecha de corte"] == 60000000
    assert row["% cumplimiento programación financiera"] == pytest.approx(100000000 / 60000000)

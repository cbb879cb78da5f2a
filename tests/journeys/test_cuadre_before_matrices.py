"""Journey: before generating the matrices, the planner opens the cuadre from the matrices page,
runs it (a real Celery worker computes it), follows a product's "goal without unit cost" error to
the unit costs page, sets the cost, runs the cuadre again and the error is gone; a lead sees only
the findings of the projects they lead. Every page visited passes the axe-core check."""
import re

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import click, menu, sign_in
from tests.monitoring.builders import allocate, period, reporting_project

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

CUADRE = re.compile(r"/seguimiento/cuadre/\?anio=2025&corte=2025-03-31")
MISSING_COST = "Meta vigente 2025: 20 Viviendas; sin costo unitario de 2025."


def test_planner_fixes_a_unit_cost_found_by_the_cuadre_and_a_lead_sees_only_their_own(
    celery_worker, page, a11y, planner, lead, lead2
):
    period(month=3)  # the cycle being reported: March 2025
    mine = reporting_project(lead=lead, name="Mejoramiento Moravia")  # product P1, goal 20 in 2025
    allocate(mine, "200000000")
    theirs = reporting_project(lead=lead2, name="Vivienda nueva Pajarito")
    allocate(theirs, "100000000")

    page.goto("/")
    sign_in(page, a11y, planner)
    menu(page, a11y, "Seguimiento")
    click(page, a11y, "link", "Matrices para la Alcaldía")
    expect(page.get_by_test_id("cuadre-line")).to_have_text("Sin cuadre calculado para este corte: calcular")
    click(page, a11y, "link", "calcular", wait=CUADRE)
    click(page, a11y, "button", "Calcular cuadre")
    findings = page.get_by_test_id("findings")
    findings.wait_for(timeout=90000)  # the page follows the worker's progress, then shows the findings
    a11y()
    row = page.locator(f'tr[data-finding="CU07:product:{mine.products.get().pk}"]')
    expect(row).to_contain_text(MISSING_COST)
    expect(page.locator(f'tr[data-finding="CU07:product:{theirs.products.get().pk}"]')).to_have_count(1)

    row.get_by_role("link", name=re.compile("P1 — Viviendas mejoradas")).click()
    page.wait_for_load_state("load")
    a11y()
    expect(page.get_by_label("Producto")).to_have_value(str(mine.products.get().pk))
    page.get_by_label("Costo unitario", exact=True).fill("$ 10.000.000")
    click(page, a11y, "button", "Guardar costo unitario")
    expect(page.get_by_text("Costo unitario guardado.")).to_be_visible()

    menu(page, a11y, "Seguimiento")
    click(page, a11y, "link", "Matrices para la Alcaldía")
    click(page, a11y, "link", "revisar", wait=CUADRE)
    expect(page.get_by_test_id("stale")).to_be_visible()  # the data changed since the run
    click(page, a11y, "button", "Recalcular")
    expect(page.get_by_test_id("stale")).to_have_count(0, timeout=90000)
    a11y()
    expect(page.locator(f'tr[data-finding="CU07:product:{mine.products.get().pk}"]')).to_have_count(0)
    expect(page.locator(f'tr[data-finding="CU07:product:{theirs.products.get().pk}"]')).to_have_count(1)

    sign_in(page, a11y, lead2)
    page.goto("/seguimiento/cuadre/?anio=2025&corte=2025-03-31")
    a11y()
    expect(page.get_by_test_id("only-own")).to_have_text("Usted ve solo los hallazgos de los proyectos que lidera.")
    expect(page.locator('tr[data-finding^="CU07:"]')).to_have_count(1)
    expect(page.get_by_test_id("findings")).to_contain_text("Vivienda nueva Pajarito")
    expect(page.get_by_test_id("findings")).not_to_contain_text("Mejoramiento Moravia")

"""The whole of 4.3 → 4.5 in a real browser: ceiling, allocations, the plan, approval, publication."""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from action_plan import services as plan_services
from budget import services as budget_services
from budget.models import TargetReprogramming
from tests import factories
from tests.action_plan.builders import program_all
from tests.budget.builders import fiscal_year, funded_project
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _switch(page, user):
    page.context.clear_cookies()
    browser_login(page, user)


def test_finance_allocates_within_the_ceiling_and_the_published_plan_is_public(page, finance, planner, director, lead):
    projects = [funded_project(lead, goal="12", name=f"Vivienda nueva etapa {i}")[0] for i in range(1, 5)]
    factories.funding_source("Recursos propios", code="01")

    browser_login(page, finance)
    page.goto("/presupuesto/")
    page.get_by_label("Vigencia").fill("2026")
    page.get_by_label("Tope global").fill("10.000.000.000")
    page.get_by_role("button", name="Crear vigencia").click()
    expect(page.get_by_test_id("ceiling")).to_have_text("$ 10.000.000.000")

    allocation_form = page.locator("form", has=page.get_by_role("button", name="Guardar techo"))
    for project in projects[:3]:
        allocation_form.get_by_label("Proyecto").select_option(label=str(project))
        allocation_form.get_by_label("Fuente de financiación").select_option(label="01 Recursos propios")
        allocation_form.get_by_label("Valor").fill("3.000.000.000")
        allocation_form.get_by_role("button", name="Guardar techo").click()
        expect(page.get_by_text(f"Techo de «{project.name}» guardado.")).to_be_visible()
    expect(page.get_by_test_id("allocated")).to_have_text("$ 9.000.000.000")
    expect(page.get_by_test_id("free")).to_have_text("$ 1.000.000.000")

    allocation_form.get_by_label("Proyecto").select_option(label=str(projects[3]))
    allocation_form.get_by_label("Fuente de financiación").select_option(label="01 Recursos propios")
    allocation_form.get_by_label("Valor").fill("1.500.000.000")
    allocation_form.get_by_role("button", name="Guardar techo").click()
    expect(page.get_by_text("La asignación supera el tope global de la vigencia 2026 en $ 500.000.000.")).to_be_visible()
    expect(page.get_by_test_id("allocated")).to_have_text("$ 9.000.000.000")

    _switch(page, planner)
    page.goto("/plan-accion/")
    page.get_by_role("button", name="Construir plan 2026").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("Borrador")
    for project in projects[:3]:
        page.get_by_role("link", name=project.name).click()
        for month in ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                      "octubre", "noviembre", "diciembre"):
            page.get_by_label(f"Financiera, {month}").fill("250.000.000")
            page.get_by_label(f"P1, {month}").fill("1")
        page.get_by_role("button", name="Guardar programación").click()
        expect(page.get_by_text(f"Programación de «{project.name}» guardada.")).to_be_visible()
    expect(page.get_by_text("Programación pendiente o que no cuadra")).to_have_count(0)

    _switch(page, director)
    page.goto("/plan-accion/2026/")
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("Aprobado")

    _switch(page, planner)
    page.goto("/plan-accion/2026/")
    page.get_by_role("button", name="Publicar").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("Publicado")

    page.context.clear_cookies()
    page.goto("/plan-accion/publico/2026/")
    expect(page.get_by_role("heading", name="Plan de acción institucional 2026")).to_be_visible()
    expect(page.get_by_role("cell", name=projects[0].name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Descargar PDF")).to_be_visible()
    assert page.request.get(page.base_url + "/plan-accion/publico/2026/pdf/").headers["content-type"] == "application/pdf"


def test_a_reduction_leads_to_a_reprogramming_the_director_approves_and_the_plan_shows_it(page, finance, planner, director, lead):
    fy = fiscal_year(2026, "10000000000")
    project, product = funded_project(lead, goal="12", unit_cost="250000000", name="Mejoramiento de vivienda")
    allocation = budget_services.allocation_set(
        by=finance, fiscal_year=fy, project=project, source=factories.funding_source("Recursos propios"), amount=Decimal("3000000000")
    )
    plan = plan_services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    plan_services.plan_transition(by=director, plan=plan, name="approve")
    plan_services.plan_transition(by=planner, plan=plan, name="publish")

    browser_login(page, finance)
    page.goto(f"/presupuesto/2026/techos/{allocation.pk}/")
    page.get_by_label("Valor").fill("2.400.000.000")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Techo actualizado.")).to_be_visible()

    _switch(page, planner)
    page.goto("/presupuesto/2026/")
    expect(page.get_by_role("heading", name="Metas que ya no caben en el presupuesto")).to_be_visible()
    page.get_by_role("link", name="Reprogramar meta de P1").click()
    expect(page.get_by_label("Nueva meta")).to_have_value("9")  # 2.400.000.000 ÷ 250.000.000 = 9,6 → 9
    page.get_by_label("Justificación").fill("Reducción del techo de noviembre: se ajusta la meta al costo unitario.")
    page.get_by_role("button", name="Enviar a aprobación de la Dirección").click()
    expect(page.get_by_text("Reprogramación enviada a la Dirección para su aprobación.")).to_be_visible()
    reprogramming = TargetReprogramming.objects.get()

    _switch(page, director)
    page.goto(f"/presupuesto/reprogramaciones/{reprogramming.pk}/")
    page.get_by_role("button", name="Aprobar reprogramación").click()
    expect(page.get_by_text("Decisión registrada.")).to_be_visible()
    expect(page.locator("h1 .tag")).to_have_text("Aprobada")

    page.goto("/plan-accion/2026/")
    expect(page.get_by_test_id("goal-P1")).to_have_text("9")
    page.goto("/presupuesto/2026/")
    expect(page.get_by_text(re.compile("Metas que ya no caben"))).to_have_count(0)

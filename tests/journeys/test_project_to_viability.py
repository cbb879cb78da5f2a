"""Journey (a): a project from formulation to viability. The lead formulates it and submits it;
the planner approves it and registers it in the bank; the Director grants viability. Every page
visited passes the axe-core check."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from tests import factories
from tests.journeys.steps import click, menu, sign_in

pytestmark = pytest.mark.browser

NAME = "Vivienda nueva en Manrique"
DETAIL = re.compile(r"/proyectos/\d+/(#.*)?$")


def _open_project(page, a11y):
    menu(page, a11y, "Proyectos")
    click(page, a11y, "link", NAME, wait=DETAIL)


def _act(page, a11y, label, **fields):
    click(page, a11y, "link", label)
    for field_label, value in fields.items():
        page.get_by_label(field_label).fill(value)
    click(page, a11y, "button", label, wait="**/proyectos/*/#trazabilidad")


def test_project_goes_from_formulation_to_viability(page, a11y, lead, planner, director):
    program = factories.program()
    factories.org_unit()
    factories.indicator("4.2.1.1", the_program=program, name="Viviendas nuevas iniciadas", unit="Viviendas")

    page.goto("/")
    sign_in(page, a11y, lead)
    menu(page, a11y, "Proyectos")
    click(page, a11y, "link", "Nuevo proyecto")
    page.get_by_label("Nombre del proyecto").fill(NAME)
    page.get_by_label("Programa del plan").select_option(label="4.2.1 Vivienda nueva")
    page.get_by_label("Dependencia responsable").select_option(label="Subdirección de Dotación de Vivienda")
    page.get_by_label("Fecha de inicio").fill("2025-01-01")
    page.get_by_label("Fecha de fin").fill("2026-12-31")
    click(page, a11y, "button", "Guardar", wait=DETAIL)

    click(page, a11y, "link", "Editar problema y objetivos")
    page.get_by_label("Problema central").fill("Hogares sin vivienda propia en la comuna 3")
    page.get_by_label("Objetivo general").fill("Entregar viviendas nuevas")
    page.get_by_label("Población afectada (personas)").fill("5000")
    page.get_by_label("Población objetivo (personas)").fill("1200")
    click(page, a11y, "button", "Guardar", wait=DETAIL)
    click(page, a11y, "link", "Editar territorios")
    page.get_by_label("3 - Manrique", exact=True).fill("100")
    click(page, a11y, "button", "Guardar", wait=DETAIL)
    click(page, a11y, "link", "Agregar producto")
    page.get_by_label("Código del producto").fill("P1")
    page.get_by_label("Nombre del producto").fill("Viviendas nuevas entregadas")
    page.get_by_label("Indicador de producto").select_option(label="4.2.1.1 Viviendas nuevas iniciadas (Viviendas)")
    page.get_by_label("Meta física 2025").fill("40")
    click(page, a11y, "button", "Guardar", wait=DETAIL)
    click(page, a11y, "link", "Agregar actividad")
    page.get_by_label("Producto").select_option(label="P1 Viviendas nuevas entregadas")
    page.get_by_label("Actividad").fill("Construcción de las viviendas")
    page.get_by_label("Costo 2025").fill("1.000.000")
    page.get_by_label("Costo 2026").fill("500.000")
    click(page, a11y, "button", "Guardar", wait=DETAIL)
    expect(page.get_by_test_id("total-cost")).to_have_text("$ 1.500.000")
    _act(page, a11y, "Enviar a revisión")
    expect(page.get_by_test_id("project-state")).to_have_text("En revisión")

    sign_in(page, a11y, planner)
    _open_project(page, a11y)
    _act(page, a11y, "Aprobar")
    expect(page.get_by_test_id("project-state")).to_have_text("Aprobado")
    _act(page, a11y, "Inscribir en el banco",
         **{"Código BPIN": "2025050010321", "Fecha de inscripción": timezone.localdate().isoformat()})
    expect(page.get_by_text("BPIN 2025050010321")).to_be_visible()

    sign_in(page, a11y, director)
    _open_project(page, a11y)
    _act(page, a11y, "Otorgar viabilidad")
    expect(page.get_by_test_id("project-state")).to_have_text("Viable")

    items = page.get_by_test_id("timeline").locator("li")
    expect(items).to_have_count(4)
    for index, (state, who) in enumerate([("En revisión", "Luis Líder"), ("Aprobado", "Paula Planeación"),
                                          ("Inscrito", "Paula Planeación"), ("Viable", "Diego Director")]):
        assert items.nth(index).inner_text().startswith(state) and who in items.nth(index).inner_text()
    project = Project.objects.get(name=NAME)
    assert (project.state, project.bank_code, project.lead) == ("viable", "2025050010321", lead)
    assert len(a11y.checked) >= 25

"""In a real browser: a lead formulates a project with two products and submits it; a planner
returns it; the lead corrects and resubmits; the planner approves and registers it; the Director
grants viability; the timeline shows every step with names and dates."""
import pytest
from django.utils import timezone

from projects.models import Project
from tests import factories
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _login_as(page, user):
    page.context.clear_cookies()
    browser_login(page, user)


def _act(page, project, label, **fields):
    page.goto(f"/proyectos/{project.pk}/")
    page.get_by_role("link", name=label, exact=True).click()
    for field_label, value in fields.items():
        page.get_by_label(field_label).fill(value)
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_url(f"**/proyectos/{project.pk}/#trazabilidad")


def test_lead_formulates_and_the_project_goes_through_review_to_viability(page, lead, planner, director):
    program = factories.program()
    factories.org_unit()
    factories.indicator("4.2.1.1", the_program=program, name="Viviendas nuevas iniciadas", unit="Viviendas")
    factories.indicator("4.2.1.2", the_program=program, name="Hogares con subsidio", unit="Hogares")

    _login_as(page, lead)
    page.goto("/proyectos/")
    page.get_by_role("link", name="Nuevo proyecto").click()
    page.get_by_label("Nombre del proyecto").fill("Vivienda nueva en Manrique")
    page.get_by_label("Programa del plan").select_option(label="4.2.1 Vivienda nueva")
    page.get_by_label("Dependencia responsable").select_option(label="Subdirección de Dotación de Vivienda")
    page.get_by_label("Fecha de inicio").fill("2025-01-01")
    page.get_by_label("Fecha de fin").fill("2026-12-31")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url("**/proyectos/*/")
    project = Project.objects.get(name="Vivienda nueva en Manrique")

    page.get_by_role("link", name="Editar problema y objetivos").click()
    page.get_by_label("Problema central").fill("Hogares sin vivienda propia en la comuna 3")
    page.get_by_label("Objetivo general").fill("Entregar viviendas nuevas")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("link", name="Editar territorios").click()
    page.get_by_label("3 - Manrique", exact=True).fill("100")
    page.get_by_role("button", name="Guardar").click()
    for code, name, indicator, goal in (("P1", "Viviendas nuevas entregadas", "4.2.1.1 Viviendas nuevas iniciadas (Viviendas)", "40"),
                                        ("P2", "Subsidios asignados", "4.2.1.2 Hogares con subsidio (Hogares)", "120")):
        page.get_by_role("link", name="Agregar producto").click()
        page.get_by_label("Código del producto").fill(code)
        page.get_by_label("Nombre del producto").fill(name)
        page.get_by_label("Indicador de producto").select_option(label=indicator)
        page.get_by_label("Meta física 2025").fill(goal)
        page.get_by_role("button", name="Guardar").click()
        page.get_by_role("link", name="Agregar actividad").click()
        page.get_by_label("Producto").select_option(label=f"{code} {name}")
        page.get_by_label("Actividad").fill(f"Ejecución de {name.lower()}")
        page.get_by_label("Costo 2025").fill("1.000.000")
        page.get_by_label("Costo 2026").fill("500.000")
        page.get_by_role("button", name="Guardar").click()
    assert page.get_by_test_id("total-cost").inner_text() == "$ 3.000.000"
    _act(page, project, "Enviar a revisión")
    assert page.get_by_test_id("project-state").inner_text() == "En revisión"
    assert page.get_by_role("link", name="Editar problema y objetivos").count() == 0

    _login_as(page, planner)
    _act(page, project, "Devolver", **{"Comentario (obligatorio)": "Precise la población objetivo."})
    assert page.get_by_test_id("project-state").inner_text() == "Devuelto"

    _login_as(page, lead)
    page.goto(f"/proyectos/{project.pk}/")
    page.get_by_role("link", name="Editar problema y objetivos").click()
    page.get_by_label("Población afectada (personas)").fill("5000")
    page.get_by_label("Población objetivo (personas)").fill("1200")
    page.get_by_role("button", name="Guardar").click()
    _act(page, project, "Enviar a revisión", Comentario="Población precisada.")

    _login_as(page, planner)
    _act(page, project, "Aprobar")
    _act(page, project, "Inscribir en el banco", **{"Código BPIN": "2025050010321", "Fecha de inscripción": timezone.localdate().isoformat()})
    assert "BPIN 2025050010321" in page.content()

    _login_as(page, director)
    _act(page, project, "Otorgar viabilidad")
    assert page.get_by_test_id("project-state").inner_text() == "Viable"

    items = page.get_by_test_id("timeline").locator("li")
    assert items.count() == 6
    today = timezone.localdate().strftime("%d/%m/%Y")
    expected = [("En revisión", "Luis Líder"), ("Devuelto", "Paula Planeación"), ("En revisión", "Luis Líder"),
                ("Aprobado", "Paula Planeación"), ("Inscrito", "Paula Planeación"), ("Viable", "Diego Director")]
    for index, (state, who) in enumerate(expected):
        text = items.nth(index).inner_text()
        assert text.startswith(state) and who in text and today in text
    assert "Precise la población objetivo." in items.nth(1).inner_text()

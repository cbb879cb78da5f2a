"""Bad input is refused with a clear Spanish message and nothing is saved."""
import pytest

from projects.models import Activity, ActivityCost, Product, Project, ProjectTerritory
from tests import factories
from tests.projects.builders import complete_project, set_territories


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200, "the form must be shown again"
    return response.content.decode()


def test_product_indicator_of_another_program_is_refused(login, lead):
    project = factories.project(lead=lead)
    other = factories.indicator("4.3.1.1", the_program=factories.program("4.3.1", "Mejoramiento"), name="Mejoramientos")
    page = _post(login(lead), f"/proyectos/{project.pk}/productos/nuevo/", {
        "version": project.version, "code": "P1", "name": "Viviendas", "indicator": other.pk, "unit": "",
        "goal_2024": "5",
    })
    assert "El indicador «4.3.1.1» no pertenece al programa del proyecto (4.2.1 Vivienda nueva)." in page
    assert 'value="Viviendas"' in page, "what was typed is shown again"
    assert not Product.objects.exists()


def test_only_the_programs_product_indicators_are_offered(login, lead):
    project = factories.project(lead=lead)
    own = factories.indicator(the_program=project.program, name="Viviendas iniciadas")
    other = factories.indicator("4.3.1.1", the_program=factories.program("4.3.1", "Mejoramiento"), name="Mejoramientos")
    page = login(lead).get(f"/proyectos/{project.pk}/productos/nuevo/").content.decode()
    assert "Viviendas iniciadas" in page and "Mejoramientos" not in page
    assert own.pk != other.pk


def test_participatory_project_without_territory_is_refused(login, lead):
    program, unit = factories.program(), factories.org_unit()
    page = _post(login(lead), "/proyectos/nuevo/", {
        "name": "PP Comuna 1", "program": program.pk, "org_unit": unit.pk, "funding_kind": "participatory",
        "start_date": "2025-01-01", "end_date": "2025-12-31",
    })
    assert "Un proyecto de presupuesto participativo debe estar en exactamente una comuna o corregimiento." in page
    assert not Project.objects.exists()


def test_participatory_project_with_two_territories_is_refused(login, lead):
    project = factories.project(lead=lead, funding_kind="participatory", territory_code=1)
    page = _post(login(lead), f"/proyectos/{project.pk}/territorios/", {
        "version": project.version, "share_1": "50", "share_2": "50",
    })
    assert "Un proyecto de presupuesto participativo debe estar en exactamente una comuna o corregimiento." in page
    assert list(project.territories.values_list("territory_id", "share")) == [(1, 100)]


def test_participatory_project_is_never_city_wide(login, lead):
    project = factories.project(lead=lead, funding_kind="participatory", territory_code=1)
    page = _post(login(lead), f"/proyectos/{project.pk}/territorios/", {"version": project.version, "share_0": "100"})
    assert "no puede ir a «Ciudad (sin georreferenciar)»" in page
    assert list(project.territories.values_list("territory_id", flat=True)) == [1]


def test_territory_shares_must_add_up_to_100(login, lead):
    project = factories.project(lead=lead, territory_code=3)
    page = _post(login(lead), f"/proyectos/{project.pk}/territorios/", {
        "version": project.version, "share_1": "60", "share_2": "30,5",
    })
    assert "Las participaciones de los territorios deben sumar 100 % (hoy suman 90,5 %)." in page
    assert list(ProjectTerritory.objects.filter(project=project).values_list("territory_id", flat=True)) == [3]


def test_territory_shares_adding_up_to_100_are_saved(login, lead):
    project = factories.project(lead=lead)
    response = login(lead).post(f"/proyectos/{project.pk}/territorios/", {
        "version": project.version, "share_0": "40", "share_8": "60",
    })
    assert response.status_code == 302
    assert sorted(project.territories.values_list("territory_id", "share")) == [(0, 40), (8, 60)]


def test_negative_cost_is_refused(login, lead):
    project = complete_project(lead=lead)
    product = project.products.get()
    before = project.version
    page = _post(login(lead), f"/proyectos/{project.pk}/actividades/nueva/", {
        "version": before, "product": product.pk, "name": "Interventoría", "cost_2024": "-5.000", "cost_2025": "1.000",
    })
    assert "El costo no puede ser negativo." in page
    assert not Activity.objects.filter(name="Interventoría").exists()
    project.refresh_from_db()
    assert project.version == before


def test_end_before_start_is_refused(login, lead):
    project = factories.project(lead=lead)
    page = _post(login(lead), f"/proyectos/{project.pk}/datos-generales/", {
        "version": project.version, "name": "Otro nombre", "program": project.program_id, "org_unit": project.org_unit_id,
        "funding_kind": "ordinary", "start_date": "2026-01-01", "end_date": "2025-12-31",
    })
    assert "La fecha de fin no puede ser anterior a la fecha de inicio." in page
    project.refresh_from_db()
    assert project.name != "Otro nombre"


def test_end_before_start_is_refused_by_the_service_too(lead):
    import datetime as dt

    from isvimed_planning.workflow import DomainError
    from projects import services

    project = factories.project(lead=lead)
    with pytest.raises(DomainError) as exc:
        services.project_update_general(
            project=project, by=lead, version=project.version, name="X", program=project.program,
            org_unit=project.org_unit, start_date=dt.date(2026, 1, 1), end_date=dt.date(2025, 1, 1),
            funding_kind="ordinary",
        )
    assert exc.value.message == "La fecha de fin no puede ser anterior a la fecha de inicio."
    project.refresh_from_db()
    assert project.name != "X" and project.version == 1


def test_activity_costs_give_totals_per_product_and_year(login, lead):
    project = complete_project(lead=lead)
    product = project.products.get()
    response = login(lead).post(f"/proyectos/{project.pk}/actividades/nueva/", {
        "version": project.version, "product": product.pk, "name": "Interventoría", "cost_2024": "1.234.567,50",
    })
    assert response.status_code == 302
    assert ActivityCost.objects.get(activity__name="Interventoría").amount == __import__("decimal").Decimal("1234567.50")
    page = login(lead).get(f"/proyectos/{project.pk}/").content.decode()
    # 1.000.000 + 1.234.567,50 in 2024, 2.500.000 in 2025
    assert "$ 2.234.568" in page and "$ 2.500.000" in page
    total = page.split('data-testid="total-cost">')[1].split("<")[0]
    assert total == "$ 4.734.568"


def test_lead_cannot_edit_once_submitted_but_planner_can(login, lead, planner):
    project = complete_project(lead=lead, state="in_review")
    assert login(lead).get(f"/proyectos/{project.pk}/mga/").status_code == 403
    response = login(planner).post(f"/proyectos/{project.pk}/mga/", {"version": project.version, "problem": "Hacinamiento"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.problem == "Hacinamiento"


def test_lead_edits_again_when_returned(login, lead):
    project = complete_project(lead=lead, state="returned")
    set_territories(project, {1: "100"})
    response = login(lead).post(f"/proyectos/{project.pk}/territorios/", {"version": project.version, "share_2": "100"})
    assert response.status_code == 302
    assert list(project.territories.values_list("territory_id", flat=True)) == [2]

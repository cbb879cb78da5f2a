"""Project.version is an optimistic lock: a save based on an old version is refused."""
from projects.models import Product
from tests import factories
from tests.projects.builders import complete_project

STALE = "Otra persona modificó este proyecto mientras usted lo editaba. Revise los cambios y vuelva a intentarlo."


def _mga(version, problem):
    return {"version": version, "problem": problem, "general_objective": "Reducir el déficit"}


def test_second_save_based_on_an_old_version_is_refused(login, lead, planner):
    project = factories.project(lead=lead)
    lead_client, planner_client = login(lead), login(planner)
    # Both open the form and see the same version.
    for client in (lead_client, planner_client):
        page = client.get(f"/proyectos/{project.pk}/mga/").content.decode()
        assert f'name="version" value="{project.version}"' in page
    first = planner_client.post(f"/proyectos/{project.pk}/mga/", _mga(project.version, "Texto de Planeación"))
    assert first.status_code == 302
    second = lead_client.post(f"/proyectos/{project.pk}/mga/", _mga(project.version, "Texto del líder"))
    assert second.status_code == 200
    page = second.content.decode()
    assert STALE in page
    assert "Texto del líder" in page, "what the user typed is kept so they can compare"
    project.refresh_from_db()
    assert project.problem == "Texto de Planeación"
    assert project.version == 2


def test_stale_section_save_does_not_add_a_product(login, lead, planner):
    project = complete_project(lead=lead)
    old = project.version
    login(planner).post(f"/proyectos/{project.pk}/mga/", _mga(old, "Cambio"))
    indicator = project.products.get().indicator
    response = login(lead).post(f"/proyectos/{project.pk}/productos/nuevo/", {
        "version": old, "code": "P2", "name": "Mejoramientos", "indicator": indicator.pk, "goal_2024": "3",
    })
    assert STALE in response.content.decode()
    assert not Product.objects.filter(code="P2").exists()


def test_stale_transition_is_refused(login, lead, planner):
    project = complete_project(lead=lead, state="in_review")
    old = project.version
    login(planner).post(f"/proyectos/{project.pk}/mga/", _mga(old, "Cambio"))
    response = login(planner).post(f"/proyectos/{project.pk}/accion/approve/", {"version": old})
    assert STALE in response.content.decode()
    project.refresh_from_db()
    assert project.state == "in_review"

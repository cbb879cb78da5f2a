"""Who sees which project: a lead sees only their own; read-only roles see everything."""
import pytest

from projects.selectors import get_project_for_user, visible_projects
from tests import factories


@pytest.fixture
def two_projects(lead, lead2):
    return factories.project(lead=lead, name="De Luis"), factories.project(lead=lead2, name="De Lina")


def test_lead_sees_only_own_projects_in_list_and_detail(login, lead, two_projects):
    own, other = two_projects
    client = login(lead)
    page = client.get("/proyectos/").content.decode()
    assert "De Luis" in page and "De Lina" not in page
    assert client.get(f"/proyectos/{own.pk}/").status_code == 200
    assert client.get(f"/proyectos/{other.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/proyectos/{pk}/datos-generales/", "/proyectos/{pk}/mga/", "/proyectos/{pk}/territorios/",
                                 "/proyectos/{pk}/productos/nuevo/", "/proyectos/{pk}/ficha.pdf",
                                 "/proyectos/{pk}/accion/submit/"])
def test_lead_cannot_open_another_leads_project_for_editing(login, lead, two_projects, url):
    _, other = two_projects
    assert login(lead).get(url.format(pk=other.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["planner", "director", "finance", "reader", "sysadmin"])
def test_read_all_roles_see_every_project(request, persona, two_projects):
    user = request.getfixturevalue(persona)
    assert set(visible_projects(user)) == set(two_projects)
    assert get_project_for_user(user, two_projects[1].pk) == two_projects[1]


def test_outsider_sees_nothing(login, outsider, two_projects):
    assert not visible_projects(outsider).exists()
    assert login(outsider).get(f"/proyectos/{two_projects[0].pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["director", "finance", "reader"])
def test_read_only_roles_get_no_edit_links_and_are_refused_editing(request, login, persona, two_projects):
    user = request.getfixturevalue(persona)
    client = login(user)
    page = client.get(f"/proyectos/{two_projects[0].pk}/").content.decode()
    assert "Editar datos generales" not in page
    assert client.get(f"/proyectos/{two_projects[0].pk}/datos-generales/").status_code == 403
    assert client.get("/proyectos/nuevo/").status_code == 403

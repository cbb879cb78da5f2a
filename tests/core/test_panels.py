"""A later app adds a section to the project page without the projects app importing it."""
import pytest
from django.test import override_settings

from isvimed_planning import panels
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_panel(tmp_path):
    (tmp_path / "panel.html").write_text("<section><h2>{{ panel.title }}</h2></section>", encoding="utf-8")
    seen = []

    def context(request, project):
        seen.append(request.user.username)
        return {"title": f"Panel de {project.name}"} if project.name != "Sin panel" else None

    panels.register("project", order=999, template="panel.html", context=context)
    yield seen
    panels._PANELS["project"] = [p for p in panels._PANELS["project"] if p.template != "panel.html"]


def _dirs(tmp_path):
    from django.conf import settings

    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [*templates[0]["DIRS"], tmp_path]}
    return templates


def test_a_registered_panel_shows_on_the_project_page_for_whoever_may_see_it(login, lead, extra_panel, tmp_path):
    project = factories.project(lead=lead, name="Viviendas nuevas")
    with override_settings(TEMPLATES=_dirs(tmp_path)):
        page = login(lead).get(f"/proyectos/{project.pk}/").content.decode()
    assert "<h2>Panel de Viviendas nuevas</h2>" in page
    assert extra_panel == [lead.username]


def test_a_panel_with_nothing_to_show_is_left_out(login, lead, extra_panel, tmp_path):
    project = factories.project(lead=lead, name="Sin panel")
    with override_settings(TEMPLATES=_dirs(tmp_path)):
        page = login(lead).get(f"/proyectos/{project.pk}/").content.decode()
    assert "Panel de" not in page

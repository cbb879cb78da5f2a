"""For those who see every project, the project list's table is rendered once per change and kept:
a project renamed, placed in a territory or costed shows on the very next view; a lead never gets
that table, only their own projects."""
from decimal import Decimal

from isvimed_planning.models import Territory
from projects.models import Activity, ActivityCost, ProjectTerritory
from tests import factories

URL = "/proyectos/"


def _row(page: str, name: str) -> str:
    return page.split('data-testid="project-list"')[1].split(name)[1].split("</tr>")[0]


def test_what_changes_a_project_shows_on_the_next_view(login, planner, lead):
    project = factories.project(lead=lead, name="Proyecto Pedregal")
    client = login(planner)
    assert "—" in _row(client.get(URL).content.decode(), "Proyecto Pedregal")  # no territory yet

    ProjectTerritory.objects.create(project=project, territory=Territory.objects.get(code=6), share=100)
    activity = Activity.objects.create(product=factories.product(project), name="Construcción")
    ActivityCost.objects.create(activity=activity, year=2026, amount=Decimal("2500000"))
    row = _row(client.get(URL).content.decode(), "Proyecto Pedregal")
    assert "Doce de Octubre" in row and "$ 2.500.000" in row

    project.name = "Proyecto Pedregal Alto"
    project.save()
    assert "Proyecto Pedregal Alto" in client.get(URL).content.decode()


def test_a_lead_sees_only_their_projects_after_the_planner(login, planner, lead, lead2):
    factories.project(lead=lead, name="Proyecto Pedregal")
    factories.project(lead=lead2, name="Proyecto Moravia")
    everything = login(planner).get(URL).content.decode()
    assert "Proyecto Pedregal" in everything and "Proyecto Moravia" in everything

    mine = login(lead).get(URL).content.decode()
    assert "Proyecto Pedregal" in mine and "Proyecto Moravia" not in mine
    assert "1 proyecto<" in mine

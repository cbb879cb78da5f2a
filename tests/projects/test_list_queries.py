"""The project list uses a constant number of queries, with filters and search."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.projects.builders import complete_project, set_territories


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_list_queries_do_not_grow_with_projects(login, planner, lead):
    client = login(planner)
    for i in range(2):
        complete_project(lead=lead, name=f"Proyecto A{i}")
    small, _ = _count(client, "/proyectos/")
    for i in range(10):
        p = complete_project(lead=lead, name=f"Proyecto B{i}")
        set_territories(p, {1: "50", 2: "50"})
    big, page = _count(client, "/proyectos/")
    assert small == big
    assert "Proyecto B9" in page and "Popular" in page


def test_filters_and_search(login, planner, lead, lead2):
    other_program = factories.program("4.3.1", "Mejoramiento de vivienda")
    complete_project(lead=lead, name="Vivienda nueva Robledo", territory_code=7)
    complete_project(lead=lead2, name="Mejoramiento Manrique", the_program=other_program, territory_code=3,
                     funding_kind="participatory", state="in_review")
    client = login(planner)

    def names(query):
        page = client.get("/proyectos/?" + query).content.decode()
        body = page.split('data-testid="project-list"')[1]
        return {n for n in ("Vivienda nueva Robledo", "Mejoramiento Manrique") if n in body}

    assert names(f"program={other_program.pk}") == {"Mejoramiento Manrique"}
    assert names("state=in_review") == {"Mejoramiento Manrique"}
    assert names(f"lead={lead.pk}") == {"Vivienda nueva Robledo"}
    assert names("funding_kind=participatory") == {"Mejoramiento Manrique"}
    assert names("territory=7") == {"Vivienda nueva Robledo"}
    assert names("q=robledo") == {"Vivienda nueva Robledo"}
    assert names(f"org_unit={factories.org_unit().pk}") == {"Vivienda nueva Robledo", "Mejoramiento Manrique"}
    assert names("") == {"Vivienda nueva Robledo", "Mejoramiento Manrique"}

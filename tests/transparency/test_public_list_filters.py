"""The public project list: only projects in execution or closed, filtered by program,
territory, funding kind and state, and searched by name or BPIN."""
from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _names(client, query: str = "") -> list[str]:
    response = client.get(f"/ciudadania/proyectos/{query}")
    assert response.status_code == 200
    return [p.name for p in response.context["projects"]]


@pytest.fixture
def projects(lead):
    vivienda = factories.program("4.2.1", "Vivienda nueva")
    barrios = factories.program("4.2.2", "Mejoramiento de barrios")
    factories.project(lead=lead, state="in_execution", name="Torres de Pajarito", the_program=vivienda, territory_code=7,
                      bank_code="2024050010901")
    factories.project(lead=lead, state="closed", name="Titulación Santa Elena", the_program=barrios, territory_code=90,
                      funding_kind="participatory")
    factories.project(lead=lead, state="in_execution", name="Mejoramiento Moravia", the_program=barrios, territory_code=4,
                      funding_kind="participatory")
    factories.project(lead=lead, state="viable", name="Proyecto aún no ejecutado", the_program=vivienda, territory_code=7)
    return vivienda, barrios


def test_the_list_shows_only_public_projects(client, projects):
    assert sorted(_names(client)) == ["Mejoramiento Moravia", "Titulación Santa Elena", "Torres de Pajarito"]


def test_each_filter_narrows_the_list(client, projects):
    vivienda, barrios = projects
    assert _names(client, f"?programa={vivienda.pk}") == ["Torres de Pajarito"]
    assert _names(client, "?territorio=90") == ["Titulación Santa Elena"]
    assert sorted(_names(client, "?recurso=participatory")) == ["Mejoramiento Moravia", "Titulación Santa Elena"]
    assert _names(client, "?estado=closed") == ["Titulación Santa Elena"]
    assert _names(client, f"?programa={barrios.pk}&estado=in_execution") == ["Mejoramiento Moravia"]


def test_search_by_name_or_bpin(client, projects):
    assert _names(client, "?q=moravia") == ["Mejoramiento Moravia"]
    assert _names(client, "?q=0901") == ["Torres de Pajarito"]
    assert _names(client, "?q=no+existe") == []


def test_a_state_that_is_not_public_is_not_a_choice(client, projects):
    # A value outside the choices leaves the filter out (as in every list): no private project shows.
    names = _names(client, "?estado=viable")
    assert "Proyecto aún no ejecutado" not in names


def test_the_list_is_paginated(client, lead):
    program = factories.program()
    for k in range(30):
        factories.project(lead=lead, state="in_execution", name=f"Proyecto {k:02d}", the_program=program)
    html = client.get("/ciudadania/proyectos/").content.decode()
    assert "Página 1 de 2" in html
    assert len(client.get("/ciudadania/proyectos/?pagina=2").context["projects"]) == 5

"""Only planners edit, only the director approves; everyone with a role reads; POSTs refused with 403."""
import pytest
from django.urls import reverse

from strategy.models import Indicator, StrategicLine
from tests import factories
from tests.strategy.builders import indicator_post, plan_with_platform


@pytest.fixture
def data(db):
    plan, platform = plan_with_platform(mission="Misión inicial")
    program = factories.program("4.2.1")
    ind = factories.indicator("4.2.1.1", the_program=program, targets={2024: "10"})
    stake = platform.stakeholders.create(name="Hogares", expectations="Vivienda digna")
    return {"plan": plan, "platform": platform, "program": program, "indicator": ind, "stake": stake}


def _edit_posts(d):
    plan, program, ind, platform = d["plan"], d["program"], d["indicator"], d["platform"]
    line, comp = program.component.line, program.component
    return [
        (reverse("strategy:plan_create"), {"name": "Otro", "first_year": "2028"}),
        (reverse("strategy:plan_edit", args=[plan.pk]), {"name": "X", "first_year": "2024"}),
        (reverse("strategy:line_create", args=[plan.pk]), {"code": "9", "name": "Nueva"}),
        (reverse("strategy:line_edit", args=[line.pk]), {"code": "4", "name": "Cambiada"}),
        (reverse("strategy:component_create", args=[plan.pk]), {"line": line.pk, "code": "4.9", "name": "C"}),
        (reverse("strategy:component_edit", args=[comp.pk]), {"line": line.pk, "code": "4.2", "name": "C"}),
        (reverse("strategy:program_create", args=[plan.pk]), {"component": comp.pk, "code": "4.2.9", "name": "P"}),
        (reverse("strategy:program_edit", args=[program.pk]), {"component": comp.pk, "code": "4.2.1", "name": "P"}),
        (reverse("strategy:node_delete", args=["programa", program.pk]), {}),
        (reverse("strategy:indicator_create", args=[plan.pk]), indicator_post(program, code="4.2.1.9")),
        (reverse("strategy:indicator_edit", args=[ind.pk]), indicator_post(program, code="4.2.1.1", target_2024="99")),
        (reverse("strategy:indicator_delete", args=[ind.pk]), {}),
        (reverse("strategy:platform_edit", args=[platform.pk]), {"mission": "Cambiada"}),
        (reverse("strategy:platform_item_create", args=[platform.pk, "grupos"]), {"name": "Nuevo"}),
        (reverse("strategy:platform_item_edit", args=[platform.pk, "grupos", d["stake"].pk]), {"name": "Cambiado"}),
        (reverse("strategy:platform_item_delete", args=[platform.pk, "grupos", d["stake"].pk]), {}),
        (reverse("strategy:platform_new_version", args=[plan.pk]), {}),
        (reverse("strategy:instrument_create", args=[plan.pk]), {"kind": "law", "reference": "Ley 1"}),
    ]


def _snapshot():
    ind = Indicator.objects.get()
    return (
        StrategicLine.objects.count(), Indicator.objects.count(), ind.name,
        list(ind.annual_targets.values_list("year", "value")),
    )


@pytest.mark.parametrize("persona", ["reader", "lead", "director", "finance", "outsider"])
def test_non_planners_cannot_change_anything(persona, data, login, request):
    user = request.getfixturevalue(persona)
    client = login(user)
    before = _snapshot()
    for url, body in _edit_posts(data):
        response = client.post(url, body)
        assert response.status_code == 403, url
    assert _snapshot() == before
    data["platform"].refresh_from_db()
    assert data["platform"].mission == "Misión inicial"
    assert data["platform"].stakeholders.count() == 1


@pytest.mark.parametrize("persona", ["reader", "lead", "finance", "director"])
def test_readers_see_the_plan_without_edit_buttons(persona, data, login, request):
    client = login(request.getfixturevalue(persona))
    tree = client.get(reverse("strategy:index")).content.decode()
    assert "4.2.1.1" in tree and "Indicador 4.2.1.1" in tree
    for label in ("Nueva línea", "Nuevo componente", "Nuevo programa", "Nuevo indicador", "Editar", "Eliminar"):
        assert label not in tree
    page = client.get(reverse("strategy:indicator", args=[data["indicator"].pk])).content.decode()
    assert "Editar indicador" not in page
    platform_page = client.get(reverse("strategy:platform", args=[data["platform"].pk])).content.decode()
    assert "Misión inicial" in platform_page and "Editar textos" not in platform_page
    assert "Agregar grupo de interés" not in platform_page


def test_planner_sees_edit_buttons(data, planner, login):
    tree = login(planner).get(reverse("strategy:index")).content.decode()
    for label in ("Nueva línea", "Nuevo componente", "Nuevo programa", "Nuevo indicador"):
        assert label in tree


def test_only_the_director_sees_and_uses_approve(data, planner, director, login):
    url = reverse("strategy:platform", args=[data["platform"].pk])
    assert "Aprobar versión 1" not in login(planner).get(url).content.decode()
    assert login(planner).post(reverse("strategy:platform_approve", args=[data["platform"].pk])).status_code == 403
    assert "Aprobar versión 1" in login(director).get(url).content.decode()
    login(director).post(reverse("strategy:platform_approve", args=[data["platform"].pk]))
    data["platform"].refresh_from_db()
    assert data["platform"].state == "approved"


def test_users_without_role_and_anonymous_cannot_read(data, outsider, login, client):
    assert login(outsider).get(reverse("strategy:index")).status_code == 403
    assert login(outsider).get(reverse("strategy:indicators")).status_code == 403
    response = client.get(reverse("strategy:index"))
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]

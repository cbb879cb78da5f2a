"""Filter bars (GET): a value that is not one of the choices is ignored — the page still opens and
lists everything, as if that filter were empty — instead of failing."""
import datetime as dt

import pytest

from tests import factories
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db


def test_project_list_ignores_an_unknown_state(login, planner, lead):
    factories.project(lead=lead, name="Viviendas nuevas Comuna 8")
    response = login(planner).get("/proyectos/", {"state": "inventado", "territory": "abc"})
    assert response.status_code == 200
    assert "Viviendas nuevas Comuna 8" in response.content.decode()


def test_request_list_ignores_an_unknown_view(login, planner):
    req = info_request(received_on=dt.date.today() - dt.timedelta(days=2))
    response = login(planner).get("/rendicion/solicitudes/", {"vista": "todas-las-vencidas", "tipo": "zzz"})
    assert response.status_code == 200
    assert req.filing_number in response.content.decode()


def test_follow_up_dashboard_falls_back_to_the_current_month_on_a_bad_year(login, planner):
    response = login(planner).get("/seguimiento/", {"anio": "dos mil", "mes": "13"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="dos mil"' not in page
    assert response.context["form"].is_bound is False

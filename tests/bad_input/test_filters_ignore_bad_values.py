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


def test_a_bad_value_leaves_out_only_its_own_filter(login, planner, lead):
    shown = factories.project(lead=lead, name="Mejoramiento de vivienda Robledo", state="in_execution")
    hidden = factories.project(lead=lead, name="Titulación de predios Belén")
    page = login(planner).get("/proyectos/", {"state": shown.state, "territory": "abc"}).content.decode()
    assert shown.name in page and hidden.name not in page


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


HUGE = "99999999999999999999"  # wider than a 64-bit integer: an OverflowError in the database driver
SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no


def _filters(p, HUGE):
    """(address, query) of every page that reads an integer id or number from its query string."""
    from strategy.models import Component, StrategicLine

    project = factories.project(lead=p["lead"], name="Viviendas nuevas Comuna 8")
    plan = project.program.plan
    line = StrategicLine.objects.create(plan=plan, code="9", name="Otra línea")
    Component.objects.create(plan=plan, line=line, code="9.1", name="Otro componente")
    req = info_request(received_on=dt.date.today() - dt.timedelta(days=2))
    return [
        ("/proyectos/presupuesto-participativo/", {"territorio": HUGE}),
        ("/proyectos/", {"territory": HUGE}),
        ("/proyectos/", {"program": HUGE}),
        ("/proyectos/", {"org_unit": HUGE}),
        ("/proyectos/", {"lead": HUGE}),
        ("/proyectos/", {"pagina": HUGE}),
        (f"/proyectos/{project.pk}/actividades/nueva/", {"producto": HUGE}),
        ("/seguimiento/", {"anio": HUGE, "mes": HUGE}),
        ("/seguimiento/reportes/", {"anio": HUGE, "mes": HUGE, "pagina": HUGE}),
        ("/seguimiento/indicadores/", {"anio": HUGE, "plan": HUGE, "programa": HUGE}),
        ("/seguimiento/matrices/", {"pagina": HUGE}),
        ("/rendicion/solicitudes/", {"pagina": HUGE}),
        (f"/rendicion/solicitudes/{req.pk}/responder/", {"vigencia": HUGE, "corte": "2025-12-31"}),
        ("/rendicion/concejo/", {"pagina": HUGE}),
        ("/estrategia/", {"plan": HUGE}),
        ("/estrategia/indicadores/", {"plan": HUGE}),
        ("/estrategia/indicadores/", {"program": HUGE, "org_unit": HUGE}),
        (f"/estrategia/planes/{plan.pk}/componentes/nuevo/", {"linea": HUGE}),
        (f"/estrategia/planes/{plan.pk}/programas/nuevo/", {"componente": HUGE}),
        (f"/estrategia/planes/{plan.pk}/indicadores/nuevo/", {"programa": HUGE}),
        (f"/estrategia/planes/{plan.pk}/plataforma/comparar/", {"a": HUGE, "b": HUGE}),
        ("/presupuesto/2026/", {"pagina": HUGE}),
        ("/presupuesto/2026/costos-unitarios/", {"pagina": HUGE}),
        ("/plan-accion/2026/", {"pagina": HUGE}),
        ("/ans/", {"paso": HUGE}),
    ]


@pytest.mark.parametrize("value", [HUGE, SUPERSCRIPT], ids=["huge", "superscript"])
def test_every_filter_ignores_a_number_it_cannot_use(value, login, planner, lead):
    """An id that names nothing is ignored (the page opens) or the page is a 404, never a 500."""
    from tests.budget.builders import fiscal_year

    fiscal_year(2026)
    browser = login(planner)
    failures = []
    for url, query in _filters({"lead": lead}, value):
        try:
            status = browser.get(url, query).status_code
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what would be a 500
            status = f"{type(exc).__name__}: {exc}"
        if status not in (200, 404):
            failures.append((url, query, status))
    assert not failures


def test_participatory_meetings_ignore_a_huge_territory(login, planner):
    response = login(planner).get("/proyectos/presupuesto-participativo/", {"territorio": HUGE})
    assert response.status_code == 200


def test_accountability_report_list_ignores_an_unknown_state(login, planner):
    from accountability import services

    services.report_create(by=planner, year=2025, title="Rendición de cuentas 2025", period_end=dt.date(2025, 6, 30))
    response = login(planner).get("/rendicion/informes/", {"estado": "inventado"})
    assert response.status_code == 200
    assert "Rendición de cuentas 2025" in response.content.decode()

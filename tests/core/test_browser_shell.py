"""The application shell in a real browser: login in Spanish, navigation by step, notices."""
import pytest

from isvimed_planning.models import Notice
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_planner_logs_in_navigates_the_steps_and_reads_a_notice(page, planner):
    Notice.objects.create(recipient=planner, kind="project", key="n1", title="Proyecto enviado a revisión", url="/proyectos/")
    browser_login(page, planner)
    assert page.get_by_role("heading", name="Hola, Paula Planeación").is_visible()
    nav = page.get_by_role("navigation", name="Pasos del procedimiento P-GE-01")
    for label in ("Formulación estratégica", "Proyectos", "Presupuesto", "Plan de acción", "Seguimiento", "Rendición de cuentas"):
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_test_id("unread-count").inner_text() == "1"
    page.get_by_title("Avisos").click()
    page.get_by_role("button", name="Proyecto enviado a revisión").click()
    page.wait_for_url("**/proyectos/")
    assert page.get_by_test_id("unread-count").count() == 0


def test_static_assets_are_served_by_the_application(page, db):
    response = page.goto("/cuenta/ingresar/")
    assert response.status == 200
    css = page.request.get(page.base_url + "/static/css/app.css")
    assert css.status == 200
    assert "--green" in css.text()

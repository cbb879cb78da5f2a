"""The Director's home page is his work queue: the projects registered awaiting his viability
decision, the goal reprogrammings awaiting approval, the action plan in draft to approve and the
accountability reports sent for his approval; each count links to the filtered list."""
import pytest

from .builders import card, director_work, page_html

pytestmark = pytest.mark.django_db


def test_the_director_sees_the_decisions_awaiting_him(login, director, planner, lead):
    director_work(7, lead=lead, planner=planner)
    html = page_html(login(director).get("/"))
    projects = card(html, "projects")
    assert '<a href="/proyectos/?state=registered">7 proyectos inscritos por decidir su viabilidad</a>' in projects
    assert "por revisar" not in projects
    reprogrammings = card(html, "reprogrammings")
    assert '<a href="/presupuesto/#pending-title">7 reprogramaciones de metas por aprobar</a>' in reprogrammings
    assert reprogrammings.count('href="/presupuesto/reprogramaciones/') == 5  # the first five
    assert ('<a href="/plan-accion/">1 plan de acción por aprobar</a>' in card(html, "action-plans"))
    assert ('<a href="/rendicion/informes/?estado=awaiting">1 informe de rendición de cuentas por aprobar</a>'
            in card(html, "accountability-reports"))
    assert "borrador por enviar" not in card(html, "accountability-reports")  # Planeación's step
    for other in ("reports", "requests", "ceilings"):
        assert f'data-testid="queue-{other}"' not in html


def test_the_filtered_report_list_shows_the_report_awaiting_approval(login, director, planner, lead):
    director_work(1, lead=lead, planner=planner)
    html = login(director).get("/rendicion/informes/?estado=awaiting").content.decode()
    assert "Rendición de cuentas 2024" in html and "Primer trimestre 2025" not in html


def test_nothing_awaiting_the_director_is_said(login, director):
    html = page_html(login(director).get("/"))
    assert "No tiene proyectos por decidir su viabilidad." in card(html, "projects")
    assert "No tiene reprogramaciones de metas por aprobar." in card(html, "reprogrammings")
    assert "No tiene planes de acción por aprobar." in card(html, "action-plans")
    assert "No tiene informes de rendición de cuentas por aprobar." in card(html, "accountability-reports")


@pytest.mark.parametrize("n", [1, 6])
def test_the_director_home_page_runs_the_same_queries_whatever_the_rows(login, director, planner, lead, n,
                                                                         django_assert_num_queries):
    director_work(n, lead=lead, planner=planner)
    client = login(director)
    client.get("/")
    with django_assert_num_queries(DIRECTOR_QUERIES):
        page_html(client.get("/"))


DIRECTOR_QUERIES = 9  # session, user, roles, notices; projects 1, reprogrammings 2, plans 1, accountability reports 1

"""Planeación's home page is its work queue: the monthly reports sent for review, the projects
to review and to register, the information requests by due date (overdue and due this week
counted and flagged), the accountability report and the action plan in draft, the ANS clocks
overdue and at risk; each count links
to the list filtered by it, and an empty queue says so."""
import pytest

from .builders import card, page_html, planner_work

pytestmark = pytest.mark.django_db


def test_the_planner_sees_what_waits_for_review(login, planner, lead, lead2):
    planner_work(5, lead=lead, lead2=lead2)
    html = page_html(login(planner).get("/"))
    assert html.index('data-testid="work-queue"') < html.index('data-testid="go-to"')  # the queue leads

    reports = card(html, "reports")
    assert '<a href="/seguimiento/reportes/?estado=submitted">5 reportes por revisar</a>' in reports

    projects = card(html, "projects")
    assert '<a href="/proyectos/?state=in_review">5 proyectos por revisar</a>' in projects
    assert '<a href="/proyectos/?state=approved">5 proyectos aprobados por inscribir en el banco</a>' in projects
    assert "viabilidad" not in projects  # the Director's decision

    requests = card(html, "requests")
    assert '<li class="queue-count urgent"><a href="/rendicion/solicitudes/?vista=vencidas">5 solicitudes vencidas</a></li>' in requests
    assert '<a href="/rendicion/solicitudes/?vista=semana">5 solicitudes vencen esta semana</a>' in requests
    assert '<a href="/rendicion/solicitudes/?vista=pendientes">15 solicitudes sin responder</a>' in requests
    # The next five by due date, the most overdue first.
    assert requests.count("vence el") == 5
    first = requests.split('class="queue-rows"')[1].split("</li>")[0]
    assert "Vencida 4" in first and "Vencida, vence el 29/03/2025" in first and 'class="urgent"' in first
    assert "Ya respondida" not in requests

    assert ('<a href="/rendicion/informes/?estado=draft">1 informe en borrador por enviar a aprobación</a>'
            in card(html, "accountability-reports"))
    plans = card(html, "action-plans")
    assert '<a href="/plan-accion/">1 plan de acción en borrador</a>' in plans
    assert '<a href="/plan-accion/2025/">Plan de acción 2025</a>' in plans
    ans = card(html, "ans")
    assert '<li class="queue-count urgent"><a href="/ans/#open-clocks">5 plazos ANS vencidos</a></li>' in ans
    assert '<a href="/ans/#open-clocks">5 plazos ANS en riesgo</a>' in ans


def test_the_filtered_lists_show_what_the_counts_say(login, planner, lead, lead2):
    planner_work(2, lead=lead, lead2=lead2)
    client = login(planner)
    reports = client.get("/seguimiento/reportes/?estado=submitted").content.decode()
    assert reports.count("Proyecto de Lina") == 2
    overdue = client.get("/rendicion/solicitudes/?vista=vencidas").content.decode()
    assert "Vencida 0" in overdue and "Vencida 1" in overdue and "Esta semana" not in overdue


def test_an_empty_queue_says_so(login, planner):
    html = page_html(login(planner).get("/"))
    assert '<li class="queue-empty muted">No tiene reportes por revisar.</li>' in card(html, "reports")
    projects = card(html, "projects")
    assert "No tiene proyectos por revisar." in projects and "No tiene proyectos por inscribir en el banco." in projects
    requests = card(html, "requests")
    for text in ("No tiene solicitudes vencidas.", "No tiene solicitudes que venzan esta semana.",
                 "No tiene solicitudes sin responder."):
        assert text in requests
    assert "No tiene informes en borrador." in card(html, "accountability-reports")
    assert "No tiene planes de acción en borrador." in card(html, "action-plans")
    assert "No tiene plazos ANS vencidos." in card(html, "ans") and "No tiene plazos ANS en riesgo." in card(html, "ans")


@pytest.mark.parametrize("n", [1, 6])
def test_the_planner_home_page_runs_the_same_queries_whatever_the_rows(login, planner, lead, lead2, n,
                                                                        django_assert_num_queries):
    planner_work(n, lead=lead, lead2=lead2)
    client = login(planner)
    client.get("/")  # the session and the caches are warm
    with django_assert_num_queries(PLANNER_QUERIES):
        page_html(client.get("/"))


PLANNER_QUERIES = 12  # session, user, roles, notices; reports 1, projects 1, requests 2, accountability reports 1,
# plans 1, ANS 2

"""A lead's home page is their work queue: the reports of the cycle being reported they still owe
(monitoring.reporting_duty), their reports and projects returned for correction, and their
cuadre findings (monitoring's card); never another lead's items."""
import pytest

from monitoring.models import ProgressReport
from tests import factories

from .builders import card, lead_projects, page_html

pytestmark = pytest.mark.django_db


def lead_work(n: int, *, lead, lead2) -> None:
    """For each lead: n projects owing March without a report, one with a pending report, one
    already sent, one February report returned, one project returned; and a project in
    formulation (owes nothing)."""
    for who, name in ((lead, "Luis"), (lead2, "Lina")):
        lead_projects(who, n, name=f"Sin reporte de {name}")
        pending, sent = lead_projects(who, 2, name=f"Con reporte de {name}")
        ProgressReport.objects.create(project=pending, year=2025, month=3, state="pending")
        ProgressReport.objects.create(project=sent, year=2025, month=3, state="submitted")
        ProgressReport.objects.create(project=sent, year=2025, month=2, state="returned")
        factories.project(lead=who, state="returned", name=f"Devuelto de {name}")
        factories.project(lead=who, state="formulation", name=f"En formulación de {name}")


def test_the_lead_sees_the_reports_to_send_and_what_came_back(login, lead, lead2):
    lead_work(3, lead=lead, lead2=lead2)
    html = page_html(login(lead).get("/"))
    reports = card(html, "reports")
    assert '<a href="/seguimiento/?anio=2025&amp;mes=3">4 reportes por enviar de marzo de 2025</a>' in reports
    assert ('<li class="queue-count urgent"><a href="/seguimiento/reportes/?estado=returned">'
            "1 reporte devuelto para corregir</a></li>") in reports
    assert "por revisar" not in reports  # Planeación's queue
    projects = card(html, "projects")
    assert '<a href="/proyectos/?state=returned">1 proyecto devuelto para corregir</a>' in projects
    assert "por revisar" not in projects and "viabilidad" not in projects
    for other in ("requests", "accountability-reports", "action-plans", "reprogrammings", "ceilings"):
        assert f'data-testid="queue-{other}"' not in html


def test_the_filtered_lists_show_only_the_leads_own_items(login, lead, lead2):
    lead_work(1, lead=lead, lead2=lead2)
    client = login(lead)
    returned = client.get("/seguimiento/reportes/?estado=returned").content.decode()
    assert "Con reporte de Luis 1" in returned and "Lina" not in returned
    projects = client.get("/proyectos/?state=returned").content.decode()
    assert "Devuelto de Luis" in projects and "Lina" not in projects


def test_a_lead_with_nothing_waiting_is_told_so(login, lead, lead2):
    lead_work(2, lead=lead2, lead2=lead2)  # everything is Lina's
    html = page_html(login(lead).get("/"))
    reports = card(html, "reports")
    assert "No tiene reportes por enviar de marzo de 2025." in reports
    assert "No tiene reportes devueltos para corregir." in reports
    assert "No tiene proyectos devueltos para corregir." in card(html, "projects")


@pytest.mark.parametrize("n", [1, 6])
def test_the_lead_home_page_runs_the_same_queries_whatever_the_rows(login, lead, lead2, n, django_assert_num_queries):
    lead_work(n, lead=lead, lead2=lead2)
    client = login(lead)
    client.get("/")
    with django_assert_num_queries(LEAD_QUERIES):
        page_html(client.get("/"))


LEAD_QUERIES = 11  # session, user, roles, notices; reports 5 (cycle, my_reports 2, returned), projects 1, cuadre 2

"""A lead sees and edits only the reports of the projects they lead; anything else is a 404."""
import pytest

from monitoring.selectors import get_report_for_user, visible_reports
from tests.monitoring.builders import edit_data, period, report, reporting_project


@pytest.fixture
def others_report(lead2):
    return report(reporting_project(lead=lead2, name="Proyecto de Lina"), state="pending")


def test_lead_cannot_see_another_leads_report(login, lead, others_report):
    client = login(lead)
    assert client.get(f"/seguimiento/reportes/{others_report.pk}/").status_code == 404
    assert "Proyecto de Lina" not in client.get("/seguimiento/reportes/").content.decode()
    evidence = others_report.evidence.get()
    assert client.get(f"/seguimiento/evidencias/{evidence.pk}/descargar/").status_code == 404


def test_lead_cannot_edit_another_leads_report(login, lead, others_report):
    client = login(lead)
    assert client.get(f"/seguimiento/reportes/{others_report.pk}/editar/").status_code == 404
    response = client.post(f"/seguimiento/reportes/{others_report.pk}/editar/", edit_data(others_report, committed="5"))
    assert response.status_code == 404
    assert client.post(f"/seguimiento/reportes/{others_report.pk}/accion/submit/", {"version": 1}).status_code == 404
    evidence = others_report.evidence.get()
    assert client.post(f"/seguimiento/evidencias/{evidence.pk}/eliminar/", {"version": 1}).status_code == 404
    others_report.refresh_from_db()
    assert others_report.committed == 1000000 and others_report.state == "pending"
    assert others_report.evidence.count() == 1


def test_lead_cannot_open_a_report_on_another_leads_project(login, lead, lead2):
    project = reporting_project(lead=lead2)
    period(month=3)
    response = login(lead).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/3/")
    assert response.status_code == 404
    assert not project.reports.exists()


def test_lead_sees_and_edits_own_report(login, lead, others_report):
    mine = report(reporting_project(lead=lead, name="Proyecto de Luis"))
    client = login(lead)
    assert client.get(f"/seguimiento/reportes/{mine.pk}/").status_code == 200
    listing = client.get("/seguimiento/reportes/").content.decode()
    assert "Proyecto de Luis" in listing and "Proyecto de Lina" not in listing
    assert list(visible_reports(lead)) == [mine]
    assert get_report_for_user(lead, mine.pk) == mine


@pytest.mark.parametrize("persona", ["planner", "director", "finance", "reader", "sysadmin"])
def test_read_all_roles_see_every_report(request, login, persona, others_report):
    user = request.getfixturevalue(persona)
    assert login(user).get(f"/seguimiento/reportes/{others_report.pk}/").status_code == 200


def test_user_without_role_sees_nothing(login, outsider, others_report):
    client = login(outsider)
    assert client.get(f"/seguimiento/reportes/{others_report.pk}/").status_code == 404
    assert client.get("/seguimiento/").status_code == 403
    assert not visible_reports(outsider).exists()


def test_anonymous_is_sent_to_login(client, others_report):
    response = client.get(f"/seguimiento/reportes/{others_report.pk}/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


@pytest.mark.parametrize("persona", ["director", "finance", "reader"])
def test_read_only_roles_cannot_edit_a_report(request, login, persona, others_report):
    user = request.getfixturevalue(persona)
    response = login(user).post(f"/seguimiento/reportes/{others_report.pk}/editar/", edit_data(others_report, committed="5"))
    assert response.status_code == 403
    others_report.refresh_from_db()
    assert others_report.committed == 1000000

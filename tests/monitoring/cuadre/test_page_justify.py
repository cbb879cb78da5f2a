"""Planeación justifies an alert of the cuadre with a comment, may change it and withdraw it, and
every state is kept in history; errors cannot be justified (no control, and a forged form is
refused in Spanish); an empty comment shows the form again; other roles are refused."""
from __future__ import annotations

import pytest

from monitoring.models import FindingJustification
from tests import factories

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db
PAGE = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"
JUSTIFY = "/seguimiento/cuadre/justificar/"
WITHDRAW = "/seguimiento/cuadre/retirar-justificacion/"


@pytest.fixture
def project(monkeypatch, lead):
    a = factories.project(lead=lead, name="Vivienda nueva")
    computed(monkeypatch, [
        finding("CU01", project=a, message="Avance físico en marzo sin compromisos."),
        finding("CU05", project=a, message="Falta el reporte de marzo."),
    ])
    return a


def _post(project, rule="CU01", comment="Compromisos registrados en abril.", **extra):
    return {"anio": "2025", "corte": "2025-03-31", "regla": rule, "tipo": "project", "objeto": str(project.pk),
            "comentario": comment, "filtros": "severidad=alerta", **extra}


def test_the_planner_justifies_an_alert_changes_and_withdraws_it_with_history(login, planner, project):
    browser = login(planner)
    page = browser.get(PAGE).content.decode()
    alert_row = page.split('data-finding="CU01:project:')[1].split("</tr>")[0]
    error_row = page.split('data-finding="CU05:project:')[1].split("</tr>")[0]
    assert "<summary>Justificar</summary>" in alert_row
    assert "Justificar" not in error_row and "Debe corregirse" in error_row

    response = browser.post(JUSTIFY, _post(project))
    assert response.status_code == 302
    assert response["Location"] == "/seguimiento/cuadre/?anio=2025&corte=2025-03-31&severidad=alerta"
    page = browser.get(PAGE).content.decode()
    assert "Compromisos registrados en abril." in page
    assert "Hallazgos abiertos: 1 error, 0 alertas" in page

    response = browser.post(WITHDRAW, _post(project))
    assert response.status_code == 302
    assert not FindingJustification.objects.exists()
    browser.post(JUSTIFY, _post(project, comment="El contrato se firmó el 2 de abril."))
    assert FindingJustification.objects.get().comment == "El contrato se firmó el 2 de abril."
    browser.post(WITHDRAW, _post(project))
    history = list(FindingJustification.history.order_by("history_id").values_list("history_type", "comment"))
    assert history == [("+", "Compromisos registrados en abril."), ("-", "Compromisos registrados en abril."),
                       ("+", "El contrato se firmó el 2 de abril."), ("-", "El contrato se firmó el 2 de abril.")]
    page = browser.get(PAGE).content.decode()
    assert "Hallazgos abiertos: 1 error, 1 alerta" in page
    row = page.split('data-finding="CU01:project:')[1].split("</tr>")[0]
    assert "Retirada por Paula Planeación: El contrato se firmó el 2 de abril." in row
    assert "Justificada por Paula Planeación: Compromisos registrados en abril." in row


def test_an_alert_justified_meanwhile_is_not_overwritten(login, planner, project):
    from monitoring import cuadre_services

    cuadre_services.finding_justify(year=2025, rule="CU01", object_kind="project", object_id=project.pk,
                                    comment="Justificada en otra pestaña.", by=planner)
    response = login(planner).post(JUSTIFY, _post(project))
    assert response.status_code == 400
    assert "Esa alerta ya está justificada: retire la justificación para cambiarla." in response.content.decode()
    assert FindingJustification.objects.get().comment == "Justificada en otra pestaña."


def test_a_forged_justification_of_an_error_is_refused_in_spanish(login, planner, project):
    response = login(planner).post(JUSTIFY, _post(project, rule="CU05"))
    assert response.status_code == 400
    assert "Los errores no se justifican: deben corregirse." in response.content.decode()
    assert not FindingJustification.objects.exists()


def test_an_empty_comment_shows_the_form_again_with_its_message_and_the_filters(login, planner, project):
    response = login(planner).post(JUSTIFY, _post(project, comment="   "))
    assert response.status_code == 400
    page = response.content.decode()
    row = page.split('data-finding="CU01:project:')[1].split("</tr>")[0]
    assert "<details open>" in row
    assert "Escriba la justificación." in row
    assert '<option value="alerta" selected>Alerta</option>' in page  # the filter posted is kept
    assert "Falta el reporte de marzo." not in page  # ...and applied
    assert not FindingJustification.objects.exists()


def test_a_finding_that_is_not_in_the_run_is_refused(login, planner, project):
    response = login(planner).post(JUSTIFY, _post(project, objeto="999999"))
    assert response.status_code == 400
    assert "Ese hallazgo no existe en el último cuadre de la vigencia." in response.content.decode()
    assert not FindingJustification.objects.exists()


def test_withdrawing_what_was_not_justified_says_so(login, planner, project):
    browser = login(planner)
    response = browser.post(WITHDRAW, _post(project), follow=True)
    assert "Ese hallazgo no estaba justificado." in response.content.decode()


@pytest.mark.parametrize("persona", ["lead", "lead2", "director", "finance", "reader", "sysadmin", "outsider"])
def test_other_roles_may_not_justify_or_withdraw(request, login, planner, project, persona):
    from monitoring import cuadre_services

    user = request.getfixturevalue(persona)
    browser = login(user)
    assert browser.post(JUSTIFY, _post(project)).status_code == 403
    cuadre_services.finding_justify(year=2025, rule="CU01", object_kind="project", object_id=project.pk,
                                    comment="Justificada por planeación.", by=planner)
    assert browser.post(WITHDRAW, _post(project)).status_code == 403
    assert FindingJustification.objects.get().comment == "Justificada por planeación."

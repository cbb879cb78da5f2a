"""Who sees and who handles information requests: planeacion (and admin) register and answer;
direccion, financiera and consulta read; leads, users without a role and anonymous see nothing."""
import datetime as dt

import pytest

from accountability.models import InformationRequest
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db

NEW = {
    "filing_number": "RAD-2026-0777", "received_on": "2026-03-27", "kind": "general", "channel": "email",
    "requester_name": "Ana Ruiz", "requester_kind": "citizen", "requester_email": "", "subject": "Subsidio",
    "description": "", "assignee": "",
}


@pytest.fixture
def req():
    return info_request(received_on=dt.date(2026, 3, 27))


@pytest.mark.parametrize("persona", ["planner", "director", "finance", "reader", "sysadmin"])
def test_reading_roles_see_the_list_and_the_request(request, login, persona, req):
    client = login(request.getfixturevalue(persona))
    assert req.filing_number in client.get("/rendicion/solicitudes/").content.decode()
    page = client.get(f"/rendicion/solicitudes/{req.pk}/")
    assert page.status_code == 200
    assert "21/04/2026" in page.content.decode()


@pytest.mark.parametrize("persona", ["lead", "outsider"])
def test_leads_and_users_without_role_see_nothing(request, login, persona, req):
    client = login(request.getfixturevalue(persona))
    assert client.get("/rendicion/").status_code == 403
    assert client.get("/rendicion/solicitudes/").status_code == 403
    assert client.get(f"/rendicion/solicitudes/{req.pk}/").status_code == 404
    assert client.get("/rendicion/concejo/").status_code == 403
    assert client.get("/rendicion/informes/").status_code == 403


def test_anonymous_is_sent_to_login_for_any_request_page(client, req):
    for url in ("/rendicion/", "/rendicion/solicitudes/", f"/rendicion/solicitudes/{req.pk}/",
                f"/rendicion/solicitudes/{req.pk}/respuesta/", "/rendicion/solicitudes/nueva/"):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"], url


@pytest.mark.parametrize("persona", ["director", "finance", "reader", "lead"])
def test_only_planning_registers_requests(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get("/rendicion/solicitudes/nueva/").status_code == 403
    assert client.post("/rendicion/solicitudes/nueva/", NEW).status_code == 403
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize("persona", ["planner", "sysadmin"])
def test_planning_and_admin_register_a_request_and_see_its_due_date(request, login, persona):
    client = login(request.getfixturevalue(persona))
    response = client.post("/rendicion/solicitudes/nueva/", NEW, follow=True)
    html = response.content.decode()
    assert "Solicitud registrada. Vence el 21/04/2026." in html
    assert InformationRequest.objects.get().due_date == dt.date(2026, 4, 21)


def test_readers_do_not_see_the_answer_buttons(login, reader, req):
    html = login(reader).get(f"/rendicion/solicitudes/{req.pk}/").content.decode()
    assert "Responder" not in html and "Prorrogar" not in html
    assert login(reader).get(f"/rendicion/solicitudes/{req.pk}/responder/").status_code == 403


def test_duplicate_filing_number_is_refused_next_to_the_field(login, planner, req):
    data = dict(NEW, filing_number=req.filing_number)
    response = login(planner).post("/rendicion/solicitudes/nueva/", data)
    html = response.content.decode()
    assert f"Ya existe una solicitud con el radicado {req.filing_number}." in html
    assert 'id="id_filing_number_error"' in html
    assert InformationRequest.objects.count() == 1


def test_future_received_date_is_refused(login, planner):
    response = login(planner).post("/rendicion/solicitudes/nueva/", dict(NEW, received_on="2050-01-05"))
    assert "La fecha de recibido no puede ser posterior a hoy." in response.content.decode()
    assert not InformationRequest.objects.exists()

"""Bad input on the life-cycle forms of a request: the Spanish refusal is shown next to its field,
what was typed is shown again, and nothing is saved."""
import datetime as dt

import pytest
import time_machine

from accountability.models import RequestState
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db
D = dt.date
NOON = dt.datetime(2026, 9, 1, 17, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def req():
    return info_request(received_on=D(2026, 8, 14))  # requirement term ends 31/08/2026


@time_machine.travel(NOON, tick=False)
def test_a_late_requirement_is_refused_next_to_its_date(login, planner, req):
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/requerir/", {
        "required_on": "2026-09-01", "requirement": "Indique su cédula.", "version": req.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_required_on_error"' in html
    assert "a más tardar el 31/08/2026." in html
    assert "Indique su cédula." in html
    req.refresh_from_db()
    assert req.state == RequestState.RECEIVED and req.required_on is None


@time_machine.travel(NOON, tick=False)
def test_a_transfer_without_the_authority_is_refused(login, planner, req):
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/trasladar/", {
        "transferred_to": "", "transferred_on": "2026-08-20", "notice": "No somos competentes.", "version": req.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_transferred_to_error"' in html
    assert "No somos competentes." in html
    req.refresh_from_db()
    assert req.state == RequestState.RECEIVED


@time_machine.travel(NOON, tick=False)
def test_a_completion_before_the_requirement_is_refused(login, planner):
    req = info_request(received_on=D(2026, 8, 14), state="incomplete", required_on=D(2026, 8, 20), requirement="Firme.")
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/completada/", {
        "completed_on": "2026-08-19", "version": req.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_completed_on_error"' in html
    assert "La fecha en que completó no puede ser anterior al requerimiento (20/08/2026)." in html
    req.refresh_from_db()
    assert req.state == RequestState.INCOMPLETE and req.completed_on is None


@time_machine.travel(NOON, tick=False)
def test_an_early_withdrawal_is_refused(login, planner):
    req = info_request(received_on=D(2026, 8, 14), state="incomplete", required_on=D(2026, 8, 20), requirement="Firme.")
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/desistimiento/", {
        "withdrawn_on": "2026-09-01", "notice": "Resolución 9.", "version": req.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_withdrawn_on_error"' in html
    assert "el desistimiento tácito se puede decretar desde el 21/09/2026." in html
    assert "Resolución 9." in html
    req.refresh_from_db()
    assert req.state == RequestState.INCOMPLETE


@time_machine.travel(NOON, tick=False)
def test_a_denial_without_its_ground_is_refused_next_to_the_ground(login, planner, req):
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/responder/", {
        "answered_on": "2026-09-01", "answer": "Se niega.", "outcome": "denied", "denial_ground": "",
        "version": req.version})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_denial_ground_error"' in html
    assert "Elija el fundamento legal de la negación (Ley 1712 de 2014, arts. 18 y 19)." in html
    req.refresh_from_db()
    assert req.state == RequestState.RECEIVED


def test_a_reader_cannot_transfer(login, reader, req):
    response = login(reader).post(f"/rendicion/solicitudes/{req.pk}/trasladar/", {
        "transferred_to": "Metro", "transferred_on": "2026-08-20", "notice": "x", "version": req.version})
    assert response.status_code == 403
    req.refresh_from_db()
    assert req.state == RequestState.RECEIVED

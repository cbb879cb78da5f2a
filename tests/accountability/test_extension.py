"""An extension (Ley 1755 de 2015, art. 14, parágrafo): notified before the term ends, never
beyond twice the original term, only once."""
import datetime as dt

import pytest

from accountability import services
from isvimed_planning.workflow import DomainError
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db
D = dt.date
NOTICE = "Se requiere consolidar información de tres subdirecciones; responderemos a más tardar en la nueva fecha."


@pytest.fixture
def req():
    # Received Fri 27/03/2026 (petición general): due 21/04/2026. Twice the term (30 business days):
    # 30/03-01/04 (3), 06-10/04 (8), 13-17/04 (13), 20-24/04 (18), 27-30/04 (22), 01/05 holiday,
    # 04-08/05 (27), 11-13/05 (30) → 13/05/2026.
    return info_request(received_on=D(2026, 3, 27), kind="general")


def test_extension_limit_is_twice_the_term(req):
    assert req.due_date == D(2026, 4, 21)
    assert services.extension_limit(req) == D(2026, 5, 13)


def test_extension_up_to_twice_the_term_is_accepted(planner, req):
    services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 13), notice=NOTICE, notified_on=D(2026, 4, 20))
    req.refresh_from_db()
    assert req.extended_due_date == D(2026, 5, 13)
    assert req.effective_due_date == D(2026, 5, 13)
    assert req.extension_notified_on == D(2026, 4, 20)


def test_extension_beyond_twice_the_term_is_refused(planner, req):
    with pytest.raises(DomainError) as exc:
        services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 14), notice=NOTICE, notified_on=D(2026, 4, 20))
    assert exc.value.message == (
        "La prórroga no puede superar el doble del término legal (Ley 1755 de 2015, art. 14): la fecha máxima es 13/05/2026."
    )
    req.refresh_from_db()
    assert req.extended_due_date is None


def test_extension_notified_after_the_term_is_refused(planner, req):
    with pytest.raises(DomainError) as exc:
        services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 5), notice=NOTICE, notified_on=D(2026, 4, 22))
    assert exc.value.message == "El aviso de prórroga debe enviarse antes de que venza el término legal (21/04/2026)."


def test_extension_needs_the_notice_text(planner, req):
    with pytest.raises(DomainError) as exc:
        services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 5), notice="  ", notified_on=D(2026, 4, 20))
    assert exc.value.message == "Escriba el aviso de prórroga enviado al solicitante, con los motivos de la demora."


def test_only_one_extension(planner, req):
    services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 5), notice=NOTICE, notified_on=D(2026, 4, 20))
    with pytest.raises(DomainError) as exc:
        services.request_extend(by=planner, request=req, new_due_date=D(2026, 5, 13), notice=NOTICE, notified_on=D(2026, 4, 20))
    assert exc.value.message == "La solicitud ya tiene una prórroga: la ley permite una sola."


def test_extension_form_shows_the_error_next_to_the_date_and_saves_nothing(login, planner, req):
    response = login(planner).post(
        f"/rendicion/solicitudes/{req.pk}/prorrogar/",
        {"new_due_date": "2026-05-20", "notified_on": "2026-04-20", "notice": NOTICE, "version": req.version},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_new_due_date_error"' in html
    assert "la fecha máxima es 13/05/2026." in html
    assert NOTICE in html  # what was typed is shown again
    req.refresh_from_db()
    assert req.extended_due_date is None


def test_reader_cannot_extend(login, reader, req):
    response = login(reader).post(
        f"/rendicion/solicitudes/{req.pk}/prorrogar/",
        {"new_due_date": "2026-05-05", "notified_on": "2026-04-20", "notice": NOTICE},
    )
    assert response.status_code == 403
    req.refresh_from_db()
    assert req.extended_due_date is None

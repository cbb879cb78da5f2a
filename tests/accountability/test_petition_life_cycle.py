"""The life cycle of a derecho de petición (Ley 1755 de 2015) walked with frozen time through its
terms, from a receipt on Friday 14/08/2026, the day before the Assumption bridge (Monday 17/08/2026
is a holiday). Hand-computed from the day after receipt, weekends and holidays skipped:

- transfer term, 5 business days (art. 21): 18, 19, 20, 21, 24/08 → 24/08/2026;
- requirement term, 10 business days (art. 17): ... 25, 26, 27, 28, 31/08 → 31/08/2026;
- answer term of a petición general, 15 business days (art. 14): ... 01–04/09, 07/09 → 07/09/2026.
"""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from accountability import selectors, services
from accountability.models import InformationRequest, PetitionerNotice, RequestState
from accountability.tasks import send_petitioner_notices
from isvimed_planning.workflow import DomainError
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = D(2026, 8, 14)


def at(day: dt.date):
    """Frozen at noon in Bogotá (17:00 UTC) of `day`."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 17, 0, tzinfo=dt.timezone.utc), tick=False)


@pytest.fixture
def sent(monkeypatch, django_capture_on_commit_callbacks):
    """E-mails leave when the service's transaction commits; the Celery task runs in-process."""
    monkeypatch.setattr(send_petitioner_notices, "delay", lambda ids: send_petitioner_notices(ids))

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()
    return run


@pytest.fixture
def req():
    return info_request(received_on=RECEIVED, kind="general", filing_number="RAD-2026-0100")


def test_terms_from_a_receipt_before_the_bridge(req):
    assert req.due_date == D(2026, 9, 7)
    assert services.transfer_limit(req) == D(2026, 8, 24)
    assert services.requirement_limit(req) == D(2026, 8, 31)


def test_the_acknowledgement_carries_the_radicado_and_the_due_date(planner, sent):
    with at(RECEIVED):
        req = sent(lambda: services.request_register(
            by=planner, filing_number="RAD-2026-0101", requester_name="María Pérez Gómez", requester_kind="citizen",
            requester_email="maria.perez@example.com", channel="email", received_on=RECEIVED, kind="general",
            subject="Estado de mi postulación al subsidio"))
    assert [m.subject for m in mail.outbox] == [
        "Radicado RAD-2026-0101: recibimos su petición (respuesta a más tardar el 07/09/2026)"]
    assert mail.outbox[0].to == ["maria.perez@example.com"]
    assert "recibida el 14/08/2026 con el radicado RAD-2026-0101" in mail.outbox[0].body
    notice = PetitionerNotice.objects.get(request=req)
    assert notice.kind == "acknowledgement"
    assert notice.sent_at == dt.datetime(2026, 8, 14, 17, 0, tzinfo=dt.timezone.utc)


def test_no_email_no_notice(planner, sent):
    with at(RECEIVED):
        sent(lambda: services.request_register(
            by=planner, filing_number="RAD-2026-0102", requester_name="Juan Ruiz", requester_kind="citizen",
            channel="physical", received_on=RECEIVED, kind="general", subject="Subsidio"))
    assert mail.outbox == []
    assert not PetitionerNotice.objects.exists()


def test_transfer_on_the_last_day_ends_the_request_and_tells_the_petitioner(planner, req, sent):
    with at(D(2026, 8, 24)):
        sent(lambda: services.request_transfer(
            by=planner, request=req, transferred_to="Secretaría de Movilidad de Medellín", transferred_on=D(2026, 8, 24),
            notice="Su petición trata de un trámite de tránsito."))
    req.refresh_from_db()
    assert req.state == RequestState.TRANSFERRED
    assert req.transferred_on == D(2026, 8, 24)
    assert [m.subject for m in mail.outbox] == [
        "Radicado RAD-2026-0100: su petición fue trasladada a Secretaría de Movilidad de Medellín"]
    assert req.transitions.get().to_state == "transferred"
    with at(D(2026, 9, 30)):  # long past its answer term: a transferred request is never overdue
        assert not selectors.overdue(InformationRequest.objects.all()).exists()
        assert selectors.request_status(req) == "transferred"
    with pytest.raises(DomainError) as exc:
        services.request_answer(by=planner, request=req, answer="x", answered_on=D(2026, 8, 25))
    assert exc.value.message == "La solicitud ya está cerrada (trasladada por competencia)."


def test_requirement_after_ten_business_days_is_refused(planner, req):
    with at(D(2026, 9, 1)):
        with pytest.raises(DomainError) as exc:
            services.request_require(by=planner, request=req, requirement="Indique la dirección.", required_on=D(2026, 9, 1))
    assert exc.value.message == (
        "El requerimiento debe hacerse dentro de los 10 días hábiles siguientes al recibo "
        "(Ley 1755 de 2015, art. 17): a más tardar el 31/08/2026.")
    req.refresh_from_db()
    assert req.state == RequestState.RECEIVED


def test_requirement_answered_on_the_last_day_restarts_the_whole_term(planner, req, sent):
    with at(D(2026, 8, 31)):
        sent(lambda: services.request_require(
            by=planner, request=req, requirement="Indique el número de su postulación.", required_on=D(2026, 8, 31)))
    req.refresh_from_db()
    assert req.state == RequestState.INCOMPLETE
    assert services.completion_limit(req) == D(2026, 9, 30)
    assert mail.outbox[-1].subject == "Radicado RAD-2026-0100: complete su petición"
    with at(D(2026, 9, 15)):  # past the original due date (07/09): the clock is suspended, not overdue
        qs = InformationRequest.objects.all()
        assert not selectors.overdue(qs).exists() and not selectors.due_this_week(qs).exists()
        assert selectors.pending(qs).get() == req
        assert selectors.request_status(req) == "incomplete"
    with at(D(2026, 9, 30)):
        with pytest.raises(DomainError) as exc:  # the petitioner's last day: too early to withdraw
            services.request_withdraw(by=planner, request=req, withdrawn_on=D(2026, 9, 30), notice="Archivo.")
        assert exc.value.message == (
            "El peticionario tiene un mes para completar su petición (Ley 1755 de 2015, art. 17): "
            "el desistimiento tácito se puede decretar desde el 01/10/2026.")
        services.request_complete(by=planner, request=req, completed_on=D(2026, 9, 30))
    req.refresh_from_db()
    # 15 business days from 01/10: 01-02/10 (2), 05-09/10 (7), 12/10 holiday, 13-16/10 (11), 19-22/10 (15).
    assert req.due_date == D(2026, 10, 22)
    assert req.original_due_date == D(2026, 9, 7)
    assert req.state == RequestState.RECEIVED  # nobody was given it yet
    with at(D(2026, 10, 23)):
        assert list(selectors.overdue(InformationRequest.objects.all())) == [req]


def test_tacit_withdrawal_after_a_month_without_answer(planner, req, sent):
    with at(D(2026, 8, 20)):
        sent(lambda: services.request_require(
            by=planner, request=req, requirement="Firme la petición.", required_on=D(2026, 8, 20)))
    with at(D(2026, 9, 21)):
        sent(lambda: services.request_withdraw(
            by=planner, request=req, withdrawn_on=D(2026, 9, 21), notice="Resolución 123 de 2026: archivo."))
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN
    assert [m.subject for m in mail.outbox] == [
        "Radicado RAD-2026-0100: complete su petición",
        "Radicado RAD-2026-0100: desistimiento tácito de su petición",
    ]
    assert list(req.petitioner_notices.values_list("kind", flat=True)) == ["requirement", "withdrawal"]
    with at(D(2026, 12, 1)):
        assert not selectors.overdue(InformationRequest.objects.all()).exists()


def test_extension_notice_reaches_the_petitioner(planner, req, sent):
    with at(D(2026, 9, 4)):
        sent(lambda: services.request_extend(
            by=planner, request=req, new_due_date=D(2026, 9, 21), notice="Consolidamos datos de tres áreas.",
            notified_on=D(2026, 9, 4)))
    assert [m.subject for m in mail.outbox] == ["Radicado RAD-2026-0100: prórroga de la respuesta hasta el 21/09/2026"]
    assert "Consolidamos datos de tres áreas." in mail.outbox[0].body


def test_a_documents_request_unanswered_in_its_term_is_taken_as_accepted(login, planner):
    docs = info_request(received_on=RECEIVED, kind="documents")
    assert docs.due_date == D(2026, 8, 31)  # 10 business days
    with at(D(2026, 8, 31)):
        assert services.copies_due_date(docs, D(2026, 8, 31)) is None
    with at(D(2026, 9, 1)):
        # Copies within 3 business days after the term: 01, 02, 03/09.
        assert services.copies_due_date(docs, D(2026, 9, 1)) == D(2026, 9, 3)
        html = login(planner).get(f"/rendicion/solicitudes/{docs.pk}/").content.decode()
    assert "las copias deben entregarse a más tardar el <strong>03/09/2026</strong>" in html


def test_a_denial_names_its_ground_and_the_remedy_and_carries_the_file(planner, req, sent, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.accountability.builders import PDF_BYTES

    upload = SimpleUploadedFile("respuesta.pdf", PDF_BYTES, content_type="application/pdf")
    with at(D(2026, 9, 3)):
        with pytest.raises(DomainError) as exc:
            services.request_answer(by=planner, request=req, answer="No.", answered_on=D(2026, 9, 3), outcome="denied")
        assert exc.value.message == "Elija el fundamento legal de la negación (Ley 1712 de 2014, arts. 18 y 19)."
        sent(lambda: services.request_answer(
            by=planner, request=req, answer="Se niega la copia de la historia social.", answered_on=D(2026, 9, 3),
            answer_file=upload, outcome="denied", denial_ground="privacy", denial_reason="Contiene datos de terceros."))
    req.refresh_from_db()
    assert (req.state, req.outcome, req.denial_ground) == ("answered", "denied", "privacy")
    message = mail.outbox[-1]
    assert message.subject == "Radicado RAD-2026-0100: respuesta a su petición"
    assert "Fundamento legal: Ley 1712 de 2014, Art. 18 a): derecho a la intimidad de las personas." in message.body
    assert "recurso de insistencia" in message.body
    assert message.attachments[0][0] == "respuesta.pdf"
    assert message.attachments[0][1] == PDF_BYTES


def test_ans_items_respect_the_new_states(planner, req):
    from accountability.deadlines import information_requests

    suspended = info_request(received_on=RECEIVED, required_on=D(2026, 8, 20), requirement="x", state="incomplete")
    with at(D(2026, 8, 24)):
        services.request_transfer(by=planner, request=req, transferred_to="Metro de Medellín",
                                  transferred_on=D(2026, 8, 24), notice="No es de nuestra competencia.")
    items = {i.obj.pk: i for i in information_requests(today=D(2026, 10, 1))}
    assert suspended.pk not in items  # a suspended clock does not run
    assert (items[req.pk].due, items[req.pk].completed_on) == (D(2026, 8, 24), D(2026, 8, 24))


def test_the_dashboard_counts_neither_suspended_nor_closed_requests_as_overdue(login, planner, req):
    info_request(received_on=RECEIVED, required_on=D(2026, 8, 20), requirement="x", state="incomplete")
    info_request(received_on=RECEIVED, transferred_on=D(2026, 8, 20), transferred_to="Metro", state="transferred")
    with at(D(2026, 9, 8)):  # the day after req's due date (07/09/2026)
        html = login(planner).get("/rendicion/").content.decode()
    assert 'data-testid="overdue-count">1<' in html  # req only
    assert 'data-testid="pending-count">2<' in html  # req and the suspended one

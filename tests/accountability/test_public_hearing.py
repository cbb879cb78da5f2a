"""The public hearing (Ley 1757 de 2015): citizens ask without logging in during the question
window, planning moderates and answers, the Director records the improvement commitments and
everyone follows them; the Concejo's commitments share the same follow-up. Time is frozen."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from accountability import services
from accountability.models import (
    CouncilCommitment,
    CouncilSession,
    HearingCommitment,
    HearingQuestion,
    PetitionerNotice,
)
from accountability.tasks import send_petitioner_notices
from isvimed_planning.agenda import token_of
from tests.accountability.builders import bogota, hearing as make_hearing

pytestmark = pytest.mark.django_db

IN_WINDOW = bogota(2026, 10, 1, 12)
AFTER_WINDOW = bogota(2026, 10, 11, 9)
BEFORE_WINDOW = bogota(2026, 9, 1, 9)
AFTER_HEARING = bogota(2026, 10, 20, 10)


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def hearing():
    return make_hearing()


@pytest.fixture
def sent(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(send_petitioner_notices, "delay", lambda ids: send_petitioner_notices(ids))

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def ask(client, hearing, text="¿Cuándo empiezan las obras de Pajarito?", **extra):
    data = {"text": text, "name": "Luz Marina Restrepo", "email": "luz@example.com", "territory": "", "sitio_web": ""}
    data.update(extra)
    return client.post(f"/rendicion/publico/audiencias/{hearing.pk}/preguntar/", data)


def public_page(client, hearing) -> str:
    response = client.get(f"/rendicion/publico/audiencias/{hearing.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_citizen_asks_during_the_window_and_the_question_waits_for_moderation(client, hearing, planner):
    with at(IN_WINDOW):
        page = public_page(client, hearing)
        assert "La recepción de preguntas está abierta hasta el 10/10/2026 18:00." in page
        response = ask(client, hearing)
        assert response.status_code == 302 and response["Location"] == f"/rendicion/publico/audiencias/{hearing.pk}/"
        page = client.get(response["Location"]).content.decode()

    assert "Recibimos su pregunta. Se publicará en esta página con su respuesta una vez sea moderada." in page
    question = HearingQuestion.objects.get()
    assert question.get_state_display() == "Pendiente de moderación" and question.email == "luz@example.com"
    assert "¿Cuándo empiezan las obras de Pajarito?" not in page  # nothing unmoderated is public
    assert planner.notices.filter(title="Nueva pregunta para la audiencia «Audiencia de rendición de cuentas 2026»").exists()


@pytest.mark.parametrize("moment, message", [
    (BEFORE_WINDOW, "La recepción de preguntas para esta audiencia abre el 15/09/2026 00:00."),
    (AFTER_WINDOW, "La recepción de preguntas para esta audiencia está cerrada: estuvo abierta del 15/09/2026 00:00 "
                   "al 10/10/2026 18:00."),
])
def test_a_question_outside_the_window_is_refused_keeping_what_was_typed(client, hearing, moment, message):
    with at(moment):
        assert "Enviar una pregunta" not in public_page(client, hearing)
        response = ask(client, hearing, text="¿Y el subsidio de arriendo?")

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "¿Y el subsidio de arriendo?" in html and "Luz Marina Restrepo" in html
    assert not HearingQuestion.objects.exists()


def test_an_empty_question_is_refused_in_spanish(client, hearing):
    with at(IN_WINDOW):
        response = ask(client, hearing, text="", email="no-es-correo")
    html = response.content.decode()
    assert "Este campo es obligatorio." in html and "Ingrese una dirección de correo electrónico válida." in html
    assert "no-es-correo" in html and not HearingQuestion.objects.exists()


def test_a_filled_honeypot_is_answered_like_success_and_discarded(client, hearing):
    with at(IN_WINDOW):
        response = ask(client, hearing, sitio_web="http://spam.example")
        page = client.get(response["Location"]).content.decode()

    assert response.status_code == 302
    assert "Recibimos su pregunta." in page
    assert not HearingQuestion.objects.exists()


def test_too_many_questions_from_one_address_get_429_in_spanish(client, hearing, settings):
    settings.HEARING_QUESTIONS_PER_ADDRESS = 2
    with at(IN_WINDOW):
        assert ask(client, hearing, text="Primera").status_code == 302
        assert ask(client, hearing, text="Segunda").status_code == 302
        response = ask(client, hearing, text="Tercera pregunta")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Ha enviado demasiadas preguntas desde su conexión. Vuelva a intentarlo en 60 minutos." in html
    assert "Tercera pregunta" in html
    assert HearingQuestion.objects.count() == 2


def test_planning_publishes_rejects_and_answers_and_only_moderated_questions_are_public(
    client, hearing, login, planner, sent,
):
    with at(IN_WINDOW):
        for text in ("Pregunta a publicar", "Pregunta ofensiva", "Pregunta a responder", "Pregunta sin moderar"):
            ask(client, hearing, text=text, email="luz@example.com" if "responder" in text else "")
    published, offensive, answered, _ = HearingQuestion.objects.order_by("id")
    staff = login(planner)
    base = "/rendicion/audiencias/preguntas"
    with at(AFTER_WINDOW):
        assert staff.post(f"{base}/{published.pk}/publish/", {"version": published.version}).status_code == 302
        refused = staff.post(f"{base}/{offensive.pk}/reject/", {"version": offensive.version, "comment": ""})
        assert "Escriba un comentario que explique la decisión." in refused.content.decode()
        assert staff.post(f"{base}/{offensive.pk}/reject/", {"version": offensive.version, "comment": "Lenguaje ofensivo"}).status_code == 302
        empty = staff.post(f"{base}/{answered.pk}/answer/", {"version": answered.version, "answer": " "})
        assert "Escriba la respuesta a la pregunta." in empty.content.decode()
        response = sent(lambda: staff.post(f"{base}/{answered.pk}/answer/", {
            "version": answered.version, "answer": "Las obras empiezan en enero de 2027."}))
        assert response.status_code == 302

    page = public_page(client, hearing)
    assert "Pregunta a publicar" in page and "Respuesta pendiente." in page
    assert "Pregunta a responder" in page and "Las obras empiezan en enero de 2027." in page
    assert "Pregunta ofensiva" not in page and "Lenguaje ofensivo" not in page
    assert "Pregunta sin moderar" not in page
    assert "luz@example.com" not in page
    # The citizen who left an e-mail gets the answer (recorded like a petitioner's notice).
    assert [m.to for m in mail.outbox] == [["luz@example.com"]]
    assert mail.outbox[0].subject == "Respuesta a su pregunta para la audiencia «Audiencia de rendición de cuentas 2026»"
    assert "Las obras empiezan en enero de 2027." in mail.outbox[0].body
    assert PetitionerNotice.objects.get().sent_at is not None


@pytest.mark.parametrize("persona", ["reader", "director", "lead"])
def test_only_planning_moderates(login, hearing, persona, request):
    question = HearingQuestion.objects.create(hearing=hearing, text="¿Pregunta?")
    user = request.getfixturevalue(persona)
    response = login(user).post(f"/rendicion/audiencias/preguntas/{question.pk}/publish/", {"version": 1})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.state == "pending"


def test_the_director_records_a_commitment_followed_to_completion_on_the_public_page(client, hearing, login, director, planner):
    staff = login(director)
    with at(AFTER_HEARING):
        response = staff.post(f"/rendicion/audiencias/{hearing.pk}/compromisos/nuevo/", {
            "description": "Publicar el cronograma de obras de Pajarito", "due_date": "30/11/2026",
            "responsible": "", "responsible_name": "",
        })
        assert "Elija el responsable o escriba su nombre." in response.content.decode()
        response = staff.post(f"/rendicion/audiencias/{hearing.pk}/compromisos/nuevo/", {
            "description": "Publicar el cronograma de obras de Pajarito", "due_date": "30/11/2026",
            "responsible": planner.pk,
        })
        assert response.status_code == 302
    commitment = HearingCommitment.objects.get()
    assert commitment.get_status_display() == "Pendiente" and commitment.created_by == director
    assert planner.notices.filter(title="Compromiso de la audiencia pública para el 30/11/2026").exists()
    url = f"/rendicion/compromisos/audiencia/{commitment.pk}/seguimiento/"
    with at(bogota(2026, 11, 5, 10)):
        assert staff.post(url, {"version": 1, "status": "in_progress", "delivered_on": "", "evidence_note": ""}).status_code == 302
        assert "En curso" in public_page(client, hearing)
        html = staff.post(url, {"version": 2, "status": "done", "delivered_on": "", "evidence_note": ""}).content.decode()
        assert "Escriba la fecha en que se cumplió el compromiso." in html
        html = staff.post(url, {"version": 2, "status": "done", "delivered_on": "04/11/2026", "evidence_note": ""}).content.decode()
        assert "Describa la evidencia del cumplimiento." in html
        html = staff.post(url, {"version": 2, "status": "done", "delivered_on": "10/10/2026",
                                "evidence_note": "Cronograma publicado"}).content.decode()
        assert "La fecha de entrega no puede ser anterior a la audiencia (15/10/2026)." in html
        assert staff.post(url, {"version": 2, "status": "done", "delivered_on": "04/11/2026",
                                "evidence_note": "Cronograma publicado en el sitio web"}).status_code == 302
        page = public_page(client, hearing)
    assert "Cumplido</span> el 04/11/2026" in page and "Cronograma publicado en el sitio web" in page


def test_readers_see_but_do_not_record_commitments(login, hearing, reader, lead, outsider, client):
    assert login(reader).get(f"/rendicion/audiencias/{hearing.pk}/").status_code == 200
    assert login(reader).post(f"/rendicion/audiencias/{hearing.pk}/compromisos/nuevo/", {}).status_code == 403
    # Like the Concejo's sessions: without a reading role the hearing is not there.
    assert login(lead).get(f"/rendicion/audiencias/{hearing.pk}/").status_code == 404
    assert login(outsider).get(f"/rendicion/audiencias/{hearing.pk}/").status_code == 404
    assert client.get(f"/rendicion/audiencias/{hearing.pk}/").status_code == 302


def test_concejo_and_hearing_commitments_share_one_follow_up_list(login, hearing, planner, reader, director):
    session = CouncilSession.objects.create(kind="ordinary", date=dt.date(2026, 9, 10), subject="Presupuesto 2027")
    council = CouncilCommitment.objects.create(session=session, description="Enviar el POAI", due_date=dt.date(2026, 9, 30))
    with at(AFTER_HEARING):
        services.hearing_commitment_add(by=director, hearing=hearing, description="Abrir mesa en Pajarito",
                                        due_date=dt.date(2026, 12, 1), responsible_name="Secretaría de Infraestructura")
        # The Concejo's commitment is followed through the same page.
        response = login(director).post(f"/rendicion/compromisos/concejo/{council.pk}/seguimiento/", {
            "version": council.version, "status": "done", "delivered_on": "29/09/2026", "evidence_note": "Oficio 123"})
        assert response.status_code == 302
        page = login(reader).get("/rendicion/compromisos/").content.decode()
    council.refresh_from_db()
    assert council.status == "done" and council.delivered_on == dt.date(2026, 9, 29)
    rows = page.split('data-testid="commitments"', 1)[1].split("</table>", 1)[0]
    assert rows.index("Abrir mesa en Pajarito") < rows.index("Enviar el POAI")  # pending first, done last
    assert "Audiencia pública" in rows and "Concejo" in rows
    assert "Secretaría de Infraestructura" in rows and "Cumplido</span> el 29/09/2026" in rows
    assert "Seguimiento" not in rows  # a reader does not record
    pending = login(reader).get("/rendicion/compromisos/", {"estado": "pending"}).content.decode()
    assert "Abrir mesa en Pajarito" in pending and "Enviar el POAI" not in pending


def test_the_hearing_window_must_close_before_the_hearing(login, planner):
    response = login(planner).post("/rendicion/audiencias/nueva/", {
        "title": "Audiencia 2026", "starts_at": "15/10/2026 15:00", "place": "Teatro Lido", "link": "",
        "report": "", "questions_open_at": "15/09/2026 00:00", "questions_close_at": "16/10/2026 00:00",
        "state": "scheduled",
    })
    html = response.content.decode()
    assert "Las preguntas deben cerrarse antes de la audiencia." in html and "16/10/2026 00:00" in html
    response = login(planner).post("/rendicion/audiencias/nueva/", {
        "title": "Audiencia 2026", "starts_at": "15/10/2026 15:00", "place": "Teatro Lido", "link": "",
        "report": "", "questions_open_at": "15/09/2026 00:00", "questions_close_at": "10/10/2026 18:00",
        "state": "scheduled",
    })
    assert response.status_code == 302


def test_the_calendar_shows_the_hearing_the_window_close_and_the_commitments(login, hearing, planner, director, client):
    commitment = HearingCommitment.objects.create(hearing=hearing, description="Publicar el cronograma",
                                                  due_date=dt.date(2026, 11, 30), responsible_name="Planeación")
    done = HearingCommitment.objects.create(hearing=hearing, description="Ya cumplido", due_date=dt.date(2026, 11, 20),
                                            status="done", delivered_on=dt.date(2026, 10, 16), evidence_note="Acta")
    with at(bogota(2026, 9, 20, 9)):
        page = login(planner).get("/agenda/", {"desde": "01/10/2026", "hasta": "31/12/2026"}).content.decode()
        feed = client.get(f"/agenda/{token_of(planner)}.ics").content.decode()

    def item(uid):
        return page.split(f'data-uid="{uid}"', 1)[1].split("</li>", 1)[0]

    assert "Audiencia pública: Audiencia de rendición de cuentas 2026" in item(f"audiencia-{hearing.pk}@isvimed-planning")
    assert "<strong>15/10/2026" in item(f"audiencia-{hearing.pk}@isvimed-planning")
    closes = item(f"audiencia-preguntas-{hearing.pk}@isvimed-planning")
    assert "<strong>10/10/2026</strong>" in closes and "Cierran las preguntas de la audiencia" in closes
    due = item(f"compromiso-audiencia-{commitment.pk}@isvimed-planning")
    assert "<strong>30/11/2026</strong>" in due and "Compromiso de la audiencia pública: Publicar el cronograma" in due
    assert f"compromiso-audiencia-{done.pk}@" not in page
    assert f"UID:audiencia-{hearing.pk}@isvimed-planning" in feed
    assert f"UID:compromiso-audiencia-{commitment.pk}@isvimed-planning" in feed

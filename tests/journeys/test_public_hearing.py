"""Journey: accountability as a dialogue (Ley 1757 de 2015). A citizen, without logging in, goes
from the transparency page to the public hearing and sends a question; a planner answers it; the
Director records an improvement commitment and marks it in progress; the citizen, still without
logging in, reads the answer and the commitment's status. Every page passes the axe-core check."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import HearingCommitment, HearingQuestion
from tests.accountability.builders import hearing
from tests.journeys.steps import click, menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.phone]  # also at 390 px (tests/journeys/conftest.py)

QUESTION = "¿Cuándo empiezan las obras de vivienda nueva en Pajarito?"
ANSWER = "Las obras empiezan en enero; el cronograma se publicará en este sitio."
COMMITMENT = "Publicar el cronograma de obras de Pajarito"
HEARING_PAGE = re.compile(r"/rendicion/audiencias/\d+/(#.*)?$")


def _as_citizen_to_the_hearing(page, a11y, title: str) -> None:
    page.goto("/transparencia/")
    a11y()
    click(page, a11y, "link", "Audiencias públicas: preguntas, respuestas y compromisos")
    click(page, a11y, "link", title, wait="**/rendicion/publico/audiencias/*/")


def test_a_citizen_asks_planning_answers_the_director_commits_and_the_citizen_reads_it(page, a11y, planner, director):
    now = timezone.now()
    the_hearing = hearing(questions_open_at=now - dt.timedelta(days=1), questions_close_at=now + dt.timedelta(days=1),
                          starts_at=now + dt.timedelta(days=2))

    # The citizen asks, without an account.
    _as_citizen_to_the_hearing(page, a11y, the_hearing.title)
    click(page, a11y, "link", "Enviar una pregunta", wait="**/preguntar/")
    page.get_by_label("Nombre (opcional)").fill("Luz Marina Restrepo")
    page.get_by_label("Comuna o corregimiento (opcional)").select_option(label="7 - Robledo")
    page.get_by_label("Su pregunta").fill(QUESTION)
    click(page, a11y, "button", "Enviar pregunta", wait=f"**/rendicion/publico/audiencias/{the_hearing.pk}/")
    expect(page.get_by_text("Recibimos su pregunta.", exact=False)).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_have_count(0)  # not public before moderation
    assert HearingQuestion.objects.get().state == "pending"

    # Planning answers it.
    sign_in(page, a11y, planner)
    menu(page, a11y, "Rendición de cuentas")
    click(page, a11y, "link", "Audiencias públicas")
    click(page, a11y, "link", the_hearing.title, wait=HEARING_PAGE)
    expect(page.get_by_text(QUESTION)).to_be_visible()
    click(page, a11y, "link", "Responder y publicar", wait="**/answer/")
    page.get_by_label("Respuesta").fill(ANSWER)
    click(page, a11y, "button", "Responder y publicar", wait=HEARING_PAGE)
    expect(page.get_by_text("Pregunta: responder y publicar — hecho.")).to_be_visible()

    # The Director records the improvement commitment and follows it.
    sign_in(page, a11y, director)
    menu(page, a11y, "Rendición de cuentas")
    click(page, a11y, "link", "Audiencias públicas")
    click(page, a11y, "link", the_hearing.title, wait=HEARING_PAGE)
    due = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Compromiso de mejora").fill(COMMITMENT)
    page.get_by_label("Fecha de entrega").fill(due.strftime("%d/%m/%Y"))
    page.get_by_label("Otro responsable (nombre)").fill("Secretaría de Infraestructura Física")
    click(page, a11y, "button", "Agregar compromiso", wait=HEARING_PAGE)
    expect(page.get_by_text("Compromiso registrado.")).to_be_visible()
    click(page, a11y, "link", "Seguimiento", wait="**/seguimiento/")
    page.get_by_label("Estado").select_option(label="En curso")
    click(page, a11y, "button", "Guardar", wait=HEARING_PAGE)
    assert HearingCommitment.objects.get().status == "in_progress"
    click(page, a11y, "link", "← Audiencias públicas")
    click(page, a11y, "link", "Compromisos")
    expect(page.get_by_test_id("commitments").get_by_text(COMMITMENT)).to_be_visible()
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Salir").click()
    page.wait_for_url("**/cuenta/ingresar/**")

    # The citizen reads the answer and the commitment, without logging in.
    _as_citizen_to_the_hearing(page, a11y, the_hearing.title)
    question = page.get_by_test_id("public-question")
    expect(question).to_contain_text(QUESTION)
    expect(question).to_contain_text(ANSWER)
    expect(question).to_contain_text("Luz Marina Restrepo · Robledo")
    commitments = page.get_by_test_id("public-commitments")
    expect(commitments).to_contain_text(COMMITMENT)
    expect(commitments).to_contain_text("En curso")
    expect(commitments).to_contain_text(due.strftime("%d/%m/%Y"))

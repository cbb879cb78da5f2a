"""Answering a request: text and/or a checked file, downloaded only by those who may read it."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accountability.builders import PDF_BYTES, info_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def req():
    return info_request(received_on=dt.date(2026, 3, 27))


def answer(client, req, **data):
    req.refresh_from_db()  # the version of the form the planner opens now
    payload = {"answered_on": "2026-04-15", "answer": "Adjuntamos el estado de su postulación.", "version": req.version}
    payload.update(data)
    return client.post(f"/rendicion/solicitudes/{req.pk}/responder/", payload)


def test_planner_answers_with_a_file_and_readers_download_it(login, planner, reader, req):
    upload = SimpleUploadedFile("respuesta firmada.pdf", PDF_BYTES, content_type="application/pdf")
    response = answer(login(planner), req, answer_file=upload)
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == "answered" and req.answered_on == dt.date(2026, 4, 15)
    assert req.answer_file.name.startswith("accountability/answers/") and "firmada" not in req.answer_file.name
    download = login(reader).get(f"/rendicion/solicitudes/{req.pk}/respuesta/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    detail = login(reader).get(f"/rendicion/solicitudes/{req.pk}/").content.decode()
    assert "Respondida a tiempo" in detail


@pytest.mark.parametrize("persona", ["lead", "outsider"])
def test_people_without_reading_role_cannot_download_the_answer(request, login, planner, persona, req):
    answer(login(planner), req, answer_file=SimpleUploadedFile("r.pdf", PDF_BYTES))
    assert login(request.getfixturevalue(persona)).get(f"/rendicion/solicitudes/{req.pk}/respuesta/").status_code == 404


def test_a_file_that_is_not_an_accepted_kind_is_refused(login, planner, req):
    upload = SimpleUploadedFile("respuesta.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")
    response = answer(login(planner), req, answer_file=upload)
    html = response.content.decode()
    assert "Tipo de archivo no permitido: solo se aceptan PDF, imágenes (PNG, JPG, GIF) o documentos de Office" in html
    assert "Adjuntamos el estado de su postulación." in html  # what was typed stays
    req.refresh_from_db()
    assert req.state == "received" and not req.answer_file


def test_an_answer_needs_text_or_file(login, planner, req):
    response = answer(login(planner), req, answer="")
    assert "Escriba la respuesta o adjunte el archivo de respuesta." in response.content.decode()
    req.refresh_from_db()
    assert req.state == "received"


def test_answer_after_the_term_is_marked_late(login, planner, req):
    answer(login(planner), req, answered_on="2026-04-22")
    html = login(planner).get(f"/rendicion/solicitudes/{req.pk}/").content.decode()
    assert "Respondida fuera de término" in html


def test_an_answered_request_cannot_be_answered_again(login, planner, req):
    answer(login(planner), req)
    response = answer(login(planner), req, answer="Otra respuesta")
    assert "La solicitud ya fue respondida." in response.content.decode()
    req.refresh_from_db()
    assert req.answer == "Adjuntamos el estado de su postulación."

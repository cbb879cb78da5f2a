"""Concejo sessions: kind, date, subject, questionnaire, attendees, what was delivered, and
commitments with due and delivered dates."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accountability.models import CouncilCommitment, CouncilSession
from tests.accountability.builders import PDF_BYTES

pytestmark = pytest.mark.django_db

SESSION = {
    "kind": "accidental", "date": "2026-09-10", "subject": "Avance del programa de mejoramiento de vivienda",
    "questionnaire": "1. ¿Cuántas viviendas se han mejorado?", "attendees": "Director; Subdirectora de Planeación",
    "delivered": "Informe de ejecución a agosto",
}


def test_planner_records_a_session_with_commitments_and_delivers_one(login, planner, director, reader):
    client = login(planner)
    data = dict(SESSION, questionnaire_file=SimpleUploadedFile("cuestionario.pdf", PDF_BYTES))
    response = client.post("/rendicion/concejo/nueva/", data)
    session = CouncilSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rendicion/concejo/{session.pk}/"
    assert session.get_kind_display() == "Comisión accidental" and session.created_by == planner
    response = client.post(f"/rendicion/concejo/{session.pk}/compromisos/nuevo/", {
        "description": "Enviar la georreferenciación de la inversión por comuna", "due_date": "2026-09-24",
        "responsible": director.pk,
    })
    assert response.status_code == 302
    commitment = CouncilCommitment.objects.get()
    assert director.notices.filter(title="Compromiso con el Concejo para el 24/09/2026").exists()
    response = client.post(f"/rendicion/concejo/compromisos/{commitment.pk}/entrega/", {"delivered_on": "2026-09-22", "version": commitment.version})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.delivered_on == dt.date(2026, 9, 22)
    html = login(reader).get(f"/rendicion/concejo/{session.pk}/").content.decode()
    assert "Enviar la georreferenciación de la inversión por comuna" in html and "22/09/2026" in html
    assert "Informe de ejecución a agosto" in html
    download = login(reader).get(f"/rendicion/concejo/{session.pk}/cuestionario/")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_delivery_before_the_session_is_refused(login, planner):
    session = CouncilSession.objects.create(kind="ordinary", date=dt.date(2026, 9, 10), subject="Presupuesto 2027")
    commitment = CouncilCommitment.objects.create(session=session, description="Enviar POAI", due_date=dt.date(2026, 9, 30))
    response = login(planner).post(f"/rendicion/concejo/compromisos/{commitment.pk}/entrega/", {"delivered_on": "2026-09-01", "version": commitment.version})
    assert "La fecha de entrega no puede ser anterior a la sesión (10/09/2026)." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.delivered_on is None


@pytest.mark.parametrize("persona", ["director", "finance", "reader"])
def test_reading_roles_cannot_record_sessions(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get("/rendicion/concejo/").status_code == 200
    assert client.post("/rendicion/concejo/nueva/", SESSION).status_code == 403
    assert not CouncilSession.objects.exists()


def test_missing_subject_is_shown_next_to_the_field(login, planner):
    response = login(planner).post("/rendicion/concejo/nueva/", dict(SESSION, subject=""))
    html = response.content.decode()
    assert 'id="id_subject_error"' in html and "Este campo es obligatorio." in html
    assert "Informe de ejecución a agosto" in html
    assert not CouncilSession.objects.exists()

"""An upload's name must carry the extension of the kind its bytes show: a PDF named poly.html
(served back as a download whose type follows its name) is refused, in Spanish, naming the
allowed types, wherever files are received; nothing is stored."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.files import validate_upload
from tests.monitoring.builders import small_pdf

pytestmark = pytest.mark.django_db

POLYGLOT = "«poly.html» no tiene la extensión de su contenido (PDF: .pdf). Solo se aceptan PDF, imágenes (PNG, JPG, GIF) o documentos de Office (Word, Excel, PowerPoint), cada uno con su extensión: .pdf, .png, .jpg, .jpeg, .gif, .doc, .xls, .ppt, .docx, .xlsx, .pptx."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _polyglot():
    return SimpleUploadedFile("poly.html", small_pdf(), content_type="application/pdf")


def test_a_pdf_named_html_is_refused_naming_the_allowed_types():
    with pytest.raises(ValidationError) as error:
        validate_upload(_polyglot())
    assert error.value.messages == [POLYGLOT]


@pytest.mark.parametrize("name, content", [
    ("foto.png", PNG), ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16), ("Acta Marzo.PDF", b"%PDF-1.4\n%..."),
])
def test_a_name_with_the_extension_of_its_content_is_accepted(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name, content", [
    ("foto.pdf", PNG), ("acta", b"%PDF-1.4\n%..."), ("acta.pdf.exe", b"%PDF-1.4\n%..."), ("imagen.svg", PNG),
])
def test_a_name_whose_extension_is_not_its_content_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == "bad_extension"


def test_monitoring_evidence_named_html_is_refused_next_to_the_field(login, lead):
    from monitoring.models import Evidence
    from tests.monitoring.builders import report, reporting_project

    rep = report(reporting_project(lead=lead), evidence=False)
    response = login(lead).post(f"/seguimiento/reportes/{rep.pk}/evidencias/",
                                {"version": rep.version, "file": _polyglot(), "description": "Acta"})
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["file"] == [POLYGLOT]
    assert not Evidence.objects.filter(report=rep).exists()


def test_an_answer_attachment_named_html_is_refused(login, planner):
    from tests.accountability.builders import info_request

    req = info_request(received_on=dt.date(2026, 3, 27))
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/responder/", {
        "answered_on": "2026-04-15", "answer": "Adjuntamos el estado de su postulación.", "answer_file": _polyglot()})
    page = response.content.decode()
    assert response.context["form"].errors["answer_file"] == [POLYGLOT]
    assert "Adjuntamos el estado de su postulación." in page
    req.refresh_from_db()
    assert req.state == "received" and not req.answer_file


def test_council_questionnaire_named_html_is_refused(login, planner):
    from accountability.models import CouncilSession

    response = login(planner).post("/rendicion/concejo/nueva/", {
        "kind": "accidental", "date": "2026-09-10", "subject": "Avance del programa de mejoramiento de vivienda",
        "questionnaire_file": _polyglot()})
    assert response.context["form"].errors["questionnaire_file"] == [POLYGLOT]
    assert not CouncilSession.objects.exists()


def test_participatory_meeting_minutes_named_html_are_refused(login, planner):
    from projects.models import ParticipatoryMeeting

    response = login(planner).post("/proyectos/presupuesto-participativo/nueva/", {
        "territory": 3, "date": "2024-05-10", "kind": "housing_commission", "minutes": _polyglot()})
    assert response.context["form"].errors["minutes"] == [POLYGLOT]
    assert not ParticipatoryMeeting.objects.exists()


def test_a_planning_instrument_file_named_html_is_refused(login, planner):
    from strategy.models import PlanningInstrument
    from tests import factories

    program = factories.program()
    response = login(planner).post(f"/estrategia/planes/{program.plan_id}/instrumentos/nuevo/", {
        "kind": "law", "reference": "Ley 1537 de 2012", "file": _polyglot()})
    assert response.context["form"].errors["file"] == [POLYGLOT]
    assert not PlanningInstrument.objects.exists()

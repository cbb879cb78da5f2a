"""Every download names its file through Django's `content_disposition_header` from a sanitised
name: a BPIN `1"; filename="x.html` or an uploaded file called `acta"; filename="x.html` with a
line break cannot add a parameter, a header or a path."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils.http import parse_header_parameters

from accountability.models import CouncilSession
from monitoring.models import Evidence, ProgressReport
from projects.models import ParticipatoryMeeting, Project
from strategy.models import DevelopmentPlan, PlanningInstrument, StrategicPlatform
from tests.accountability.builders import PDF_BYTES, info_request
from tests.conftest import client_for
from tests.exports.builders import OTHER_DOWNLOAD_ROUTES, SPREADSHEET_ROUTES, hostile_data

pytestmark = pytest.mark.django_db

HOSTILE_BPIN = '1"; filename="x.html'
HOSTILE_FILE = 'acta"; filename="x.html\r\nSet-Cookie: a=b;\u202e.pdf'
SAFE_FILE = "acta- filename=-x.html Set-Cookie- a=b- .pdf"


def download_name(response) -> str:
    """The one file name of the response's Content-Disposition (fails on anything else)."""
    value = response["Content-Disposition"]
    assert "\r" not in value and "\n" not in value, value
    kind, params = parse_header_parameters(value)
    assert kind in ("attachment", "inline"), value
    assert list(params) == ["filename"], value  # filename*=utf-8''… is decoded to "filename" too
    name = params["filename"]
    assert not set(name) & set('"\\/;:*?<>|\r\n\t\u202e'), value
    return name


def test_a_bpin_with_quotes_cannot_add_a_file_name_to_the_project_sheet(login, planner, lead):
    from tests import factories

    project = factories.project(lead=lead, bank_code="2025001", name="Vivienda nueva")
    Project.objects.filter(pk=project.pk).update(bank_code=HOSTILE_BPIN)  # set in the database
    response = login(planner).get(f"/proyectos/{project.pk}/ficha.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="ficha-proyecto-1- filename=-x.html.pdf"'
    assert download_name(response) == "ficha-proyecto-1- filename=-x.html.pdf"


def _files(data, planner):
    """One stored file behind each file download, each with the hostile original name."""
    rep = ProgressReport.objects.filter(project=data.a).first()
    evidence = Evidence(report=rep, original_name=HOSTILE_FILE, content_type="application/pdf", size=len(PDF_BYTES),
                        uploaded_by=planner)
    evidence.file.save("acta.pdf", ContentFile(PDF_BYTES), save=True)
    meeting = ParticipatoryMeeting(territory_id=3, date=dt.date(2025, 5, 10), kind="housing_commission",
                                   minutes_name=HOSTILE_FILE)
    meeting.minutes.save("acta.pdf", ContentFile(PDF_BYTES), save=True)
    request = info_request(received_on=dt.date(2025, 3, 3), answer_file_name=HOSTILE_FILE)
    request.answer_file.save("respuesta.pdf", ContentFile(PDF_BYTES), save=True)
    session = CouncilSession(kind="control", date=dt.date(2025, 4, 1), subject="Vivienda",
                             questionnaire_file_name=HOSTILE_FILE)
    session.questionnaire_file.save("cuestionario.pdf", ContentFile(PDF_BYTES), save=True)
    plan = DevelopmentPlan.objects.get()
    instrument = PlanningInstrument(plan=plan, kind=PlanningInstrument._meta.get_field("kind").choices[0][0],
                                    reference="Acuerdo")
    instrument.file.save("acuerdo.pdf", ContentFile(PDF_BYTES), save=True)
    return {
        "monitoring:evidence_download": f"/seguimiento/evidencias/{evidence.pk}/descargar/",
        "projects:meeting_minutes": f"/proyectos/presupuesto-participativo/{meeting.pk}/acta/",
        "accountability:request_answer_file": f"/rendicion/solicitudes/{request.pk}/respuesta/",
        "accountability:session_questionnaire": f"/rendicion/concejo/{session.pk}/cuestionario/",
        "strategy:instrument_file": f"/estrategia/instrumentos/{instrument.pk}/archivo/",
    }


def _public_evidence(data, planner) -> Evidence:
    """An evidence file Planeación marked public on an approved report (the citizens' download)."""
    rep = ProgressReport.objects.filter(project=data.a, state="approved").first()
    evidence = Evidence(report=rep, original_name=HOSTILE_FILE, content_type="application/pdf", size=len(PDF_BYTES),
                        uploaded_by=planner, is_public=True)
    evidence.file.save("acta.pdf", ContentFile(PDF_BYTES), save=True)
    return evidence


def test_every_download_has_one_safe_file_name(planner, director, lead):
    data = hostile_data(planner=planner, director=director, lead=lead)
    Project.objects.filter(pk=data.a.pk).update(bank_code=HOSTILE_BPIN)
    files = _files(data, planner)
    plan = DevelopmentPlan.objects.get()
    StrategicPlatform.objects.create(plan=plan, version=1, state="approved", approved_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    public = {
        "action_plan:public_pdf": "/plan-accion/publico/2025/pdf/",
        "accountability:public_pdf": f"/rendicion/publico/{data.report.pk}/informe.pdf",
        "accountability:public_json": f"/rendicion/publico/{data.report.pk}/datos.json",
        "accountability:public_petitions_json": "/rendicion/publico/peticiones/2025-T1/acceso.json",
        "transparency:evidence_download": f"/ciudadania/evidencias/{_public_evidence(data, planner).pk}/",
        "opendata:catalogue": "/datos/catalogo.json",
        "opendata:dictionary_json": "/datos/diccionario/proyectos.json",
    }
    private = {
        **files,
        "strategy:plan_pdf": f"/estrategia/planes/{plan.pk}/pdf/",
        "projects:sheet_pdf": f"/proyectos/{data.a.pk}/ficha.pdf",
        "budget:poai_pdf": "/presupuesto/2025/poai.pdf",
        "action_plan:pdf": "/plan-accion/2025/plan.pdf",
        "accountability:report_pdf": f"/rendicion/informes/{data.report.pk}/pdf/",
        "accountability:petitions_report_pdf": "/rendicion/peticiones/informe/pdf/?periodo=2025-T1",
    }
    assert set(public) | set(private) == OTHER_DOWNLOAD_ROUTES
    names = {}
    for routes, client in ((public, Client()), (private, client_for(planner))):
        for route, url in routes.items():
            response = client.get(url)
            assert response.status_code == 200, (route, url, response.status_code)
            names[route] = download_name(response)
    personas = {"planner": planner, "reader": planner}
    for route, (who, urls) in SPREADSHEET_ROUTES.items():
        client = Client() if who == "anonymous" else client_for(personas[who])
        for url in urls(data):
            response = client.get(url)
            assert response.status_code == 200, (route, url)
            names[route] = download_name(response)
    for route in files:
        if route != "strategy:instrument_file":
            assert names[route] == SAFE_FILE, route
    assert names["transparency:evidence_download"] == SAFE_FILE
    assert names["projects:sheet_pdf"] == "ficha-proyecto-1- filename=-x.html.pdf"
    assert names["accountability:public_csv"] == f"rendicion-2025-{data.report.pk}-territorios.csv"
    assert names["workbook:template"] == "plantilla-libro-planeacion.xlsx"

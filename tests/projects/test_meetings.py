"""Participatory-budget accompaniment meetings: recorded by Planeación, minutes validated and
served only to whoever may see the meeting."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ParticipatoryMeeting
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _data(project=None, **extra):
    data = {"territory": 3, "date": "2024-05-10", "kind": "housing_commission", "attendees": "Edil, JAL",
            "agreements": "Priorizar mejoramientos"}
    if project:
        data["projects"] = [project.pk]
    data.update(extra)
    return data


def test_planner_records_a_meeting_with_minutes(login, planner, lead):
    project = factories.project(lead=lead, funding_kind="participatory", territory_code=3, name="PP Manrique")
    client = login(planner)
    response = client.post("/proyectos/presupuesto-participativo/nueva/",
                           _data(project, minutes=SimpleUploadedFile("acta mayo.pdf", PDF)))
    assert response.status_code == 302
    meeting = ParticipatoryMeeting.objects.get()
    assert meeting.minutes.name.startswith("pp-minutes/") and "acta" not in meeting.minutes.name
    assert list(meeting.projects.all()) == [project]
    page = client.get(f"/proyectos/presupuesto-participativo/{meeting.pk}/").content.decode()
    assert "Comisión de vivienda" in page and "PP Manrique" in page and "Priorizar mejoramientos" in page
    assert "PP Manrique" in client.get("/proyectos/presupuesto-participativo/").content.decode()
    download = client.get(f"/proyectos/presupuesto-participativo/{meeting.pk}/acta/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="acta mayo.pdf"' in download["Content-Disposition"]
    # The project page links to its meetings.
    assert f"/proyectos/presupuesto-participativo/{meeting.pk}/" in client.get(f"/proyectos/{project.pk}/").content.decode()


def test_minutes_that_are_not_documents_are_refused(login, planner):
    response = login(planner).post("/proyectos/presupuesto-participativo/nueva/",
                                   _data(minutes=SimpleUploadedFile("acta.pdf", b"#!/bin/sh\necho hola\n")))
    assert response.status_code == 200
    assert "Tipo de archivo no permitido" in response.content.decode()
    assert not ParticipatoryMeeting.objects.exists()


def test_a_project_of_another_territory_is_refused(login, planner, lead):
    project = factories.project(lead=lead, funding_kind="participatory", territory_code=5, name="PP Castilla")
    response = login(planner).post("/proyectos/presupuesto-participativo/nueva/", _data(project))
    assert "El proyecto «PP Castilla» no está en Manrique." in response.content.decode()
    assert not ParticipatoryMeeting.objects.exists()


def test_minutes_are_served_only_to_who_may_see_the_meeting(login, planner, lead, lead2, outsider):
    own = factories.project(lead=lead, funding_kind="participatory", territory_code=3)
    meeting = ParticipatoryMeeting.objects.create(territory_id=3, date="2024-05-10", kind="community_council",
                                                  minutes=SimpleUploadedFile("a.pdf", PDF), minutes_name="a.pdf")
    meeting.projects.add(own)
    url = f"/proyectos/presupuesto-participativo/{meeting.pk}/acta/"
    assert login(lead).get(url).status_code == 200
    assert login(lead2).get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404


def test_only_planning_records_meetings(login, lead, reader):
    for user in (lead, reader):
        assert login(user).get("/proyectos/presupuesto-participativo/nueva/").status_code == 403


def test_editing_a_meeting_keeps_its_minutes_unless_replaced(login, planner):
    client = login(planner)
    client.post("/proyectos/presupuesto-participativo/nueva/", _data(minutes=SimpleUploadedFile("acta.pdf", PDF)))
    meeting = ParticipatoryMeeting.objects.get()
    stored = meeting.minutes.name
    response = client.post(f"/proyectos/presupuesto-participativo/{meeting.pk}/editar/",
                           {**_data(kind="extraordinary", agreements="Nuevo acuerdo"), "version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.agreements, meeting.minutes.name) == ("extraordinary", "Nuevo acuerdo", stored)

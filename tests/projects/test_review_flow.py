"""Submit, return with a comment, resubmit, approve, register and decide viability: every move is
recorded (who, when, from, to, comment), shown as a timeline, and notified to the people concerned."""
import datetime as dt

from django.utils import timezone

from isvimed_planning.models import Notice
from projects import services
from projects import workflow as wf
from projects.models import ProjectTransition
from tests.projects.builders import complete_project


def test_review_cycle_is_recorded_and_notified(login, planner, lead, director, django_capture_on_commit_callbacks):
    project = complete_project(lead=lead, name="Mejoramiento de vivienda en Manrique")
    lead_client, planner_client, director_client = login(lead), login(planner), login(director)

    def post(client, name, **data):
        project.refresh_from_db()
        response = client.post(f"/proyectos/{project.pk}/accion/{name}/", {"version": project.version, **data})
        assert response.status_code == 302, response.content.decode()[:3000]

    post(lead_client, "submit")
    assert Notice.objects.get(recipient=planner).title == "Proyecto «Mejoramiento de vivienda en Manrique» enviado a revisión"
    post(planner_client, "return", comment="Falta el costo de interventoría.")
    notice = Notice.objects.get(recipient=lead)
    assert notice.title == "Proyecto «Mejoramiento de vivienda en Manrique» devuelto con observaciones"
    assert "Falta el costo de interventoría." in notice.body
    assert notice.url == f"/proyectos/{project.pk}/"
    post(lead_client, "submit", comment="Corregido.")
    post(planner_client, "approve")
    post(planner_client, "register", bank_code="2024050010777", registered_on="2024-03-01")
    assert Notice.objects.filter(recipient=director, title__contains="2024050010777").exists()
    post(director_client, "viable", comment="Viable técnica y ambientalmente.")

    project.refresh_from_db()
    assert (project.state, project.bank_code, project.registered_on) == ("viable", "2024050010777", dt.date(2024, 3, 1))
    moves = list(ProjectTransition.objects.filter(project=project).values_list("name", "from_state", "to_state", "by__username"))
    assert moves == [
        ("submit", "formulation", "in_review", "lider1"),
        ("return", "in_review", "returned", "planeador"),
        ("submit", "returned", "in_review", "lider1"),
        ("approve", "in_review", "approved", "planeador"),
        ("register", "approved", "registered", "planeador"),
        ("viable", "registered", "viable", "director"),
    ]
    page = lead_client.get(f"/proyectos/{project.pk}/").content.decode()
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    for text in ("En revisión", "Devuelto", "Aprobado", "Inscrito", "Viable", "Falta el costo de interventoría.",
                 "Paula Planeación", "Diego Director", "Luis Líder"):
        assert text in timeline


def test_notice_email_is_queued_only_when_the_transition_commits(planner, lead, django_capture_on_commit_callbacks):
    project = complete_project(lead=lead, state="in_review")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.project_transition(name=wf.RETURN, project=project, by=planner, comment="Ajustar metas")
    assert len(callbacks) == 1
    assert Notice.objects.filter(recipient=lead, kind="project").count() == 1


def test_formulation_start_is_set_when_the_project_is_created(login, lead):
    from tests import factories

    program = factories.program()
    unit = factories.org_unit()
    response = login(lead).post("/proyectos/nuevo/", {
        "name": "Titulación de predios", "program": program.pk, "org_unit": unit.pk, "funding_kind": "ordinary",
        "start_date": "01/02/2025", "end_date": "2027-12-31",
    })
    assert response.status_code == 302
    project = lead.led_projects.get()
    assert project.formulation_started_on == timezone.localdate()
    assert project.state == "formulation" and project.version == 1
    assert response["Location"] == f"/proyectos/{project.pk}/"

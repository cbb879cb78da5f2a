"""Every transition × role: only the roles of the procedure may fire each move."""
import datetime as dt

import pytest

from isvimed_planning.workflow import WorkflowError
from projects import services
from projects import workflow as wf
from projects.models import ProjectState, ProjectTransition
from tests.projects.builders import complete_project

# transition -> (source state, target state, personas allowed)
TABLE = {
    "submit": ("formulation", "in_review", {"planner", "lead"}),
    "return": ("in_review", "returned", {"planner"}),
    "approve": ("in_review", "approved", {"planner"}),
    "register": ("approved", "registered", {"planner"}),
    "viable": ("registered", "viable", {"director"}),
    "not_viable": ("registered", "not_viable", {"director"}),
    "start": ("viable", "in_execution", {"planner"}),
    "close": ("in_execution", "closed", {"planner"}),
}
PERSONAS = ["planner", "lead", "lead2", "director", "finance", "reader", "sysadmin", "outsider"]
LABELS = {"submit": "enviar a revisión", "return": "devolver", "approve": "aprobar", "register": "inscribir en el banco",
          "viable": "otorgar viabilidad", "not_viable": "declarar no viable", "start": "iniciar ejecución", "close": "cerrar"}


def _fire(project, user, name):
    extra = {"bank_code": "2024050010999", "registered_on": dt.date(2024, 3, 1)} if name == "register" else {}
    return services.project_transition(project=project, by=user, name=name, comment="Revisado", **extra)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(TABLE))
def test_transition_allowed_only_for_its_roles(request, lead, name, persona):
    source, target, allowed = TABLE[name]
    user = request.getfixturevalue(persona)
    bank = "2024050010001" if source in ("registered", "viable", "in_execution") else None
    project = complete_project(lead=lead, state=source, bank_code=bank)
    if persona in allowed:
        record = _fire(project, user, name)
        project.refresh_from_db()
        assert project.state == target
        assert (record.from_state, record.to_state, record.by, record.comment) == (source, target, user, "Revisado")
    else:
        with pytest.raises(WorkflowError) as exc:
            _fire(project, user, name)
        assert exc.value.message == f"Su rol no permite «{LABELS[name]}»."
        project.refresh_from_db()
        assert project.state == source
        assert not ProjectTransition.objects.filter(project=project).exists()


def test_start_is_allowed_straight_from_registered(planner, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010002")
    services.project_transition(name=wf.START, project=project, by=planner)
    assert project.state == ProjectState.IN_EXECUTION


def test_a_transition_from_the_wrong_state_is_refused(planner, lead):
    project = complete_project(lead=lead)
    with pytest.raises(WorkflowError) as exc:
        services.project_transition(name=wf.APPROVE, project=project, by=planner)
    assert exc.value.message == "No se puede «aprobar» en estado «En formulación»."


def test_returning_needs_a_comment(planner, lead):
    project = complete_project(lead=lead, state="in_review")
    with pytest.raises(WorkflowError) as exc:
        services.project_transition(name=wf.RETURN, project=project, by=planner, comment="  ")
    assert exc.value.message == "Escriba un comentario que explique la decisión."


def test_lead_forcing_a_planners_transition_through_the_page_is_refused(login, lead):
    project = complete_project(lead=lead, state="in_review")
    client = login(lead)
    page = client.get(f"/proyectos/{project.pk}/").content.decode()
    assert "Aprobar" not in page and "Devolver" not in page
    assert client.get(f"/proyectos/{project.pk}/accion/approve/").status_code == 403
    response = client.post(f"/proyectos/{project.pk}/accion/approve/", {"version": project.version, "comment": ""})
    assert response.status_code == 403  # refused like the GET (permission matrix), not a form with an error
    project.refresh_from_db()
    assert project.state == "in_review"


def test_buttons_are_shown_only_when_allowed(login, planner, director, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010003")
    planner_page = login(planner).get(f"/proyectos/{project.pk}/").content.decode()
    director_page = login(director).get(f"/proyectos/{project.pk}/").content.decode()
    assert "Iniciar ejecución" in planner_page and "Otorgar viabilidad" not in planner_page
    assert "Otorgar viabilidad" in director_page and "Declarar no viable" in director_page
    assert "Iniciar ejecución" not in director_page


def test_an_incomplete_project_cannot_be_submitted(lead):
    from tests import factories

    project = factories.project(lead=lead)
    with pytest.raises(Exception) as exc:
        services.project_transition(name=wf.SUBMIT, project=project, by=lead)
    assert exc.value.message == (
        "Antes de enviar a revisión complete: la localización (territorios), al menos un producto."
    )
    project.refresh_from_db()
    assert project.state == "formulation"


def test_bank_code_must_be_unique(planner, lead):
    complete_project(lead=lead, state="registered", bank_code="2024050010100")
    project = complete_project(lead=lead, state="approved")
    with pytest.raises(Exception) as exc:
        services.project_transition(name=wf.REGISTER, project=project, by=planner, bank_code="2024050010100", registered_on=dt.date(2024, 3, 1))
    assert exc.value.message == "Ya existe un proyecto con el código BPIN «2024050010100»."
    project.refresh_from_db()
    assert project.state == "approved" and project.bank_code is None

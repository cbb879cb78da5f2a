"""Every transition of the monthly report × every role: who may fire it, and from which state."""
import pytest

from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.models import ReportTransition
from monitoring.workflow import REPORT_WORKFLOW
from tests.monitoring.builders import report, reporting_project

PERSONAS = ["planner", "lead", "lead2", "director", "finance", "reader", "sysadmin", "outsider"]
# transition → (state it starts from, state it ends in, personas allowed). `lead` leads the project.
TABLE = {
    "submit": ("pending", "submitted", {"lead"}),
    "approve": ("submitted", "approved", {"planner"}),
    "return": ("submitted", "returned", {"planner"}),
    "reopen": ("approved", "returned", {"planner"}),
}


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_transition_by_role(request, name, persona, lead, lead2):
    user = request.getfixturevalue(persona)
    source, target, allowed = TABLE[name]
    rep = report(reporting_project(lead=lead), state=source)
    comment = "Motivo escrito por quien decide."
    if persona in allowed:
        record = services.report_transition(report=rep, by=user, name=name, comment=comment, version=rep.version)
        rep.refresh_from_db()
        assert rep.state == target
        assert (record.from_state, record.to_state, record.by) == (source, target, user)
    else:
        with pytest.raises(DomainError) as exc:
            services.report_transition(report=rep, by=user, name=name, comment=comment, version=rep.version)
        assert exc.value.message == f"Su rol no permite «{REPORT_WORKFLOW.get(name).label.lower()}»."
        rep.refresh_from_db()
        assert rep.state == source
        assert not ReportTransition.objects.filter(report=rep).exists()


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_buttons_shown_match_the_table(request, login, name, persona, lead, lead2):
    user = request.getfixturevalue(persona)
    source, _, allowed = TABLE[name]
    rep = report(reporting_project(lead=lead), state=source)
    response = login(user).get(f"/seguimiento/reportes/{rep.pk}/accion/{name}/")
    if persona in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)  # 404 when they cannot even see the report
    assert (name in {t.name for t in REPORT_WORKFLOW.available(rep, user)}) == (persona in allowed)
    page = login(user).get(f"/seguimiento/reportes/{rep.pk}/")
    if page.status_code == 200:
        assert (f"/seguimiento/reportes/{rep.pk}/accion/{name}/" in page.content.decode()) == (persona in allowed)
    else:
        assert persona in ("lead2", "outsider") and page.status_code == 404


WRONG_STATE = [
    ("submit", "submitted", "lead", "No se puede «enviar a revisión» en estado «Enviado»."),
    ("submit", "approved", "lead", "No se puede «enviar a revisión» en estado «Aprobado»."),
    ("approve", "pending", "planner", "No se puede «aprobar» en estado «Pendiente»."),
    ("approve", "returned", "planner", "No se puede «aprobar» en estado «Devuelto»."),
    ("return", "approved", "planner", "No se puede «devolver» en estado «Aprobado»."),
    ("reopen", "submitted", "planner", "No se puede «reabrir» en estado «Enviado»."),
]


@pytest.mark.parametrize("name,state,persona,message", WRONG_STATE)
def test_transition_from_wrong_state_is_refused(request, name, state, persona, message, lead):
    user = request.getfixturevalue(persona)
    rep = report(reporting_project(lead=lead), state=state)
    with pytest.raises(DomainError) as exc:
        services.report_transition(report=rep, by=user, name=name, comment="x")
    assert exc.value.message == message


def test_returned_report_can_be_submitted_again_by_its_lead(lead):
    rep = report(reporting_project(lead=lead), state="returned")
    services.report_submit(report=rep, by=lead)
    rep.refresh_from_db()
    assert rep.state == "submitted" and rep.submitted_at is not None


def test_return_needs_a_comment(planner, lead):
    rep = report(reporting_project(lead=lead), state="submitted")
    with pytest.raises(DomainError) as exc:
        services.report_return(report=rep, by=planner, comment="  ")
    assert exc.value.message == "Escriba un comentario que explique la decisión."

"""The planner sends the accountability report for approval and the Director is told; the
Director approves only a report sent to him, or returns it to draft with a reason; once sent,
the planner no longer edits it."""
import pytest

from accountability import services
from isvimed_planning.workflow import DomainError
from tests.accountability.builders import execution, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(lead, planner):
    execution(lead=lead)
    return report(by=planner)


def test_the_planner_sends_it_and_the_director_is_told(login, rep, planner, director, finance):
    response = login(planner).post(f"/rendicion/informes/{rep.pk}/send/", {"comment": ""}, follow=True)
    assert "Informe: enviar a aprobación — hecho." in response.content.decode()
    rep.refresh_from_db()
    assert rep.state == "awaiting" and rep.get_state_display() == "Por aprobar"
    notice = director.notices.get()
    assert notice.title == "Informe «Rendición de cuentas 2025»: enviar a aprobación"
    assert notice.url == f"/rendicion/informes/{rep.pk}/"
    assert not finance.notices.exists() and not planner.notices.exists()


def test_the_director_approves_only_what_was_sent(rep, planner, director):
    with pytest.raises(DomainError) as exc:
        services.report_transition(by=director, report=rep, name="approve")
    assert exc.value.message == "No se puede «aprobar informe» en estado «Borrador»."
    services.report_transition(by=planner, report=rep, name="send")
    services.report_transition(by=director, report=rep, name="approve")
    rep.refresh_from_db()
    assert rep.state == "approved" and rep.figures is not None


def test_only_the_planner_sends_it(rep, director):
    with pytest.raises(DomainError) as exc:
        services.report_transition(by=director, report=rep, name="send")
    assert exc.value.message == "Su rol no permite «enviar a aprobación»."


def test_the_director_returns_it_with_a_reason_and_the_planner_edits_it_again(rep, planner, director):
    services.report_transition(by=planner, report=rep, name="send")
    with pytest.raises(DomainError) as exc:
        services.report_update(by=planner, report=rep, title="Otro", introduction="")
    assert exc.value.message == "Solo se puede modificar un informe en borrador."
    services.report_transition(by=director, report=rep, name="reopen", comment="Agregue el segundo semestre")
    rep.refresh_from_db()
    assert rep.state == "draft"
    assert planner.notices.filter(title="Informe «Rendición de cuentas 2025»: devolver a borrador").exists()
    services.report_update(by=planner, report=rep, title="Rendición de cuentas 2025 (completo)", introduction="")


def test_the_list_filters_the_reports_awaiting_approval(login, rep, planner, director):
    other = report(by=planner, period_end=rep.period_start.replace(month=3, day=31), title="Primer trimestre")
    services.report_transition(by=planner, report=other, name="send")
    html = login(director).get("/rendicion/informes/?estado=awaiting").content.decode()
    assert "Primer trimestre" in html and "Rendición de cuentas 2025" not in html

"""The monthly report's «Conversación»: while planning staff review a report, they and the project's
lead discuss it on the report's page; each comment notifies the other side and everyone who already
wrote, never its author; read-only roles read it; another lead does not see it."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from isvimed_planning import roles
from isvimed_planning.models import Notice
from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.models import ReportComment
from tests.conftest import make_user
from tests.monitoring.builders import report, reporting_project

# 21:05 UTC is 16:05 in Bogotá.
AT = dt.datetime(2025, 4, 8, 21, 5, tzinfo=dt.UTC)


def _url(rep) -> str:
    return f"/seguimiento/reportes/{rep.pk}/"


def _post(client, rep, text):
    return client.post(f"{_url(rep)}conversacion/", {"text": text})


def _thread(page: str) -> str:
    return page.split('id="conversacion"')[1].split("</section>")[0]


def test_the_lead_explains_a_submitted_report_and_planning_answers(login, planner, lead, django_capture_on_commit_callbacks):
    other_planner = make_user("planeador2", "Pedro", "Pérez", [roles.PLANEACION])
    rep = report(reporting_project(lead=lead, name="Mejoramientos en Robledo"), state="submitted", month=3)
    with time_machine.travel(AT, tick=False), django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(login(lead), rep, "El pagado baja porque se anuló\nla orden 123.")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(rep)}#conversacion"
    assert len(queued) == 1
    # The lead's comment goes to every planner.
    notices = Notice.objects.filter(kind="comment")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["planeador", "planeador2"]
    notice = notices.get(recipient=planner)
    assert notice.title == "Nuevo comentario en el reporte 03/2025 de «Mejoramientos en Robledo»"
    assert notice.body == "Luis Líder · Enviado\n\nEl pagado baja porque se anuló\nla orden 123."
    assert notice.url == f"{_url(rep)}#conversacion"

    page = login(planner).get(_url(rep)).content.decode()
    thread = _thread(page)
    assert "Luis Líder" in thread and "08/04/2025 16:05" in thread and "(enviado)" in thread
    assert "El pagado baja porque se anuló<br>la orden 123." in thread
    assert "Estado actual: enviado." in thread

    Notice.objects.all().delete()
    comment = services.report_comment_add(report=rep, by=other_planner, text="Adjunte la anulación, por favor.")
    # A planner's comment goes to the lead (and to earlier writers: the lead again, once).
    assert list(Notice.objects.values_list("recipient__username", "key")) == [
        ("lider1", f"comment:monitoring.reportcomment:{comment.pk}")]
    assert list(ReportComment.objects.filter(report=rep).values_list("author__username", flat=True)) == [
        "lider1", "planeador2"]


def test_planning_returns_the_report_and_the_conversation_goes_on(login, planner, lead):
    rep = report(reporting_project(lead=lead), state="submitted", month=3)
    services.report_comment_add(report=rep, by=planner, text="Falta el acta.")
    services.report_return(report=rep, by=planner, comment="Falta el acta de entrega de marzo.")
    _post(login(lead), rep, "La subo hoy.")
    states = list(ReportComment.objects.order_by("id").values_list("state", flat=True))
    assert states == ["submitted", "returned"]
    thread = _thread(login(lead).get(_url(rep)).content.decode())
    assert "(enviado)" in thread and "(devuelto)" in thread


def test_read_only_roles_read_and_may_not_write(login, planner, lead, reader, director, finance):
    rep = report(reporting_project(lead=lead), state="submitted")
    services.report_comment_add(report=rep, by=planner, text="Revisen el comprometido.")
    for user in (reader, director, finance):
        page = login(user).get(_url(rep)).content.decode()
        assert "Revisen el comprometido." in _thread(page)
        assert "Publicar comentario" not in page
        assert _post(login(user), rep, "Comentario").status_code == 403
    with pytest.raises(DomainError) as refused:
        services.report_comment_add(report=rep, by=director, text="Comentario")
    assert refused.value.message == "Solo el responsable del proyecto y Planeación comentan un reporte mensual."
    assert ReportComment.objects.count() == 1


def test_another_lead_and_a_user_without_role_get_404(login, lead, lead2, outsider):
    rep = report(reporting_project(lead=lead), state="submitted")
    for user in (lead2, outsider):
        assert _post(login(user), rep, "Hola").status_code == 404
    assert login(lead).get(f"{_url(rep)}conversacion/").status_code == 405
    assert not ReportComment.objects.exists()


def test_an_empty_comment_is_refused_on_the_report_page(login, lead):
    rep = report(reporting_project(lead=lead), state="returned")
    response = _post(login(lead), rep, "")
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="field-error" id="id_text_error">Escriba el comentario antes de publicarlo.</p>' in page
    assert "Evidencias" in page  # the whole report page, not a bare form
    assert not ReportComment.objects.exists()


def test_an_approved_report_can_still_be_discussed(login, planner, lead):
    """An approved report is locked, not its conversation: a question may lead planning to reopen it."""
    rep = report(reporting_project(lead=lead), state="approved")
    assert _post(login(lead), rep, "¿Se puede corregir el pagado?").status_code == 302
    assert Notice.objects.filter(recipient=planner, kind="comment").count() == 1


def test_the_review_page_shows_the_thread_and_links_to_it(login, planner, lead):
    """Deciding to approve or return, the planner reads the conversation; one writes on the report's page."""
    rep = report(reporting_project(lead=lead), state="submitted")
    services.report_comment_add(report=rep, by=lead, text="El pagado baja por la anulación.")
    page = login(planner).get(f"{_url(rep)}accion/return/").content.decode()
    thread = _thread(page)
    assert "El pagado baja por la anulación." in thread and "Luis Líder" in thread
    assert f'<a href="{_url(rep)}#conversacion">Escribir en la conversación</a>' in thread
    assert 'name="text"' not in thread

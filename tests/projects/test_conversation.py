"""The project's «Conversación»: while a project is in review, planning staff, the Director and the
project's lead discuss it in the application instead of by e-mail; each comment notifies the other
side and everyone who already wrote, never its author; readers read it; nobody edits a comment."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from isvimed_planning import roles
from isvimed_planning.models import Notice
from isvimed_planning.workflow import DomainError
from projects import services
from projects.models import ProjectComment
from tests import factories
from tests.conftest import make_user
from tests.projects.builders import complete_project

# 15:40 UTC is 10:40 in Bogotá: the page shows Bogotá's time.
AT = dt.datetime(2025, 3, 4, 15, 40, tzinfo=dt.UTC)


def _post(client, project, text):
    return client.post(f"/proyectos/{project.pk}/conversacion/", {"text": text})


def _thread(page: str) -> str:
    return page.split('id="conversacion"')[1].split("</section>")[0]


def test_planner_asks_the_lead_answers_and_both_read_the_thread(login, planner, lead, django_capture_on_commit_callbacks):
    project = complete_project(lead=lead, state="in_review", name="Vivienda nueva Pajarito")
    with time_machine.travel(AT, tick=False), django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(login(planner), project, "¿La meta 2026 incluye las 40 viviendas de Pajarito?\nRevisen el costo.")
    assert response.status_code == 302
    assert response["Location"] == f"/proyectos/{project.pk}/#conversacion"
    assert len(queued) == 1  # the e-mail is queued once the comment is saved

    notice = Notice.objects.get(recipient=lead)
    assert notice.kind == "comment"
    assert notice.title == "Nuevo comentario en el proyecto «Vivienda nueva Pajarito»"
    assert notice.body == ("Paula Planeación · En revisión\n\n"
                           "¿La meta 2026 incluye las 40 viviendas de Pajarito?\nRevisen el costo.")
    assert notice.url == f"/proyectos/{project.pk}/#conversacion"
    assert not Notice.objects.filter(recipient=planner).exists()  # never the author

    thread = _thread(login(lead).get(f"/proyectos/{project.pk}/").content.decode())
    assert "Paula Planeación" in thread
    assert "04/03/2025 10:40" in thread
    assert "(en revisión)" in thread
    assert "¿La meta 2026 incluye las 40 viviendas de Pajarito?<br>Revisen el costo." in thread
    assert 'name="text"' in thread  # the lead may answer

    _post(login(lead), project, "Sí, las 40. El costo se ajustó.")
    assert Notice.objects.filter(recipient=planner, kind="comment").count() == 1
    assert Notice.objects.filter(recipient=lead, kind="comment").count() == 1  # not told of their own answer
    texts = list(ProjectComment.objects.filter(project=project).values_list("author__username", "state"))
    assert texts == [("planeador", "in_review"), ("lider1", "in_review")]


def test_the_lead_tells_every_planner_and_whoever_already_wrote(login, planner, lead, director):
    other_planner = make_user("planeador2", "Pedro", "Pérez", [roles.PLANEACION])
    project = complete_project(lead=lead, state="in_review")
    services.project_comment_add(project=project, by=director, text="Prioricen este proyecto.")
    # The Director's comment goes to both sides.
    assert set(Notice.objects.filter(kind="comment").values_list("recipient__username", flat=True)) == {
        "lider1", "planeador", "planeador2"}

    Notice.objects.all().delete()
    comment = services.project_comment_add(project=project, by=lead, text="Entendido.")
    notices = Notice.objects.filter(kind="comment")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["director", "planeador", "planeador2"]
    assert set(notices.values_list("key", flat=True)) == {f"comment:projects.projectcomment:{comment.pk}"}

    Notice.objects.all().delete()
    services.project_comment_add(project=project, by=other_planner, text="Queda para el comité.")
    # A planner's comment goes to the lead and to those who wrote before (the Director), not to every planner.
    assert sorted(Notice.objects.values_list("recipient__username", flat=True)) == ["director", "lider1"]


def test_a_comment_notifies_each_recipient_once(planner, lead):
    """The notice's key is the comment's: sending it again (a retried job) notifies nobody twice."""
    from isvimed_planning.notices import notify

    project = complete_project(lead=lead, state="in_review")
    comment = services.project_comment_add(project=project, by=planner, text="Falta el anexo técnico.")
    again = notify(recipients=[lead], kind="comment", key=f"comment:projects.projectcomment:{comment.pk}",
                   title="repetido")
    assert again == []
    assert Notice.objects.filter(recipient=lead).count() == 1


def test_text_is_escaped_and_the_comment_has_its_history(login, planner, lead):
    project = complete_project(lead=lead, state="in_review")
    _post(login(planner), project, '<script>alert("x")</script> & <b>negrita</b>')
    thread = _thread(login(lead).get(f"/proyectos/{project.pk}/").content.decode())
    assert "<script>" not in thread and "<b>" not in thread
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;negrita&lt;/b&gt;" in thread
    comment = ProjectComment.objects.get()
    assert [h.history_type for h in comment.history.all()] == ["+"]


def test_an_empty_or_too_long_comment_is_refused_keeping_what_was_typed(login, planner, lead):
    project = complete_project(lead=lead, state="in_review")
    client = login(planner)
    response = _post(client, project, "   \n  ")
    assert response.status_code == 400
    assert '<p class="field-error" id="id_text_error">Escriba el comentario antes de publicarlo.</p>' in response.content.decode()

    long_text = ("Observación larga. " * 211).strip()  # 4.008 characters
    response = _post(client, project, long_text)
    page = response.content.decode()
    assert response.status_code == 400
    assert "El comentario puede tener hasta 4.000 caracteres (tiene 4008)." in page
    assert long_text + "</textarea>" in page
    assert not ProjectComment.objects.exists()
    assert not Notice.objects.exists()


def test_the_reader_reads_the_conversation_and_may_not_write(login, planner, lead, reader):
    project = complete_project(lead=lead, state="in_review")
    services.project_comment_add(project=project, by=planner, text="Ajusten la población objetivo.")
    page = login(reader).get(f"/proyectos/{project.pk}/").content.decode()
    thread = _thread(page)
    assert "Ajusten la población objetivo." in thread
    assert 'name="text"' not in thread and "Publicar comentario" not in thread
    response = _post(login(reader), project, "Opino que…")
    assert response.status_code == 403
    assert ProjectComment.objects.count() == 1


def test_another_lead_and_a_user_without_role_do_not_see_the_project(login, lead, lead2, outsider, finance):
    project = complete_project(lead=lead, state="in_review")
    for user in (lead2, outsider):
        assert login(user).get(f"/proyectos/{project.pk}/").status_code == 404
        assert _post(login(user), project, "Hola").status_code == 404
    assert _post(login(finance), project, "Hola").status_code == 403  # reads every project, not a participant
    assert login(lead).get(f"/proyectos/{project.pk}/conversacion/").status_code == 405
    assert not ProjectComment.objects.exists()


def test_a_closed_project_keeps_its_conversation_closed(login, planner, lead):
    project = factories.project(lead=lead, state="closed")
    page = login(planner).get(f"/proyectos/{project.pk}/").content.decode()
    assert "Aún no hay comentarios." in _thread(page)
    assert "Publicar comentario" not in page
    assert _post(login(planner), project, "Una más").status_code == 403
    with pytest.raises(DomainError) as refused:
        services.project_comment_add(project=project, by=planner, text="Una más")
    assert refused.value.message == (
        "Solo el responsable del proyecto, Planeación y la Dirección comentan un proyecto, y no una vez cerrado.")


def test_comments_are_not_editable_nor_deletable_by_their_author(login, lead):
    """There is no page to edit or delete a comment: the conversation is the review's record."""
    project = complete_project(lead=lead, state="in_review")
    comment = services.project_comment_add(project=project, by=lead, text="Enviado con anexos.")
    page = login(lead).get(f"/proyectos/{project.pk}/").content.decode()
    assert not re.search(r"conversacion/\d+/(editar|eliminar)", page)
    assert "Los comentarios no se pueden editar ni borrar." in page
    assert login(lead).post(f"/proyectos/{project.pk}/conversacion/{comment.pk}/eliminar/").status_code == 404


def test_the_review_decision_page_shows_the_thread(login, planner, lead):
    project = complete_project(lead=lead, state="in_review")
    services.project_comment_add(project=project, by=lead, text="Adjunté los estudios de suelos.")
    page = login(planner).get(f"/proyectos/{project.pk}/accion/return/").content.decode()
    thread = _thread(page)
    assert "Adjunté los estudios de suelos." in thread
    assert f'<a href="/proyectos/{project.pk}/#conversacion">Escribir en la conversación</a>' in thread

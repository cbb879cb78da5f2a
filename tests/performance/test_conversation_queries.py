"""The conversation of a project or a monthly report costs the same number of queries with 2 comments
as with 20, from different authors (one query reads the thread with its authors)."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from isvimed_planning import roles
from monitoring.models import ReportComment
from projects.models import ProjectComment
from tests.conftest import make_user
from tests.monitoring.builders import report, reporting_project
from tests.projects.builders import complete_project


def _authors(lead, planner, count):
    """`count` writers: the lead, the planner and more planners."""
    extra = [make_user(f"planeador-{i}", "Planeador", str(i), [roles.PLANEACION]) for i in range(count - 2)]
    return [lead, planner, *extra]


def _queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_project_page_reads_its_conversation_in_constant_queries(login, planner, lead, django_assert_num_queries):
    project = complete_project(lead=lead, state="in_review")
    url = f"/proyectos/{project.pk}/"
    authors = _authors(lead, planner, 20)
    for author in authors[:2]:
        ProjectComment.objects.create(project=project, author=author, text="Primera ronda", state=project.state)
    client = login(lead)
    small = _queries(client, url)
    for i, author in enumerate(authors[2:]):
        ProjectComment.objects.create(project=project, author=author, text=f"Comentario {i}", state=project.state)
    assert ProjectComment.objects.count() == 20
    with django_assert_num_queries(small):
        page = client.get(url).content.decode()
    assert "Comentario 17" in page and "Planeador 17" in page


def test_the_report_page_reads_its_conversation_in_constant_queries(login, planner, lead, django_assert_num_queries):
    rep = report(reporting_project(lead=lead), state="submitted")
    url = f"/seguimiento/reportes/{rep.pk}/"
    authors = _authors(lead, planner, 20)
    for author in authors[:2]:
        ReportComment.objects.create(report=rep, author=author, text="Primera ronda", state=rep.state)
    client = login(planner)
    small = _queries(client, url)
    for i, author in enumerate(authors[2:]):
        ReportComment.objects.create(report=rep, author=author, text=f"Comentario {i}", state=rep.state)
    assert ReportComment.objects.count() == 20
    with django_assert_num_queries(small):
        page = client.get(url).content.decode()
    assert "Comentario 17" in page and "Planeador 17" in page

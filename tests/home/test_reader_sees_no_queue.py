"""Who may only read (consulta), or has no role, gets no work queue: nothing waits for them, even
when every queue is full; the reader is told what they may read and where to go."""
import pytest

from .builders import director_work, page_html, planner_work

pytestmark = pytest.mark.django_db


def test_the_reader_sees_no_queue_item(login, reader, planner, lead, lead2):
    planner_work(2, lead=lead, lead2=lead2)
    director_work(2, lead=lead, planner=planner)
    html = page_html(login(reader).get("/"))
    assert 'data-testid="work-queue"' not in html and "queue-count" not in html
    assert "Puede leer el plan, los proyectos, el presupuesto, el plan de acción y el seguimiento." in html
    go = html.split('data-testid="go-to"')[1].split("</section>")[0]
    assert '<a href="/seguimiento/">Tablero de seguimiento</a>' in go


def test_without_a_role_there_is_nothing(login, outsider, planner, lead, lead2):
    planner_work(1, lead=lead, lead2=lead2)
    html = page_html(login(outsider).get("/"))
    assert "Pida a un administrador que le asigne un rol." in html
    assert 'data-testid="work-queue"' not in html and 'data-testid="go-to"' not in html

"""A real Celery worker over Redis computes a run requested from the page, to the end."""
import pytest

from monitoring.models import CuadreRun
from tests.worker import wait_for

pytestmark = pytest.mark.celery_worker


def _finished(pk):
    run = CuadreRun.objects.get(pk=pk)
    return run if run.state in ("done", "failed") else None


def test_the_worker_computes_a_run_requested_from_the_page(transactional_db, celery_worker, planner, login):
    browser = login(planner)
    browser.post("/seguimiento/cuadre/calcular/", {"anio": "2025", "corte": "2025-03-31"})
    run = CuadreRun.objects.get()
    done = wait_for(lambda: _finished(run.pk), timeout=60)
    assert (done.state, done.progress, done.error) == ("done", 100, "")
    assert browser.get(f"/seguimiento/cuadre/{run.pk}/progreso/").json()["done_url"] == (
        "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"
    )
    assert "Calculado el " in browser.get("/seguimiento/cuadre/?anio=2025&corte=2025-03-31").content.decode()

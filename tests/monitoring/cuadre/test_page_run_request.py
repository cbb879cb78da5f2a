"""«Calcular cuadre» queues a run and the page follows its progress; asking again on the same
data gives the same run; a failed run is computed again only when forced (its «Recalcular»)."""
from __future__ import annotations

import pytest

from monitoring.models import CuadreRun

from .ui_builders import CUTOFF, computed, finding

pytestmark = pytest.mark.django_db
RUN = "/seguimiento/cuadre/calcular/"
PAGE = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"
POST = {"anio": "2025", "corte": "2025-03-31"}


def test_compute_queues_a_run_and_the_page_shows_its_progress(login, lead):
    browser = login(lead)
    response = browser.post(RUN, POST, follow=True)
    run = CuadreRun.objects.get()
    assert (run.year, run.cutoff, run.state, run.requested_by) == (2025, CUTOFF, "queued", lead)
    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert "El cuadre se está calculando." in page
    assert f'data-progress-url="/seguimiento/cuadre/{run.pk}/progreso/"' in page and "En cola…" in page
    browser.post(RUN, POST)
    assert CuadreRun.objects.count() == 1  # the same data: the same run


def test_recalculating_on_unchanged_data_says_it_is_up_to_date(login, planner, monkeypatch):
    computed(monkeypatch, [])
    response = login(planner).post(RUN, POST, follow=True)
    assert "Los datos no han cambiado desde el último cálculo: el cuadre está al día." in response.content.decode()
    assert CuadreRun.objects.count() == 1


def test_a_failed_run_is_computed_again_when_forced(login, planner):
    CuadreRun.objects.create(year=2025, cutoff=CUTOFF, data_version="x", state="failed", error="Falló.")
    login(planner).post(RUN, {**POST, "forzar": "1"})
    assert list(CuadreRun.objects.order_by("pk").values_list("state", flat=True)) == ["failed", "queued"]


def test_a_bad_cutoff_is_refused_in_spanish_and_nothing_is_queued(login, planner):
    response = login(planner).post(RUN, {"anio": "2025", "corte": "2026-01-31"}, follow=True)
    assert "La fecha de corte debe estar dentro de la vigencia 2025." in response.content.decode()
    assert not CuadreRun.objects.exists()


def test_the_page_keeps_the_last_findings_while_a_new_run_computes(login, planner, lead, monkeypatch):
    from tests import factories

    computed(monkeypatch, [finding("CU05", project=factories.project(lead=lead), message="Falta el reporte.")])
    CuadreRun.objects.create(year=2025, cutoff=CUTOFF, data_version="otra", state="running", progress=10)
    page = login(planner).get(PAGE).content.decode()
    assert "Calculando… 10 %" in page and "Falta el reporte." in page

"""Before generating the matrices, their page says how the cuadre of the cycle's cutoff stands,
and links to it; in a constant number of queries."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import ReportingPeriod
from tests import factories

from .ui_builders import CUTOFF, computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/matrices/"
NOW = dt.datetime(2025, 4, 3, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def cycle(db):
    ReportingPeriod.objects.create(year=2025, month=3, cutoff=CUTOFF, report_deadline=dt.date(2025, 4, 7))
    with time_machine.travel(NOW):
        yield


def _line(response) -> str:
    return response.content.decode().split('data-testid="cuadre-line">')[1].split("</p>")[0]


def test_without_a_run_the_line_offers_to_compute_it(login, planner):
    assert _line(login(planner).get(URL)) == (
        'Sin cuadre calculado para este corte: '
        '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-03-31">calcular</a>'
    )


def test_the_line_counts_the_open_findings_and_links_to_the_cuadre(login, planner, lead, monkeypatch):
    a = factories.project(lead=lead)
    computed(monkeypatch, [finding("CU05", project=a), finding("CU03", project=a, object_kind="report", object_id=3),
                           finding("CU01", project=a)])
    assert _line(login(planner).get(URL)) == (
        'Cuadre al 31/03/2025: 2 errores, 1 alerta: '
        '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-03-31">revisar</a>'
    )


def test_a_run_of_another_cutoff_is_not_this_cutoffs(login, planner, lead, monkeypatch):
    computed(monkeypatch, [finding("CU05", project=factories.project(lead=lead))], cutoff=dt.date(2025, 2, 28))
    assert _line(login(planner).get(URL)).startswith("Sin cuadre calculado para este corte")


def _queries(client) -> int:
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_line_costs_the_same_queries_with_many_findings(login, planner, lead, monkeypatch):
    client = login(planner)
    projects = [factories.project(lead=lead) for _ in range(30)]
    computed(monkeypatch, [finding("CU01", project=p) for p in projects[:2]])
    small = _queries(client)
    factories.funded(projects[0], 2025)  # a new data version: cuadre_now computes a new run
    computed(monkeypatch, [finding(rule, project=p) for p in projects for rule in ("CU01", "CU05", "CU13")])
    assert "Cuadre al 31/03/2025: 30 errores, 60 alertas" in _line(client.get(URL))
    assert _queries(client) == small

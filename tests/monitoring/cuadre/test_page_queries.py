"""The cuadre page, its export and the run request cost the same number of queries with a few
findings and with many (findings are read from the run, names and justifications in one query each)."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import cuadre_services
from tests import factories

from .ui_builders import computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"


def _queries(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _sizes(monkeypatch, planner, lead, lead2, measure) -> tuple[int, int]:
    programs = [factories.program(f"4.2.{i}", f"Programa {i}") for i in range(1, 4)]
    projects = [factories.project(lead=(lead, lead2)[i % 2], the_program=programs[i % 3]) for i in range(40)]

    def justify_some(findings):
        for f in findings[1::3]:
            if f.rule == "CU01":
                cuadre_services.finding_justify(year=2025, rule=f.rule, object_kind=f.object_kind,
                                                object_id=f.object_id, comment="Aceptada.", by=planner)

    few = [finding("CU01", project=p) for p in projects[:2]] + [finding("CU05", project=projects[2])]
    computed(monkeypatch, few)
    justify_some(few)
    small = measure()
    factories.funded(projects[0], 2025)  # new data: a new run
    many = [finding(rule, project=p) for p in projects for rule in ("CU01", "CU05", "CU13")]
    computed(monkeypatch, many)
    justify_some(many)
    return small, measure()


@pytest.mark.parametrize("persona", ["planner", "lead"])
def test_the_page_costs_the_same_queries_at_two_sizes(request, login, planner, lead, lead2, monkeypatch, persona):
    client = login(request.getfixturevalue(persona))
    small, large = _sizes(monkeypatch, planner, lead, lead2, lambda: _queries(client, URL))
    assert small == large


def test_the_export_costs_the_same_queries_at_two_sizes(login, planner, lead, lead2, monkeypatch):
    client = login(planner)
    small, large = _sizes(monkeypatch, planner, lead, lead2,
                          lambda: _queries(client, URL.replace("?", "exportar/?")))
    assert small == large

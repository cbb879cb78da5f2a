"""The public list, a project's page and a comuna's page run the same number of queries with
few or many projects."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.monitoring.builders import add_evidence, allocate, period, report

from .builders import NOW

pytestmark = pytest.mark.django_db


def _grow(lead, program, start: int, n: int) -> None:
    for k in range(start, start + n):
        project = factories.project(lead=lead, state="in_execution", name=f"Proyecto {k}", the_program=program,
                                    territory_code=10, funding_kind="participatory" if k % 2 else "ordinary")
        factories.product(project, code="P1", goals={2025: "20"})
        factories.product(project, code="P2", goals={2025: "10"})
        allocate(project)
        for month in (1, 2):
            rep = report(project, month=month, state="approved", evidence=False, territories={10: "1000", 4: "500"})
            add_evidence(rep, by=lead).__class__.objects.filter(report=rep).update(is_public=True)


def _count(client, url: str) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_public_pages_do_not_grow_with_the_data(client, lead, time_machine):
    time_machine.move_to(NOW)
    period(2025, 3)
    program = factories.program()
    _grow(lead, program, 0, 2)
    first = factories.project(lead=lead, state="in_execution", name="Medido", the_program=program, territory_code=10)
    factories.product(first, code="P1", goals={2025: "20"})
    allocate(first)
    for month in (1, 2):
        add_evidence(report(first, month=month, state="approved", evidence=False), by=lead)
    urls = ["/ciudadania/proyectos/", f"/ciudadania/proyectos/{first.pk}/", "/ciudadania/comunas/10/",
            "/ciudadania/comunas/", f"/ciudadania/proyectos/{first.pk}/datos.csv"]
    small = {url: _count(client, url) for url in urls}
    _grow(lead, program, 2, 12)
    for month in range(3, 7):
        add_evidence(report(first, month=month, state="approved", evidence=False), by=lead)
    larger = {url: _count(client, url) for url in urls}
    assert larger == small

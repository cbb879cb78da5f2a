"""The ANS page's "Descargar Excel": its open deadlines (the step chosen applied), every row, with
their clocks; read-all roles only, as the page."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from budget.models import FiscalYear
from tests import factories
from tests.exports.counting import queries
from tests.exports.reading import cells, column

from .builders import instance

pytestmark = pytest.mark.django_db
URL = "/ans/exportar/"
D = dt.date


@time_machine.travel(dt.datetime(2025, 6, 30, 12, 0), tick=False)
def test_the_open_clocks_of_the_chosen_step(login, reader, lead):
    proj = factories.project(lead=lead, name="Vivienda digna")
    instance(proj, step="project", start=D(2025, 6, 1), due=D(2025, 7, 1), title="Vivienda digna", responsible=lead)
    done = factories.project(lead=lead, name="Ya cumplido")
    instance(done, step="project", start=D(2025, 5, 1), due=D(2025, 7, 1), completed_on=D(2025, 6, 5), title="Ya cumplido")
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("1000"))
    instance(fy, step="budget", start=D(2024, 9, 1), due=D(2025, 1, 1), title="Presupuesto de la vigencia 2025")
    client = login(reader)
    response = client.get(URL)
    assert column(response, "Objeto") == ["Presupuesto de la vigencia 2025", "Vivienda digna"]
    assert column(response, "Estado") == ["Vencido", "En riesgo"]
    assert column(response, "Días restantes") == [-180, 1]
    due, _ = cells(response, "Vence")
    assert due.value == dt.datetime(2025, 1, 1) and due.number_format == "dd/mm/yyyy"
    assert column(client.get(URL + "?paso=project"), "Objeto") == ["Vivienda digna"]
    page = client.get("/ans/?paso=project").content.decode()
    assert 'href="/ans/exportar/?paso=project" data-testid="export-xlsx"' in page


def test_leads_and_outsiders_are_refused_as_on_the_page(login, lead, outsider):
    assert login(lead).get(URL).status_code == 403
    assert login(outsider).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_rows(login, planner, lead):
    client = login(planner)
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("1000"))
    instance(fy, step="budget", start=D(2024, 9, 1), due=D(2025, 1, 1), responsible=lead)
    small = queries(client, URL)
    for n in range(12):
        proj = factories.project(lead=lead, name=f"P{n}")
        instance(proj, step="project", start=D(2025, 6, 1), due=D(2025, 7, 1), responsible=lead)
    assert queries(client, URL) == small

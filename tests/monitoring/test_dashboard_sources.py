"""The follow-up dashboard shows the year's money by funding source and lists the projects whose
money cannot be given to a source yet (several sources, approved reports without a split or
modifications without a source), with links to them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification, FiscalYear
from tests import factories
from tests.monitoring.builders import allocate, period, report, reporting_project, split


@pytest.fixture
def data(lead, lead2):
    prog = factories.program("4.2.1", "Vivienda nueva")
    split_done = reporting_project(lead=lead, name="Proyecto repartido", the_program=prog)
    allocate(split_done, "30000000", source="Recursos propios")
    allocate(split_done, "10000000", source="Sistema General de Participaciones")
    rep = report(split_done, month=1, state="approved", committed="8000000", obligated="4000000", paid="2000000",
                 territories={10: "8000000"})
    split(rep, {"Recursos propios": ("6000000", "3000000", "1500000"),
                "Sistema General de Participaciones": ("2000000", "1000000", "500000")})
    single = reporting_project(lead=lead2, name="Proyecto de una fuente", the_program=prog)
    allocate(single, "20000000", source="Recursos propios")
    report(single, month=1, state="approved", committed="5000000", obligated="0", paid="0", territories={10: "5000000"})
    pending = reporting_project(lead=lead, name="Proyecto por repartir", the_program=prog)
    allocate(pending, "10000000", source="Recursos propios")
    allocate(pending, "10000000", source="Sistema General de Participaciones")
    unsplit = report(pending, month=2, state="approved", committed="3000000", obligated="0", paid="0",
                     territories={10: "3000000"})
    report(pending, month=1, state="approved", committed="0", obligated="0", paid="0", territories={})  # nothing to split
    BudgetModification.objects.create(fiscal_year=FiscalYear.objects.get(year=2025), project=pending,
                                      date=dt.date(2025, 1, 20), kind="addition", amount=Decimal("1000000"))
    period(month=2)
    return pending, unsplit


def _section(page, testid):
    return page.split(f'data-testid="{testid}"')[1].split("</table>")[0]


def test_the_dashboard_shows_the_money_by_source(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    table = _section(page, "sources")
    own = table.split("Recursos propios")[1].split("</tr>")[0]
    # definitive 30 + 20 + 10 M; committed 6 (split) + 5 (single source, no split) M; paid 1,5 M
    assert ["$ 60.000.000", "$ 11.000.000", "$ 1.500.000", "18,3 %"] == _cells(own)
    sgp = table.split("Sistema General de Participaciones")[1].split("</tr>")[0]
    assert ["$ 20.000.000", "$ 2.000.000", "$ 500.000", "10,0 %"] == _cells(sgp)
    # the multi-source project's report without a split and its modification without a source
    unassigned = table.split("Sin fuente asignada")[1].split("</tr>")[0]
    assert ["$ 1.000.000", "$ 3.000.000", "$ 0", "300,0 %"] == _cells(unassigned)


def _cells(row: str) -> list[str]:
    return [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:]]


def test_the_dashboard_lists_the_projects_that_need_a_split(login, planner, lead, lead2, data):
    pending, unsplit = data
    page = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    listed = page.split('data-testid="needs-split"')[1].split("</table>")[0]
    assert "Proyecto por repartir" in listed
    assert f'href="/proyectos/{pending.pk}/"' in listed
    assert f'href="/seguimiento/reportes/{unsplit.pk}/">02/2025</a>' in listed
    assert "01/2025" not in listed  # its January report has no amounts: nothing to split
    row = listed.split("Proyecto por repartir")[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row  # one modification without a source
    assert "Proyecto repartido" not in listed and "Proyecto de una fuente" not in listed
    # A lead sees the projects they lead only.
    assert "Proyecto por repartir" in login(lead).get("/seguimiento/?anio=2025&mes=2").content.decode()
    assert 'data-testid="needs-split"' not in login(lead2).get("/seguimiento/?anio=2025&mes=2").content.decode()

"""The budget year page shows the year's money by funding source: per source its initial budget,
modifications, definitive budget and how many projects it funds, with totals equal to the year's;
a lead sees only their projects' money."""
import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from budget.models import BudgetModification
from budget.money import project_budgets
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def _rows(page: str) -> list[list[str]]:
    """The cells of the by-source table's rows (not its header), as text."""
    table = page.split('data-testid="by-source"')[1].split("</table>")[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in rows if row]


@pytest.fixture
def year(lead, lead2):
    fy = fiscal_year(2026, "10000000000")
    factories.funding_source("Recursos propios")
    factories.funding_source("SGP")
    one, _ = funded_project(lead, name="Vivienda nueva")
    allocate(fy, one, "1000000000")
    allocate(fy, one, "500000000", source="SGP")
    BudgetModification.objects.create(
        fiscal_year=fy, project=one, date=dt.date(2026, 3, 1), kind="reduction", amount=Decimal("200000000"),
        source=factories.funding_source("SGP"),
    )
    two, _ = funded_project(lead2, name="Mejoramiento")
    allocate(fy, two, "2000000000")
    BudgetModification.objects.create(  # its single source: Recursos propios
        fiscal_year=fy, project=two, date=dt.date(2026, 4, 1), kind="addition", amount=Decimal("300000000"),
    )
    BudgetModification.objects.create(  # after the page's date: not counted yet
        fiscal_year=fy, project=two, date=dt.date(2026, 11, 1), kind="addition", amount=Decimal("1"),
    )
    return fy, one, two


@time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False)
def test_the_year_page_shows_each_sources_money_and_totals_equal_to_the_years(login, reader, year):
    fy, one, two = year
    page = login(reader).get("/presupuesto/2026/").content.decode()
    assert "<h2>Por fuente de financiación</h2>" in page
    assert _rows(page) == [
        ["01", "Recursos propios", "2", "$ 3.000.000.000", "$ 300.000.000", "$ 3.300.000.000"],
        ["02", "SGP", "1", "$ 500.000.000", "-$ 200.000.000", "$ 300.000.000"],
        ["Total", "2", "$ 3.500.000.000", "$ 100.000.000", "$ 3.600.000.000"],
    ]
    budgets = project_budgets([one.pk, two.pk], 2026, dt.date(2026, 6, 15))
    assert fy.allocated_total == Decimal("3500000000") == sum(b.initial for b in budgets.values())
    assert sum(b.definitive for b in budgets.values()) == Decimal("3600000000")


@time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False)
def test_a_lead_sees_only_their_projects_money_by_source(login, lead, year):
    page = login(lead).get("/presupuesto/2026/").content.decode()
    assert _rows(page) == [
        ["01", "Recursos propios", "1", "$ 1.000.000.000", "$ 0", "$ 1.000.000.000"],
        ["02", "SGP", "1", "$ 500.000.000", "-$ 200.000.000", "$ 300.000.000"],
        ["Total", "1", "$ 1.500.000.000", "-$ 200.000.000", "$ 1.300.000.000"],
    ]


@time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False)
def test_a_modification_without_source_on_a_two_source_project_shows_unassigned(login, planner, year):
    fy, one, _ = year
    BudgetModification.objects.create(  # from before sources
        fiscal_year=fy, project=one, date=dt.date(2026, 5, 1), kind="addition", amount=Decimal("70000000"),
    )
    rows = _rows(login(planner).get("/presupuesto/2026/").content.decode())
    assert rows[2][1].startswith("Sin fuente asignada")
    assert rows[2][0] == "" and rows[2][2:] == ["1", "$ 0", "$ 70.000.000", "$ 70.000.000"]
    assert rows[3] == ["Total", "2", "$ 3.500.000.000", "$ 170.000.000", "$ 3.670.000.000"]

"""The project page shows the project's budget by funding source for each year it has money, to
those who may see that project's money, in a constant number of queries."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from budget.models import BudgetModification
from budget.panels import project_budget
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False):
        yield


def _panel(page: str) -> str:
    return page.split('data-testid="project-budget"')[1].split("</section>")[0]


@pytest.fixture
def project(lead):
    project, _ = funded_project(lead, name="Vivienda nueva")
    fy2025, fy2026 = fiscal_year(2025), fiscal_year(2026)
    allocate(fy2025, project, "800000000")
    allocate(fy2026, project, "1000000000")
    allocate(fy2026, project, "500000000", source="SGP")
    BudgetModification.objects.create(
        fiscal_year=fy2026, project=project, date=dt.date(2026, 3, 1), kind="reduction", amount=Decimal("200000000"),
        source=factories.funding_source("SGP"),
    )
    BudgetModification.objects.create(  # after today (15/06/2026): not counted yet
        fiscal_year=fy2026, project=project, date=dt.date(2026, 9, 1), kind="addition", amount=Decimal("5"),
        source=factories.funding_source("SGP"),
    )
    BudgetModification.objects.create(  # its single source in 2025
        fiscal_year=fy2025, project=project, date=dt.date(2025, 7, 1), kind="addition", amount=Decimal("100000000"),
    )
    return project


@pytest.mark.parametrize("persona", ["lead", "reader", "planner", "finance", "director"])
def test_the_projects_lead_and_the_read_all_roles_see_its_budget_by_source_per_year(login, project, persona, request):
    panel = _panel(login(request.getfixturevalue(persona)).get(f"/proyectos/{project.pk}/").content.decode())
    y2025 = panel.split('data-testid="project-budget-2025"')[1].split("</table>")[0]
    y2026 = panel.split('data-testid="project-budget-2026"')[1].split("</table>")[0]
    assert panel.index("Vigencia 2025") < panel.index("Vigencia 2026")
    assert (
        '<tr><td>01 Recursos propios</td><td class="num">$ 800.000.000</td><td class="num">$ 100.000.000</td>'
        '<td class="num">$ 900.000.000</td></tr>'
    ) in y2025
    assert "Total" not in y2025  # one source: no total row
    assert (
        '<tr><td>01 Recursos propios</td><td class="num">$ 1.000.000.000</td><td class="num">$ 0</td>'
        '<td class="num">$ 1.000.000.000</td></tr>'
    ) in y2026
    assert (
        '<tr><td>02 SGP</td><td class="num">$ 500.000.000</td><td class="num">-$ 200.000.000</td>'
        '<td class="num">$ 300.000.000</td></tr>'
    ) in y2026
    assert (
        '<td>Total</td><td class="num">$ 1.500.000.000</td><td class="num">-$ 200.000.000</td>'
        '<td class="num">$ 1.300.000.000</td>'
    ) in y2026
    assert "Con las modificaciones hasta el 15/06/2026." in panel and "Con las modificaciones hasta el 31/12/2025." in panel


def test_another_lead_and_a_user_without_role_do_not_see_it(login, project, lead2, outsider):
    for user in (lead2, outsider):
        assert login(user).get(f"/proyectos/{project.pk}/").status_code == 404
        request = RequestFactory().get("/")
        request.user = user
        assert project_budget(request, project) is None  # the panel checks by itself too


def test_a_project_without_money_has_no_budget_panel(login, lead):
    project = factories.project(lead=lead)
    assert 'data-testid="project-budget"' not in login(lead).get(f"/proyectos/{project.pk}/").content.decode()


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_panel_reads_in_a_constant_number_of_queries(login, reader, lead):
    project, _ = funded_project(lead)
    allocate(fiscal_year(2026), project, "1000000000")
    client = login(reader)
    url = f"/proyectos/{project.pk}/"
    small = _count(client, url)
    for year in (2024, 2025, 2027):
        fy = fiscal_year(year)
        for source in ("Recursos propios", "SGP", "Crédito"):
            allocate(fy, project, "100000000", source=source)
            BudgetModification.objects.create(
                fiscal_year=fy, project=project, date=dt.date(year, 1, 1), kind="addition", amount=Decimal("1"),
                source=factories.funding_source(source),
            )
    page = client.get(url).content.decode()
    assert all(f'data-testid="project-budget-{y}"' in page for y in (2024, 2025, 2026, 2027))
    assert _count(client, url) == small

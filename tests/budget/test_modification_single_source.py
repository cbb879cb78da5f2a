"""On a project with a single source in the year a modification may leave its source empty: it is
that source's money (money.source_budgets counts it there)."""
import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification
from budget.money import ProjectBudget, source_budgets
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def test_a_single_source_projects_modification_without_source_is_accepted_and_counted_on_that_source(
    login, finance, lead
):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000", source="SGP")
    response = login(finance).post("/presupuesto/2026/modificaciones/nueva/", {
        "project": project.pk, "kind": "addition", "source": "", "date": "2026-05-04",
        "act_number": "Resolución 345", "amount": "200.000.000",
    })
    assert response.status_code == 302
    modification = BudgetModification.objects.get()
    assert modification.source is None
    sgp = factories.funding_source("SGP")
    assert source_budgets([project.pk], 2026, dt.date(2026, 12, 31)) == {
        project.pk: {sgp: ProjectBudget(Decimal("1000000000"), Decimal("200000000"), Decimal("1200000000"))}
    }
    page = login(finance).get("/presupuesto/2026/").content.decode()
    assert "La única del proyecto" in page

"""A modification of a project with several sources in the year must name its source: the form
refuses it without one, in Spanish, showing again what was typed, and nothing is saved."""
import datetime as dt
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetModification
from isvimed_planning.workflow import DomainError
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db

MESSAGE = "El proyecto tiene 2 fuentes de financiación en 2026: elija la fuente de la modificación."


def test_the_form_refuses_a_modification_without_source_on_a_two_source_project_keeping_what_was_typed(
    login, finance, lead
):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    response = login(finance).post("/presupuesto/2026/modificaciones/nueva/", {
        "project": project.pk, "kind": "addition", "source": "", "date": "2026-05-04",
        "act_number": "Resolución 345", "amount": "200.000.000",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<p class="field-error" id="id_source_error">{MESSAGE}</p>' in page
    assert f'<option value="{project.pk}" selected>' in page
    assert '<option value="addition" selected>' in page
    assert 'value="2026-05-04"' in page and 'value="Resolución 345"' in page and 'value="200.000.000"' in page
    assert not BudgetModification.objects.exists()


def test_the_service_refuses_it_too(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    with pytest.raises(DomainError) as refused:
        services.modification_create(
            by=finance, fiscal_year=fy, project=project, date=dt.date(2026, 5, 4), kind="reduction",
            amount=Decimal("1"),
        )
    assert (refused.value.message, refused.value.field) == (MESSAGE, "source")
    assert not BudgetModification.objects.exists()

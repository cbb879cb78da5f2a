"""A reduction may not leave the source the money leaves below zero, even when the project's
total stays positive."""
import datetime as dt
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetModification
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def test_a_reduction_leaving_a_source_negative_is_refused(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    with pytest.raises(DomainError) as refused:
        services.modification_create(
            by=finance, fiscal_year=fy, project=project, date=dt.date(2026, 5, 4), kind="counter_credit_transfer",
            amount=Decimal("600000000"), source=factories.funding_source("SGP"),
        )
    assert refused.value.message == (
        "La modificación deja la fuente 02 SGP del proyecto en -$ 100.000.000: no puede ser negativa."
    )
    assert refused.value.field == "amount"
    assert not BudgetModification.objects.exists()


def test_the_form_shows_the_refusal_under_the_amount(login, finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    response = login(finance).post("/presupuesto/2026/modificaciones/nueva/", {
        "project": project.pk, "kind": "reduction", "source": factories.funding_source("SGP").pk,
        "date": "2026-05-04", "act_number": "", "amount": "600.000.000",
    })
    assert response.status_code == 400
    assert (
        '<p class="field-error" id="id_amount_error">La modificación deja la fuente 02 SGP del proyecto en '
        "-$ 100.000.000: no puede ser negativa.</p>"
    ) in response.content.decode()
    assert not BudgetModification.objects.exists()


def test_the_same_reduction_fits_the_larger_source(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    allocate(fy, project, "500000000", source="SGP")
    services.modification_create(
        by=finance, fiscal_year=fy, project=project, date=dt.date(2026, 5, 4), kind="reduction",
        amount=Decimal("600000000"), source=factories.funding_source("Recursos propios"),
    )
    assert BudgetModification.objects.count() == 1

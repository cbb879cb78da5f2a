"""An inactive funding source is not offered for new money: the allocation form leaves it out and
the services refuse it; what was recorded with it stays and can still be changed."""
import datetime as dt
from decimal import Decimal

import pytest

from budget import forms, services
from budget.models import BudgetModification, ProjectAllocation
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db

MESSAGE = "La fuente 02 Crédito está inactiva: elija otra o actívela en la administración."


def _inactive():
    factories.funding_source("Recursos propios")
    source = factories.funding_source("Crédito")
    source.active = False
    source.save()
    return source


def test_the_allocation_form_does_not_offer_an_inactive_source(login, finance, lead):
    credit = _inactive()
    fiscal_year(2026)
    funded_project(lead)
    page = login(finance).get("/presupuesto/2026/").content.decode()
    assert "01 Recursos propios</option>" in page
    assert f'<option value="{credit.pk}">' not in page.split('id="id_source"')[1].split("</select>")[0]
    form = forms.AllocationForm({"project": "", "source": credit.pk, "amount": "1"}, projects=None)
    assert not form.is_valid()
    assert form.errors["source"] == ["Escoja una opción válida. Esa opción no está entre las disponibles."]


def test_the_allocation_service_refuses_an_inactive_source(finance, lead):
    credit = _inactive()
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    with pytest.raises(DomainError) as refused:
        services.allocation_set(by=finance, fiscal_year=fy, project=project, source=credit, amount=Decimal("100"))
    assert (refused.value.message, refused.value.field) == (MESSAGE, "source")
    assert not ProjectAllocation.objects.exists()


def test_a_modification_naming_an_inactive_source_the_project_does_not_have_is_refused(finance, lead):
    credit = _inactive()
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocate(fy, project, "1000000000")
    with pytest.raises(DomainError) as refused:
        services.modification_create(
            by=finance, fiscal_year=fy, project=project, date=dt.date(2026, 5, 4), kind="addition",
            amount=Decimal("100"), source=credit,
        )
    assert refused.value.message == MESSAGE
    assert not BudgetModification.objects.exists()


def test_money_already_on_an_inactive_source_can_still_be_changed(finance, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocation = allocate(fy, project, "1000000000", source="Crédito")
    credit = allocation.source
    credit.active = False
    credit.save()
    services.allocation_set(by=finance, fiscal_year=fy, project=project, source=credit, amount=Decimal("800000000"))
    services.modification_create(
        by=finance, fiscal_year=fy, project=project, date=dt.date(2026, 5, 4), kind="addition",
        amount=Decimal("100"), source=credit,
    )
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("800000000")
    assert BudgetModification.objects.get().source == credit

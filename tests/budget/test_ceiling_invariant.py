"""The sum of a year's allocations never exceeds its global ceiling."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budget import services
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def _set(finance, fy, project, amount, source="Recursos propios"):
    return services.allocation_set(
        by=finance, fiscal_year=fy, project=project, source=factories.funding_source(source), amount=Decimal(amount)
    )


def test_an_allocation_that_passes_the_ceiling_is_refused_saying_by_how_much(finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    p2, _ = funded_project(lead)
    _set(finance, fy, p1, "6000000000")
    with pytest.raises(DomainError) as refused:
        _set(finance, fy, p2, "4500000000")
    assert refused.value.message == "La asignación supera el tope global de la vigencia 2026 en $ 500.000.000."
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("6000000000")
    assert ProjectAllocation.objects.count() == 1


def test_allocated_total_follows_every_change_and_delete(finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    a = _set(finance, fy, p1, "3000000000")
    _set(finance, fy, p1, "1000000000", source="Sistema General de Participaciones")
    _set(finance, fy, p1, "2000000000")  # same source: changes the amount
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("3000000000")
    assert fy.free == Decimal("7000000000")
    services.allocation_delete(by=finance, allocation=ProjectAllocation.objects.get(pk=a.pk))
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("1000000000")


def test_raising_an_allocation_to_exactly_the_ceiling_is_allowed(finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    _set(finance, fy, p1, "10000000000")
    fy.refresh_from_db()
    assert fy.free == 0


def test_the_ceiling_cannot_go_below_what_is_already_allocated(finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    _set(finance, fy, p1, "8000000000")
    with pytest.raises(DomainError) as refused:
        services.fiscal_year_set_ceiling(by=finance, fiscal_year=fy, global_ceiling=Decimal("7000000000"))
    assert refused.value.message == (
        "El tope global no puede ser menor que lo ya asignado en la vigencia 2026 ($ 8.000.000.000)."
    )


def test_only_finance_allocates_and_a_closed_year_admits_no_change(finance, planner, lead):
    fy = fiscal_year(2026)
    p1, _ = funded_project(lead)
    with pytest.raises(DomainError) as refused:
        _set(planner, fy, p1, "1000")
    assert refused.value.message == "Su rol no permite esta acción."
    services.fiscal_year_close(by=finance, fiscal_year=fy)
    with pytest.raises(DomainError) as closed:
        _set(finance, fy, p1, "1000")
    assert closed.value.message == "La vigencia 2026 está cerrada: no admite cambios."


def test_the_database_itself_refuses_a_total_above_the_ceiling(db):
    fy = fiscal_year(2026, "1000")
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=Decimal("1001"))


def test_only_registered_viable_or_running_projects_receive_money(finance, lead):
    from projects.models import ProjectState

    fy = fiscal_year(2026)
    draft, _ = funded_project(lead, state=ProjectState.FORMULATION)
    with pytest.raises(DomainError) as refused:
        _set(finance, fy, draft, "1000")
    assert refused.value.message == "Solo se asignan techos a proyectos inscritos, viables o en ejecución."

"""Builders for budget tests: a budget year and projects ready to receive money."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from budget.models import FiscalYear, ProjectAllocation, UnitCost
from projects.models import ProjectState
from tests import factories


def fiscal_year(year: int = 2026, ceiling: str = "10000000000") -> FiscalYear:
    return FiscalYear.objects.create(year=year, global_ceiling=Decimal(ceiling), opened_on=dt.date(year - 1, 9, 1))


def funded_project(lead, *, name=None, state=ProjectState.VIABLE, goal="100", unit_cost=None, year=2026, code="P1",
                   the_program=None):
    """A registered project with one product whose goal for `year` is `goal`."""
    project = factories.project(lead=lead, state=state, name=name, the_program=the_program)
    product = factories.product(project, code=code, goals={year: goal}, name=f"Viviendas de {project.name}")
    if unit_cost is not None:
        UnitCost.objects.create(product=product, year=year, amount=Decimal(unit_cost))
    return project, product


def numbered_project(lead, n: int, *, unit_cost: str | None = None, state=ProjectState.VIABLE):
    """Project n of 2026 (BPIN 2026000nnn, so paged lists show them in n order), one product,
    goal 100, and its unit cost when given."""
    project = factories.project(lead=lead, state=state, bank_code=f"2026000{n:03d}", name=f"Proyecto de vivienda {n:02d}")
    product = factories.product(project, code="P1", goals={2026: "100"}, name=f"Viviendas {n:02d}")
    if unit_cost is not None:
        UnitCost.objects.create(product=product, year=2026, amount=Decimal(unit_cost))
    return project, product


def allocate(fy: FiscalYear, project, amount: str, source: str = "Recursos propios") -> ProjectAllocation:
    """Direct write for setting up data (keeps allocated_total in step like the services do)."""
    allocation = ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=factories.funding_source(source), amount=Decimal(amount))
    FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=fy.allocated_total + Decimal(amount))
    fy.refresh_from_db()
    return allocation

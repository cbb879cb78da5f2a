"""Builders for project tests: a complete project ready for review, on top of tests/factories.py."""
from __future__ import annotations

from decimal import Decimal

from isvimed_planning.models import Territory
from projects.models import Activity, ActivityCost, ProjectFunding, ProjectTerritory
from tests import factories


def complete_project(*, lead, state="formulation", name=None, territory_code=10, **kwargs):
    """A project with territory, one product with an activity costed in two years, and funding."""
    project = factories.project(lead=lead, state=state, name=name, territory_code=territory_code, **kwargs)
    product = factories.product(project, code="P1", name="Viviendas nuevas entregadas", goals={2024: "10", 2025: "20"})
    activity = Activity.objects.create(product=product, name="Construcción")
    ActivityCost.objects.create(activity=activity, year=2024, amount=Decimal("1000000"))
    ActivityCost.objects.create(activity=activity, year=2025, amount=Decimal("2500000"))
    ProjectFunding.objects.create(
        project=project, source=factories.funding_source(), year=2024, amount=Decimal("1000000")
    )
    return project


def territory(code: int) -> Territory:
    return Territory.objects.get(code=code)


def set_territories(project, shares: dict[int, str]):
    ProjectTerritory.objects.filter(project=project).delete()
    for code, share in shares.items():
        ProjectTerritory.objects.create(project=project, territory=territory(code), share=Decimal(share))

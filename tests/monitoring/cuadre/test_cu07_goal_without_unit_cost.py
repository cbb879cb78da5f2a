"""CU07: a product of a project with budget in the year whose goal in force is above 0 and that
has no unit cost for the year: an error for the lead, fixed on the unit costs page."""
import datetime as dt

import pytest

from budget.models import UnitCost
from monitoring.cuadre import checks_planning

from .planning_builders import YEAR, ctx, product, project, reprogram

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.goal_without_unit_cost(ctx()))


def test_a_goal_without_unit_cost_is_an_error_for_the_lead(lead):
    proj = project(lead, allocation="900000000")
    prod = product(proj, goal="20")
    [finding] = _found()
    assert finding.message == "Meta vigente 2026: 20 Viviendas; sin costo unitario de 2026."
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU07", "error", "product", prod.pk)
    assert finding.subject == "Producto P1 — Viviendas nuevas (proyecto 2026000001)"
    assert finding.url == f"/presupuesto/2026/costos-unitarios/?producto={prod.pk}"
    assert (finding.project_id, finding.lead_id) == (proj.pk, lead.pk)


def test_a_unit_cost_of_another_year_does_not_count_and_one_of_the_year_settles_it(lead):
    prod = product(project(lead, allocation="900000000"), goal="20")
    UnitCost.objects.create(product=prod, year=YEAR - 1, amount=45000000)
    assert len(_found()) == 1
    UnitCost.objects.create(product=prod, year=YEAR, amount=45000000)
    assert _found() == []


def test_a_goal_reprogrammed_to_zero_or_no_budget_asks_for_no_unit_cost(lead):
    prod = product(project(lead, allocation="900000000"), goal="20")
    reprogram(prod, goal="0", day=dt.date(2026, 7, 15))
    assert len(_found()) == 1  # the reprogramming takes effect after the cutoff
    reprogram(prod, goal="0", day=dt.date(2026, 6, 30))
    assert _found() == []
    product(project(lead, bank_code="2026000002"), goal="20")  # no allocation in 2026
    assert _found() == []

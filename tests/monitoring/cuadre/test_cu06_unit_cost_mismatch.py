"""CU06: a product's goal in force × its unit cost against the money allocated to it, the
project's definitive budget (all of it for a single product; split by the formulation's
activity costs among several), beyond the relative tolerance CUADRE_UNIT_COST_TOLERANCE."""
import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification, FiscalYear
from monitoring.cuadre import checks_planning
from monitoring.cuadre.compute import run_rules
from tests import factories

from .planning_builders import CUTOFF, YEAR, ctx, product, project, reprogram

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.unit_cost_mismatch(ctx()))


def test_a_goal_that_costs_more_than_its_project_has_is_an_alert_for_the_lead(lead):
    proj = project(lead, allocation="900000000")
    prod = product(proj, goal="20", unit_cost="50000000")
    [finding] = _found()
    assert finding.message == "Meta 20 × costo unitario $ 50.000.000 = $ 1.000.000.000; asignado $ 900.000.000 (diferencia 11,1 %)."
    assert (finding.rule, finding.severity) == ("CU06", "alerta")
    assert (finding.object_kind, finding.object_id) == ("product", prod.pk)
    assert finding.subject == "Producto P1 — Viviendas nuevas (proyecto 2026000001)"
    assert finding.url == f"/presupuesto/{YEAR}/costos-unitarios/?producto={prod.pk}"
    assert (finding.project_id, finding.program_id, finding.org_unit_id, finding.lead_id) == (
        proj.pk, proj.program_id, proj.org_unit_id, lead.pk
    )
    assert finding.numbers["allocated"] == Decimal("900000000")
    assert [f.key for f in run_rules(year=YEAR, cutoff=CUTOFF) if f.rule == "CU06"] == [finding.key]


def test_within_the_tolerance_there_is_nothing_until_the_tolerance_is_lowered(lead, settings):
    proj = project(lead, allocation="995000000")  # 20 × 50 M = 1.000 M: 0,5 % over
    product(proj, goal="20", unit_cost="50000000")
    assert _found() == []
    settings.CUADRE_UNIT_COST_TOLERANCE = Decimal("0.001")
    [finding] = _found()
    assert finding.message == "Meta 20 × costo unitario $ 50.000.000 = $ 1.000.000.000; asignado $ 995.000.000 (diferencia 0,5 %)."


def test_the_goal_is_the_one_in_force_and_the_money_the_definitive_budget_at_the_cutoff(lead):
    proj = project(lead, allocation="900000000")
    prod = product(proj, goal="20", unit_cost="50000000")
    reprogram(prod, goal="18")  # approved on 01/04/2026: 18 × 50 M = 900 M
    assert _found() == []
    BudgetModification.objects.create(
        fiscal_year=FiscalYear.objects.get(year=YEAR), project=proj, date=dt.date(2026, 5, 10), kind="addition",
        amount=Decimal("100000000"), source=factories.funding_source(),
    )
    [finding] = _found()
    assert finding.message == "Meta 18 × costo unitario $ 50.000.000 = $ 900.000.000; asignado $ 1.000.000.000 (diferencia 10,0 %)."
    # A modification after the cutoff does not count yet.
    BudgetModification.objects.filter(project=proj).update(date=dt.date(2026, 7, 1))
    assert _found() == []


def test_several_products_share_the_budget_as_their_activities_cost(lead):
    proj = project(lead, allocation="1000000000")
    product(proj, code="P1", goal="10", unit_cost="60000000", activity_cost="600000000")  # 600 M of 600 M: fits
    p2 = product(proj, code="P2", name="Lotes habilitados", goal="10", unit_cost="50000000", activity_cost="400000000")
    [finding] = _found()
    assert finding.object_id == p2.pk
    assert finding.message == (
        "Meta 10 × costo unitario $ 50.000.000 = $ 500.000.000; asignado $ 400.000.000 (diferencia 25,0 %). "
        "Lo asignado es el 40,0 % del presupuesto definitivo del proyecto ($ 1.000.000.000), la parte de los "
        "costos de sus actividades de 2026."
    )


def test_several_products_without_activity_costs_compare_the_whole_project(lead):
    proj = project(lead, allocation="1000000000")
    product(proj, code="P1", goal="10", unit_cost="60000000")
    product(proj, code="P2", name="Lotes habilitados", goal="10", unit_cost="30000000")
    [finding] = _found()
    assert (finding.object_kind, finding.object_id, finding.lead_id) == ("project", proj.pk, lead.pk)
    assert finding.subject == "Proyecto 2026000001 — Vivienda nueva en ladera"
    assert finding.message == (
        "Σ metas × costos unitarios de sus 2 productos = $ 900.000.000; asignado $ 1.000.000.000 (diferencia "
        "10,0 %). Sin costos de actividades de 2026 en la formulación, el presupuesto definitivo no se reparte "
        "entre los productos."
    )


def test_products_without_unit_cost_or_projects_without_budget_are_not_compared(lead):
    costed = project(lead, allocation="900000000")
    product(costed, goal="20")  # no unit cost: CU07's
    no_budget = project(lead, bank_code="2026000002")
    product(no_budget, goal="20", unit_cost="50000000")
    assert _found() == []


def test_a_changed_activity_cost_makes_a_new_run(lead):
    from monitoring.cuadre.compute import data_version
    from projects.models import ActivityCost

    proj = project(lead, allocation="1000000000")
    product(proj, code="P1", goal="10", unit_cost="60000000", activity_cost="600000000")
    before = data_version()
    cost = ActivityCost.objects.get()
    cost.amount = Decimal("500000000")
    cost.save()
    assert data_version() != before

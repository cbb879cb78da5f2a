"""CU12: what a product's physical programming reaches in December (the sum of the months for a
cumulative indicator, the level of the latest programmed month for a non-cumulative one) against
its goal in force at the cutoff."""
import pytest

from action_plan.models import PhysicalMonthlyTarget
from monitoring.cuadre import checks_planning
from tests import factories

from .planning_builders import ctx, entry, product, project, reprogram

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.physical_programming_mismatch(ctx()))


def test_cumulative_programming_that_does_not_add_up_to_the_goal_is_an_alert(lead):
    proj = project(lead, allocation="900000000")
    prod = product(proj, goal="20")
    line = entry(proj, money={1: "900000000"}, quantities={prod: {3: "5", 9: "10"}})
    [finding] = _found()
    assert finding.message == "Programación física 2026: 15 Viviendas (suma de los meses); meta vigente al corte: 20 Viviendas."
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU12", "alerta", "product", prod.pk)
    assert finding.subject == "Producto P1 — Viviendas nuevas (proyecto 2026000001)"
    assert finding.url == f"/plan-accion/2026/proyectos/{line.pk}/"
    assert (finding.project_id, finding.lead_id) == (proj.pk, lead.pk)


def test_cumulative_programming_equal_to_the_goal_in_force_is_fine(lead):
    proj = project(lead)
    prod = product(proj, goal="20")
    entry(proj, quantities={prod: {3: "5", 9: "10"}})
    reprogram(prod, goal="15")
    assert _found() == []


def test_non_cumulative_programming_is_the_level_of_its_last_month(lead):
    proj = project(lead)
    level = factories.indicator("4.2.1.9", accumulation="non_cumulative", unit="Hogares")
    prod = product(proj, name="Hogares con subsidio", goal="300", the_indicator=level)
    entry(proj, quantities={prod: {3: "100", 6: "200", 12: "300"}})
    assert _found() == []  # not 600
    PhysicalMonthlyTarget.objects.filter(product=prod, month=12).delete()
    [finding] = _found()
    assert finding.message == (
        "Programación física 2026: 200 Hogares (nivel del último mes programado); meta vigente al corte: 300 Hogares."
    )


def test_a_goal_without_programming_and_programming_without_goal(lead):
    proj = project(lead)
    unprogrammed = product(proj, code="P1", goal="20")
    ungoaled = product(proj, code="P2", name="Lotes habilitados", goal=None)
    product(proj, code="P3", name="Estudios", goal=None)  # neither: nothing to compare
    entry(proj, quantities={ungoaled: {5: "4"}})
    first, second = _found()
    assert (first.object_id, first.message) == (
        unprogrammed.pk, "Sin programación física en el plan de acción 2026; meta vigente al corte: 20 Viviendas."
    )
    assert (second.object_id, second.message) == (
        ungoaled.pk, "Programación física 2026: 4 Viviendas (suma de los meses); sin meta vigente de 2026."
    )

"""CU09: the annual targets of an indicator over the four plan years against its four-year goal:
cumulative, their sum; non-cumulative, the last year's. A year without a target is named and is
a finding on its own."""
import pytest

from monitoring.cuadre import checks_planning
from tests import factories

from .planning_builders import ctx

pytestmark = pytest.mark.django_db

ALL_YEARS = {2024: "10", 2025: "20", 2026: "30", 2027: "40"}


def _found():
    return list(checks_planning.annual_targets_mismatch(ctx()))


def test_cumulative_targets_that_do_not_add_up_to_the_period_target_are_an_error(db):
    indicator = factories.indicator("4.2.1.1", name="Viviendas nuevas", period_target="120", targets=ALL_YEARS)
    [finding] = _found()
    assert finding.message == (
        "Acumulativo: la suma de las metas anuales es 100 y la meta del cuatrienio 120 "
        "(2024: 10; 2025: 20; 2026: 30; 2027: 40)."
    )
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU09", "error", "indicator", indicator.pk)
    assert finding.subject == "Indicador 4.2.1.1 — Viviendas nuevas"
    assert finding.url == f"/estrategia/indicadores/{indicator.pk}/"
    assert finding.lead_id is None


def test_cumulative_targets_that_add_up_are_fine(db):
    factories.indicator("4.2.1.1", period_target="100", targets=ALL_YEARS)
    assert _found() == []


def test_non_cumulative_the_last_year_is_the_period_target(db):
    factories.indicator("4.2.1.1", accumulation="non_cumulative", period_target="40", targets=ALL_YEARS)
    assert _found() == []
    factories.indicator("4.2.1.2", accumulation="non_cumulative", period_target="100", targets=ALL_YEARS)
    [finding] = _found()
    assert finding.message == (
        "No acumulativo: la meta de 2027, el último año, es 40 y la meta del cuatrienio 100 "
        "(2024: 10; 2025: 20; 2026: 30; 2027: 40)."
    )


def test_missing_years_are_named_even_when_the_others_add_up(db):
    factories.indicator("4.2.1.1", period_target="100", targets={2024: "30", 2025: "30", 2027: "40"})
    factories.indicator("4.2.1.2", accumulation="non_cumulative", period_target="40",
                        targets={2024: "10", 2025: "20", 2026: "30"})
    first, second = _found()
    assert first.message == (
        "Acumulativo: la suma de las metas anuales es 100 y la meta del cuatrienio 100 "
        "(2024: 30; 2025: 30; 2026: sin meta; 2027: 40). Años sin meta: 2026."
    )
    assert second.message == (
        "No acumulativo: sin meta de 2027, el último año, que debe ser la meta del cuatrienio 40 "
        "(2024: 10; 2025: 20; 2026: 30; 2027: sin meta). Años sin meta: 2027."
    )


def test_only_the_plan_covering_the_year_is_read(db):
    other = factories.program("4.2.1", the_plan=factories.plan(2028, name="Plan siguiente"))
    factories.indicator("4.2.1.1", the_program=other, period_target="999", targets={2028: "1"})
    assert _found() == []

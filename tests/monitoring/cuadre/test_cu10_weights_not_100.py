"""CU10: the weights of a program's indicators must add up to 100 (strategy.selectors.weight_sum)."""
import pytest

from monitoring.cuadre import checks_planning
from tests import factories

from .planning_builders import ctx

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.weights_not_100(ctx()))


def test_weights_short_of_100_are_an_error_on_the_program(db):
    program = factories.program("4.2.1", name="Vivienda nueva")
    factories.indicator("4.2.1.1", the_program=program, weight="60")
    factories.indicator("4.2.1.2", the_program=program, weight="39.5")
    [finding] = _found()
    assert finding.message == "Las ponderaciones de sus 2 indicadores suman 99,5, no 100 (faltan 0,5)."
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU10", "error", "program", program.pk)
    assert finding.subject == "Programa 4.2.1 — Vivienda nueva"
    assert finding.url == f"/estrategia/programas/{program.pk}/editar/"
    assert (finding.program_id, finding.project_id, finding.lead_id) == (program.pk, None, None)


def test_weights_over_100_are_an_error_too_and_100_is_fine(db):
    over = factories.program("4.2.1")
    factories.indicator("4.2.1.1", the_program=over, weight="60")
    factories.indicator("4.2.1.2", the_program=over, weight="60")
    fine = factories.program("4.2.2", name="Mejoramiento")
    factories.indicator("4.2.2.1", the_program=fine, weight="60")
    factories.indicator("4.2.2.2", the_program=fine, weight="40")
    factories.program("4.2.3", name="Sin indicadores")
    [finding] = _found()
    assert (finding.object_id, finding.message) == (
        over.pk, "Las ponderaciones de sus 2 indicadores suman 120, no 100 (sobran 20)."
    )

"""CU08: a product indicator of the plan with a target above 0 for the year that no product of a
project in execution feeds: an alert for the planning office, on the indicator's page."""
import pytest

from monitoring.cuadre import checks_planning
from tests import factories

from .planning_builders import ctx, product, project

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.indicator_without_product(ctx()))


def test_an_indicator_with_a_target_and_no_product_in_execution_is_an_alert(lead):
    indicator = factories.indicator("4.2.1.1", name="Viviendas nuevas entregadas", targets={2026: "250"})
    product(project(lead, state="viable"), the_indicator=indicator)  # not in execution yet
    [finding] = _found()
    assert finding.message == "Meta 2026: 250 Viviendas; ningún producto de un proyecto en ejecución alimenta el indicador."
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU08", "alerta", "indicator", indicator.pk)
    assert finding.subject == "Indicador 4.2.1.1 — Viviendas nuevas entregadas"
    assert finding.url == f"/estrategia/indicadores/{indicator.pk}/"
    assert (finding.program_id, finding.org_unit_id, finding.project_id, finding.lead_id) == (
        indicator.program_id, indicator.org_unit_id, None, None
    )


def test_a_product_in_execution_feeds_it(lead):
    indicator = factories.indicator("4.2.1.1", targets={2026: "250"})
    product(project(lead), the_indicator=indicator)
    assert _found() == []


def test_no_target_a_zero_target_or_a_result_indicator_ask_for_no_product(lead):
    factories.indicator("4.2.1.1", targets={2026: "0", 2027: "100"})
    factories.indicator("4.2.1.2", targets={2025: "100"})
    factories.indicator("4.2.1.3", kind="result", targets={2026: "40"})
    assert _found() == []

"""CU14: a plan indicator's MGA indicator code must start with the MGA product code of every
product feeding it (projects.dnp's rule, here over data already stored); an indicator without a
code fed by coded products is named too."""
import pytest

from monitoring.cuadre import checks_planning
from projects.models import Product
from strategy.models import Indicator
from tests import factories

from .planning_builders import ctx, product, project

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.indicator_mga_mismatch(ctx()))


def _coded(prod, code):
    Product.objects.filter(pk=prod.pk).update(mga_product_code=code)


def _indicator(code="400101500"):
    indicator = factories.indicator("4.2.1.1", name="Viviendas nuevas entregadas")
    Indicator.objects.filter(pk=indicator.pk).update(mga_indicator_code=code)
    indicator.refresh_from_db()
    return indicator


def test_an_indicator_code_outside_a_feeding_product_code_is_an_alert_for_planning(lead):
    indicator = _indicator()
    _coded(product(project(lead), the_indicator=indicator), "4001015")
    _coded(product(project(lead, bank_code="2026000002"), the_indicator=indicator), "4001016")
    [finding] = _found()
    assert finding.message == (
        "El código de indicador MGA 400101500 del indicador 4.2.1.1 debe empezar por el código de producto MGA "
        "4001016 del producto P1 del proyecto 2026000002."
    )
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU14", "alerta", "indicator", indicator.pk)
    assert finding.subject == "Indicador 4.2.1.1 — Viviendas nuevas entregadas"
    assert finding.url == f"/estrategia/indicadores/{indicator.pk}/"
    assert (finding.program_id, finding.lead_id) == (indicator.program_id, None)


def test_matching_codes_and_uncoded_products_are_fine(lead):
    indicator = _indicator()
    _coded(product(project(lead), the_indicator=indicator), "4001015")
    product(project(lead, bank_code="2026000002"), the_indicator=indicator)
    assert _found() == []


def test_an_indicator_without_code_fed_by_coded_products(lead):
    indicator = _indicator(code="")
    _coded(product(project(lead), the_indicator=indicator), "4001015")
    [finding] = _found()
    assert finding.message == (
        "El indicador no tiene código de indicador MGA y lo alimentan productos con código MGA: "
        "4001015 (P1 del proyecto 2026000001)."
    )

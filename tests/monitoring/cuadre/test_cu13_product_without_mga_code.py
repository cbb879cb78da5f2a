"""CU13: a product without its MGA product code whose program has its budget program code."""
import pytest

from monitoring.cuadre import checks_planning
from projects.models import Product
from tests import factories

from .planning_builders import ctx, product, project

pytestmark = pytest.mark.django_db


def _found():
    return list(checks_planning.product_without_mga_code(ctx()))


@pytest.fixture
def coded_program(db):
    program = factories.program("4.2.1", name="Vivienda nueva")
    program.budget_program_code = "4001"
    program.save()
    return program


def test_a_product_without_mga_code_under_a_coded_program_is_an_alert_for_the_lead(lead, coded_program):
    proj = project(lead, the_program=coded_program)
    prod = product(proj)
    [finding] = _found()
    assert finding.message == (
        "El programa 4.2.1 tiene código de programa presupuestal 4001 y el producto no tiene código de producto MGA."
    )
    assert (finding.rule, finding.severity, finding.object_kind, finding.object_id) == ("CU13", "alerta", "product", prod.pk)
    assert finding.subject == "Producto P1 — Viviendas nuevas (proyecto 2026000001)"
    assert finding.url == f"/proyectos/{proj.pk}/productos/{prod.pk}/"
    assert (finding.project_id, finding.program_id, finding.lead_id) == (proj.pk, coded_program.pk, lead.pk)


def test_a_coded_product_an_uncoded_program_or_a_project_out_of_the_year_are_fine(lead, coded_program):
    prod = product(project(lead, the_program=coded_program))
    Product.objects.filter(pk=prod.pk).update(mga_product_code="4001015")
    product(project(lead, bank_code="2026000002", the_program=factories.program("4.2.2", name="Sin código")))
    product(project(lead, bank_code="2026000003", state="viable", the_program=coded_program))  # no budget, not running
    assert _found() == []
    # With budget in the year, a project not yet in execution counts.
    product(project(lead, bank_code="2026000004", state="viable", allocation="100000000", the_program=coded_program))
    [finding] = _found()
    assert finding.subject == "Producto P1 — Viviendas nuevas (proyecto 2026000004)"

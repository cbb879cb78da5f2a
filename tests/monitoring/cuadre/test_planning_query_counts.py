"""Each planning check of the cuadre (CU06–CU14) reads in the same number of queries whatever the
number of programs, indicators, projects and products, on data where every check finds something."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import UnitCost
from monitoring.cuadre import checks_planning
from projects.models import Product
from strategy.models import Indicator, Program
from tests import factories

from .planning_builders import ctx, entry, product, project

pytestmark = pytest.mark.django_db

CHECKS = (
    "unit_cost_mismatch", "goal_without_unit_cost", "indicator_without_product", "annual_targets_mismatch",
    "weights_not_100", "financial_programming_mismatch", "physical_programming_mismatch",
    "product_without_mga_code", "indicator_mga_mismatch",
)


def _grow(lead, start: int, n: int) -> None:
    for k in range(start, start + n):
        program = factories.program(f"4.{k}.1", name=f"Programa {k}")
        Program.objects.filter(pk=program.pk).update(budget_program_code=f"40{k:02d}")
        fed = factories.indicator(f"4.{k}.1.1", the_program=program, weight="50", targets={2026: "10"})
        Indicator.objects.filter(pk=fed.pk).update(mga_indicator_code="999999999")
        factories.indicator(f"4.{k}.1.2", the_program=program, weight="10", targets={2026: "5"})  # no product
        proj = project(lead, bank_code=f"2026{k:06d}", the_program=program, allocation="900000000")
        costed = product(proj, code="P1", goal="20", unit_cost="50000000", the_indicator=fed)
        Product.objects.filter(pk=costed.pk).update(mga_product_code=f"40{k:02d}015")
        uncosted = product(proj, code="P2", goal="5", activity_cost="100000000", the_indicator=fed)
        UnitCost.objects.filter(product=uncosted).delete()
        entry(proj, money={1: "100"}, quantities={costed: {1: "3"}})
        # A second project of the program whose two products have no activity costs (CU06 per project).
        other = project(lead, bank_code=f"2027{k:06d}", the_program=program, allocation="100")
        product(other, code="P1", goal="1", unit_cost="10", the_indicator=fed)
        product(other, code="P2", goal="1", unit_cost="10", the_indicator=fed)


def _counts() -> dict[str, tuple[int, int]]:
    counts = {}
    for name in CHECKS:
        with CaptureQueriesContext(connection) as captured:
            found = list(getattr(checks_planning, name)(ctx()))
        counts[name] = (len(captured), len(found))
    return counts


def test_every_planning_check_reads_in_a_constant_number_of_queries(lead):
    _grow(lead, 1, 2)
    small = _counts()
    _grow(lead, 3, 4)
    large = _counts()
    assert all(found for _, found in small.values()), small
    assert {name: queries for name, (queries, _) in large.items()} == {name: queries for name, (queries, _) in small.items()}
    assert all(large[name][1] > small[name][1] for name in CHECKS), (small, large)
    assert max(queries for queries, _ in large.values()) <= 3

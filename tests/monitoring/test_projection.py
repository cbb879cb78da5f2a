"""Early warning: the year-end projection of each project and program (monitoring.projection),
hand-computed on the matrices' data set and its action plan of 2025 (cutoff 30/06/2025,
tests/matrices/test_plan_accion_programming.program)."""
from decimal import Decimal

import pytest

from monitoring import institute, projection
from tests.matrices.builders import CUTOFF, YEAR, dataset
from tests.matrices.test_plan_accion_programming import program


@pytest.fixture
def data(db, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    return data


def q(value, places: str = "0.0001") -> Decimal:
    return Decimal(value).quantize(Decimal(places))


def test_two_projects_and_their_program_are_projected_by_hand(data):
    found = projection.compute(year=YEAR, cutoff=CUTOFF)
    a, c = found.projects[data.a.pk], found.projects[data.c.pk]
    products = {p.product_id: p for p in a.products}

    # Project A, P1 (cumulative, goal in force 35 after May's reprogramming): achieved 10 + 18 = 28
    # against 10 + 15 = 25 programmed to June: pace min(28 / 25, 1) = 1; August's 10 remain:
    # 28 + 10 × 1 = 38; 38 / 35 = 108,57 % (under the 120 % cap).
    p1 = products[data.p1.pk]
    assert (p1.achieved, p1.programmed_to_date, p1.pace, p1.remaining, p1.projected) == (28, 25, 1, 10, 38)
    assert q(p1.fulfilment) == Decimal("1.0857")
    # P2 (non-cumulative, goal 25): the level of March, 18, against June's programmed level 22:
    # pace 18 / 22 = 0,8182; the December level is September's 25: max(18, 25 × 18 / 22) = 20,4545;
    # 20,4545 / 25 = 81,82 %.
    p2 = products[data.p2.pk]
    assert (p2.achieved, p2.programmed_to_date, p2.remaining) == (18, 22, 25)
    assert q(p2.pace) == Decimal("0.8182")
    assert q(p2.projected) == Decimal("20.4545")
    assert q(p2.fulfilment) == Decimal("0.8182")
    # A's physical projection: mean of min(108,57 %, 100 %) and 81,82 % = 90,91 %: Sobresaliente.
    assert q(a.physical) == Decimal("0.9091")
    assert a.physical_rating == "Sobresaliente"
    # A's money: committed 300 M + 200 M = 500 M against 400 M programmed to June: pace 1; July's
    # 500 M remain: 500 M + 500 M × 1 = 1.000 M over a definitive budget of 1.650 M = 60,61 %: Medio.
    assert (a.committed, a.programmed_money, a.financial_pace, a.remaining_money, a.projected_money) == (
        500_000_000, 400_000_000, 1, 500_000_000, 1_000_000_000
    )
    assert q(a.financial) == Decimal("0.6061")
    assert a.financial_rating == "Medio"
    assert a.warns

    # Project C: P5 (cumulative, goal 10) has nothing programmed to June: pace 1; nothing
    # achieved; August's 5 remain: 0 + 5 × 1 = 5; 5 / 10 = 50 %: Bajo.
    (p5,) = c.products
    assert (p5.achieved, p5.programmed_to_date, p5.pace, p5.projected, p5.fulfilment) == (0, None, 1, 5, Decimal("0.5"))
    assert (c.physical, c.physical_rating) == (Decimal("0.5"), "Bajo")
    # C's money: nothing committed, nothing programmed to June (pace 1), July's 100 M remain:
    # 100 M / 400 M = 25 %: Crítico.
    assert (c.projected_money, c.financial, c.financial_rating) == (100_000_000, Decimal("0.25"), "Crítico")

    # Project B has no entry in the plan: nothing to project.
    b = found.projects[data.b.pk]
    assert (b.has_plan, b.physical, b.financial, b.physical_rating, b.warns) == (False, None, None, "Sin dato", False)

    # Program 4.2.9 (A and C), weighted by the definitive budgets 1.650 M and 400 M:
    # physical (90,91 % × 1.650 + 50 % × 400) / 2.050 = (1.500 + 200) / 2.050 = 82,93 %: Sobresaliente;
    # financial (60,61 % × 1.650 + 25 % × 400) / 2.050 = (1.000 + 100) / 2.050 = 53,66 %: Bajo.
    viv = found.programs[data.a.program_id]
    assert q(viv.physical) == Decimal("0.8293")
    assert viv.physical_rating == "Sobresaliente"
    assert q(viv.financial) == Decimal("0.5366")
    assert viv.financial_rating == "Bajo"
    # Program 4.2.10: only B, without projection.
    assert found.programs[data.b.program_id].physical_rating == "Sin dato"


def test_the_chart_line_starts_at_the_committed_to_date_and_adds_the_paced_programming(data):
    found = projection.compute(year=YEAR, cutoff=CUTOFF)
    # A: 500 M committed at June, July's 500 M × pace 1; C: 0 at June, July's 100 M.
    M = 1_000_000
    assert found.money_by_month[data.a.pk] == [None] * 5 + [500 * M, 500 * M] + [0] * 5
    assert projection.projected_curve([found.money_by_month[data.a.pk], found.money_by_month[data.c.pk]]) == (
        [None] * 5 + [500 * M] + [1100 * M] * 6
    )


def test_behind_the_programming_the_remaining_months_follow_the_pace(data):
    from monitoring.models import ProgressReport

    # A committed only 200 M to June (January's report is reopened) against 400 M programmed:
    # pace 1/2; 200 M + 500 M × 1/2 = 450 M; 450 / 1.650 = 27,27 %: Crítico.
    ProgressReport.objects.filter(project=data.a, year=2025, month=1).update(state="submitted")
    a = projection.compute(year=YEAR, cutoff=CUTOFF, project_ids=[data.a.pk]).projects[data.a.pk]
    assert (a.financial_pace, a.projected_money) == (Decimal("0.5"), 450_000_000)
    assert (q(a.financial), a.financial_rating) == (Decimal("0.2727"), "Crítico")
    # P1: only March's 18 against 25 programmed: pace 0,72; 18 + 10 × 0,72 = 25,2; / 35 = 72 %.
    p1 = next(p for p in a.products if p.product_id == data.p1.pk)
    assert (p1.pace, p1.projected, p1.fulfilment) == (Decimal("0.72"), Decimal("25.2"), Decimal("0.72"))


def test_a_projection_is_capped(data):
    from action_plan.models import PhysicalMonthlyTarget

    # P1's August programming becomes 100: 28 + 100 = 128, 366 % of 35: shown as 120 %.
    PhysicalMonthlyTarget.objects.filter(product=data.p1, month=8).update(quantity=100)
    a = projection.compute(year=YEAR, cutoff=CUTOFF).projects[data.a.pk]
    assert next(p for p in a.products if p.product_id == data.p1.pk).fulfilment == Decimal("1.2")


def test_the_year_projection_is_cached_and_runs_constant_queries(data, lead, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from isvimed_planning.caching import clear_local
    from tests.matrices.builders import scaled

    def computed() -> int:
        cache.clear()
        clear_local()
        with CaptureQueriesContext(connection) as ctx:
            institute.year_projection(year=YEAR, cutoff=CUTOFF)
        return len(ctx.captured_queries)

    small = computed()
    scaled(6, lead=lead)  # six more projects with programming, products and reports
    assert computed() == small
    with django_assert_num_queries(2):  # from the cache: only figures.inputs_version
        again = institute.year_projection(year=YEAR, cutoff=CUTOFF)
    assert len(again.projects) == 3 + 6
    assert again.projects[data.a.pk].financial_rating == "Medio"

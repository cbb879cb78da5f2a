"""Plan de Acción, programmed vs. executed (MATRICES.md `Proyectos` 19–22, `Productos` 11–12): the
hand-made data set plus an action plan of 2025 (cutoff 30/06/2025) whose cells are written here."""
from decimal import Decimal

import pytest

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from monitoring import figures
from tests import factories
from tests.matrices.builders import CUTOFF, ORG, YEAR, assert_layout
from tests.matrices.test_plan_accion import PRODUCT_FORMATS, PRODUCT_HEADERS, PROJECT_FORMATS, PROJECT_HEADERS


def program(data, *, state="published"):
    """A plan of 2025: project A programs money and both products; C has an entry whose money
    and product start after the cutoff; B has no entry."""
    plan = ActionPlan.objects.create(fiscal_year=data.fy, state=state)
    a = ActionPlanEntry.objects.create(plan=plan, project=data.a, responsible=data.a.lead)
    c = ActionPlanEntry.objects.create(plan=plan, project=data.c, responsible=data.c.lead)
    for entry, month, amount in ((a, 1, 100), (a, 3, 150), (a, 6, 150), (a, 7, 500), (c, 7, 100)):
        FinancialMonthlyTarget.objects.create(entry=entry, month=month, amount=Decimal(amount) * 1_000_000)
    data.p5 = factories.product(data.c, code="P5", the_indicator=data.i1, goals={2025: "10"}, name="Lotes habilitados")
    for entry, product, month, quantity in (
        # P1 is cumulative: 10 + 15 up to June, August's 10 after the cutoff.
        (a, data.p1, 2, 10), (a, data.p1, 5, 15), (a, data.p1, 8, 10),
        # P2 is non-cumulative: the level of June (22), not March's 20 nor the sum.
        (a, data.p2, 3, 20), (a, data.p2, 6, 22), (a, data.p2, 9, 25),
        # P5's programming starts in August, after the cutoff.
        (c, data.p5, 8, 5),
    ):
        PhysicalMonthlyTarget.objects.create(entry=entry, product=product, month=month, quantity=Decimal(quantity))
    return plan


EXPECTED_A = (25 / 35 + 22 / 25) / 2  # mean of min(programmed / goal, 100 %) of P1 and P2


@pytest.mark.parametrize("state", ["published", "approved"])
def test_programmed_columns_of_the_projects_sheet(data, workbook, state):
    program(data, state=state)
    rows = [
        # C: its entry programs money only from July (0 to date: % empty) and its product P5
        # from August: no expected physical progress, no gap; P5 has a goal and no report (0 %).
        ["4", "4.2.9", "Vivienda nueva", "2025009", "Proyecto C", ORG, "sinnombre", "Ordinario",
         400000000, 0, 400000000, 0, 0, 0, 0, 0, 0, "Crítico", 0, None, None, None],
        # A: 100 M + 150 M + 150 M programmed to June (July's 500 M after); committed 500 M.
        ["4", "4.2.9", "Vivienda nueva", "20250010", "Proyecto A", ORG, "Luis Líder", "Ordinario",
         1500000000, 150000000, 1650000000, 500000000, 250000000, 150000000, 500 / 1650, 150 / 1650, 0.76,
         "Satisfactorio", 400000000, 1.25, EXPECTED_A, 0.76 - EXPECTED_A],
        # B: no entry in the action plan: 19–22 empty.
        ["4", "4.2.10", "Reducción del déficit", "2025011", "Proyecto B", ORG, "Lina Lozano",
         "Presupuesto participativo", 800000000, -100000000, 700000000, 350000000, 350000000, 175000000, 0.5, 0.25,
         None, "Sin dato", None, None, None, None],
    ]
    assert_layout(workbook("plan-accion")["Proyectos"], title="Plan de Acción", headers=PROJECT_HEADERS,
                  formats=PROJECT_FORMATS, rows=rows)


def test_programmed_columns_of_the_products_sheet(data, workbook):
    program(data)
    rows = [
        # programming starts after the cutoff: 11–12 empty.
        ["2025009", "Proyecto C", "P5", "Lotes habilitados", "4.2.9.1", "Viviendas", 10, 0, 0, None, None, None],
        # no entry for B: empty.
        ["2025011", "Proyecto B", "P3", "Subsidios asignados", "4.2.10.2", "Subsidios", 0, 2, None, None, None, None],
        # cumulative: 10 + 15; 28 / 25.
        ["20250010", "Proyecto A", "P1", "Viviendas entregadas", "4.2.9.1", "Viviendas", 35, 28, 0.8, "4001001", 25,
         28 / 25],
        # non-cumulative: June's level 22; 18 / 22.
        ["20250010", "Proyecto A", "P2", "Hogares acompañados", "4.2.9.2", "Viviendas", 25, 18, 0.72, None, 22,
         18 / 22],
    ]
    assert_layout(workbook("plan-accion")["Productos"], title="Plan de Acción", headers=PRODUCT_HEADERS,
                  formats=PRODUCT_FORMATS, rows=rows)


def test_a_draft_plan_does_not_count(data, workbook):
    program(data, state="draft")
    wb = workbook("plan-accion")
    assert [row[18:] for row in _values(wb["Proyectos"])] == [[None] * 4] * 3
    assert [row[10:] for row in _values(wb["Productos"])] == [[None] * 2] * 4


def test_the_figures_carry_the_second_semaforo(data):
    program(data)
    by_bpin = {p.bpin: p for p in figures.project_figures(year=YEAR, cutoff=CUTOFF)}
    # A: 76 % done against 79,71 % expected: 95,3 % of the programme, Sobresaliente.
    assert by_bpin["20250010"].programming_rating == "Sobresaliente"
    assert by_bpin["2025009"].programming_rating == "Sin dato"
    assert by_bpin["2025011"].programming_rating == "Sin dato"


def _values(ws):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_col=ws.max_column)]

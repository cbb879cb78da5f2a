"""Progress by accumulation, everywhere (MATRICES.md, "Values of an indicator"): a product's
monthly quantity means what its indicator's accumulation says, so a project and its program never
disagree. The regression: program 4.2.2 of the demo showed «3,5 % Crítico» while its only project
showed 76,5 %, because the indicator took the latest month and the product summed the months."""
import datetime as dt
import io
from decimal import Decimal

import pytest

from accountability.selectors import answer_figures_text, report_figures
from action_plan import services as plan_services
from action_plan.models import ActionPlanEntry
from monitoring import figures
from monitoring.matrices import compute, write_xlsx
from tests import factories
from tests.action_plan.builders import year_with_projects
from tests.matrices.builders import load
from tests.monitoring.builders import allocate, period, report

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 11, 30)


def _rent_subsidy(lead, *, accumulation: str, months: dict[int, str]):
    """Program 4.2.2 with its indicator 4.2.2.1 (goal 50 in 2025) and its only project, BPIN
    2024050010003, whose product (goal 50) reports `months` {month: quantity}, all approved."""
    program = factories.program("4.2.2", "Arrendamiento temporal")
    indicator = factories.indicator(
        "4.2.2.1", the_program=program, name="Hogares con subsidio de arrendamiento", unit="Hogares",
        accumulation=accumulation, period_target="50", weight="100", targets={2025: "50"},
    )
    project = factories.project(lead=lead, the_program=program, state="in_execution", bank_code="2024050010003",
                                name="Subsidio de arrendamiento temporal", territory_code=10)
    product = factories.product(project, code="P1", the_indicator=indicator, name="Hogares subsidiados",
                                goals={2025: "50"})
    allocate(project, "100000000")
    for month, quantity in months.items():
        report(project, month=month, state="approved", quantity=quantity, committed="1000000", obligated="0",
               paid="0", territories={10: "1000000"})
    return program, indicator, project, product


def _figures(project, indicator, program):
    projects = {p.project_id: p for p in figures.project_figures(year=2025, cutoff=CUTOFF)}
    indicators = figures.indicator_figures(year=2025, cutoff=CUTOFF)
    programs = {p.program_id: p for p in figures.program_figures(year=2025, cutoff=CUTOFF, indicators=indicators)}
    ind = next(i for i in indicators if i.indicator_id == indicator.pk)
    return projects[project.pk], ind, programs[program.pk]


def _sheet(kind: str, name: str) -> dict[str, list]:
    """{header: column of values} of a matrix sheet as the planner downloads it."""
    buffer = io.BytesIO()
    write_xlsx(compute(kind, year=2025, cutoff=CUTOFF), buffer, year=2025, cutoff=CUTOFF)
    ws = load(buffer.getvalue())[name]
    headers = [c.value for c in ws[5]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_col=ws.max_column)]
    return {h: [r[i] for r in rows] for i, h in enumerate(headers)}


def test_a_non_cumulative_indicator_and_its_project_agree_on_the_latest_month(login, planner, lead):
    program, indicator, project, product = _rent_subsidy(
        lead, accumulation="non_cumulative", months={10: "30", 11: "40"}
    )
    proj, ind, prog = _figures(project, indicator, program)
    # Households with the subsidy at the end of November: 40, not 30 + 40.
    [prod] = proj.products
    assert prod.progress == Decimal("40") and prod.physical_ratio == Decimal("0.8")
    assert ind.year_progress == Decimal("40") and ind.year_fulfilment == Decimal("0.8")
    assert proj.physical_ratio == prog.physical_fulfilment == Decimal("0.8")
    assert proj.rating == ind.rating == "Sobresaliente"

    indicativo = _sheet("plan-indicativo", "Plan Indicativo")
    assert indicativo["Código indicador"] == ["4.2.2.1"]
    assert indicativo["Acumulación"] == ["No acumulativo"]
    assert indicativo["Avance vigencia"] == [40] and indicativo["% cumplimiento vigencia"] == [0.8]
    productos = _sheet("plan-accion", "Productos")
    assert productos["Código BPIN"] == ["2024050010003"]
    assert productos["Avance físico"] == [40] and productos["% avance físico"] == [0.8]
    assert _sheet("plan-accion", "Proyectos")["% avance físico"] == [0.8]
    assert _sheet("presupuesto-resultados", "Programas")["Cumplimiento físico"] == [0.8]

    period(month=11)
    page = login(planner).get("/seguimiento/?anio=2025&mes=11").content.decode()
    project_row = page.split('data-testid="projects"')[1].split("Subsidio de arrendamiento temporal")[1].split("</tr>")[0]
    program_row = page.split('data-testid="programs"')[1].split("Arrendamiento temporal")[1].split("</tr>")[0]
    assert "80,0 %" in project_row and "Sobresaliente" in project_row
    assert "80,0 %" in program_row
    # "Insertar cifras" of an answer to a petition, and the accountability report's figures.
    answer = answer_figures_text(year=2025, cutoff=CUTOFF)
    assert "- Programa 4.2.2 Arrendamiento temporal: comprometido $ 2.000.000 de $ 100.000.000 (2,0 %); " \
           "cumplimiento físico 80,0 %." in answer
    frozen = report_figures(year=2025, cutoff=CUTOFF)
    assert [p["physical_fulfilment"] for p in frozen["programs"]] == ["0.800000"]
    assert [p["physical_ratio"] for p in frozen["projects"]] == ["0.800000"]


def test_a_cumulative_product_adds_up_its_months(lead):
    program, indicator, project, product = _rent_subsidy(lead, accumulation="cumulative", months={10: "30", 11: "15"})
    proj, ind, prog = _figures(project, indicator, program)
    [prod] = proj.products
    assert prod.progress == ind.year_progress == Decimal("45")
    assert proj.physical_ratio == prog.physical_fulfilment == Decimal("0.9")
    productos = _sheet("plan-accion", "Productos")
    assert productos["Avance físico"] == [45] and productos["% avance físico"] == [0.9]


def test_a_non_cumulative_product_without_a_report_has_no_progress_rather_than_zero(lead):
    program, indicator, project, product = _rent_subsidy(lead, accumulation="non_cumulative", months={})
    proj, ind, prog = _figures(project, indicator, program)
    [prod] = proj.products
    assert prod.progress is None and prod.physical_ratio is None
    assert ind.year_progress is None and proj.physical_ratio is None and prog.physical_fulfilment is None
    assert proj.rating == "Sin dato"
    productos = _sheet("plan-accion", "Productos")
    assert productos["Avance físico"] == [None] and productos["% avance físico"] == [None]
    indicativo = _sheet("plan-indicativo", "Plan Indicativo")
    assert indicativo["Avance vigencia"] == [None] and indicativo["% cumplimiento vigencia"] == [None]


def test_a_cumulative_product_without_a_report_has_progress_zero(lead):
    program, indicator, project, product = _rent_subsidy(lead, accumulation="cumulative", months={})
    proj, ind, prog = _figures(project, indicator, program)
    [prod] = proj.products
    assert prod.progress == Decimal(0) and prod.physical_ratio == Decimal(0)
    assert _sheet("plan-accion", "Productos")["Avance físico"] == [0]


def test_the_report_form_says_per_product_what_to_type_with_its_unit(login, lead):
    program = factories.program("4.2.2", "Arrendamiento temporal")
    houses = factories.indicator("4.2.2.2", the_program=program, unit="Viviendas", accumulation="cumulative")
    households = factories.indicator("4.2.2.1", the_program=program, unit="Hogares", accumulation="non_cumulative")
    project = factories.project(lead=lead, the_program=program, state="in_execution", territory_code=10)
    factories.product(project, code="P1", the_indicator=houses, name="Viviendas entregadas", goals={2025: "10"})
    factories.product(project, code="P2", the_indicator=households, name="Hogares subsidiados", goals={2025: "50"})
    report(project, month=10, state="approved", quantity="30", territories={10: "1000000"})
    rep = report(project, month=11, quantity=None)

    page = login(lead).get(f"/seguimiento/reportes/{rep.pk}/editar/").content.decode()
    hints = [part.split(">", 1)[1].split("<", 1)[0] for part in page.split('data-testid="quantity-hint"')[1:]]
    assert hints == ["Unidades logradas en el mes (Viviendas)", "Valor vigente al cierre del mes (Hogares)"]


def test_the_approved_earlier_months_follow_the_accumulation_on_the_report(login, lead):
    program = factories.program("4.2.2", "Arrendamiento temporal")
    houses = factories.indicator("4.2.2.2", the_program=program, unit="Viviendas", accumulation="cumulative")
    households = factories.indicator("4.2.2.1", the_program=program, unit="Hogares", accumulation="non_cumulative")
    project = factories.project(lead=lead, the_program=program, state="in_execution", territory_code=10)
    factories.product(project, code="P1", the_indicator=houses, name="Viviendas entregadas", goals={2025: "100"})
    factories.product(project, code="P2", the_indicator=households, name="Hogares subsidiados", goals={2025: "50"})
    report(project, month=9, state="approved", quantity="30", territories={10: "1000000"})
    report(project, month=10, state="approved", quantity="40", territories={10: "1000000"})
    rep = report(project, month=11, quantity=None)

    page = login(lead).get(f"/seguimiento/reportes/{rep.pk}/editar/").content.decode()
    houses_row = page.split("P1 Viviendas entregadas")[1].split("</tr>")[0]
    households_row = page.split("P2 Hogares subsidiados")[1].split("</tr>")[0]
    assert '<td class="num">70</td>' in houses_row  # 30 + 40 houses delivered
    assert '<td class="num">40</td>' in households_row  # 40 households at the end of October


def test_the_action_plan_programming_says_what_each_month_means(login, planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    entry = ActionPlanEntry.objects.get(plan=plan_services.plan_build(by=planner, fiscal_year=fy))
    page = login(planner).get(f"/plan-accion/2026/proyectos/{entry.pk}/").content.decode()
    row = page.split(f"{product.code} {product.name} ({product.unit})")[1].split("</th>")[0]
    assert f'data-testid="quantity-hint">Unidades logradas en el mes ({product.unit})</span>' in row

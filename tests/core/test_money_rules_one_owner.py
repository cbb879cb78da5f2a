"""Every screen, matrix, export and check that shows a money rule shows the value of its one
owner, budget.money: goal in force, initial budget, modifications, definitive budget, program
money and affordability (the goals' cost against the budget, allocations against the ceiling).

One data set (tests/matrices/builders.dataset plus a credit transfer and unit costs) has a goal
changed by an approved reprogramming before the cutoff, another after it and a pending one,
allocations from two sources and in two years, and modifications of every kind before, on and
after the cutoff, so a place that ignores one of them shows another number."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from budget import money, selectors as budget_selectors
from budget.exports import poai_workbook
from budget.models import FiscalYear, ModificationKind, UnitCost
from isvimed_planning import xlsx
from isvimed_planning.templatetags.isvimed import format_cop
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.matrices.builders import CUTOFF, YEAR, dataset, modification

YEAR_END = dt.date(YEAR, 12, 31)  # where the budget pages read a past year (reference_date)


def _written(sheets):
    """The export as the user downloads it: written by the one xlsx writer, read back."""
    return openpyxl.load_workbook(io.BytesIO(xlsx.write_xlsx(sheets)))


@pytest.fixture
def world(db, lead, lead2, planner, finance):
    data = dataset(lead=lead, lead2=lead2)
    modification(data.a, data.fy, dt.date(2025, 4, 1), ModificationKind.CREDIT_TRANSFER, "25000000")
    UnitCost.objects.create(product=data.p1, year=YEAR, amount=Decimal("40000000"))
    UnitCost.objects.create(product=data.p2, year=YEAR, amount=Decimal("20000000"))
    data.projects = [data.a, data.b, data.c]
    data.ids = [p.pk for p in data.projects]
    data.products = [data.p1, data.p2, data.p3]
    data.planner, data.finance = planner, finance
    return data


def _owner(data, at: dt.date):
    return (
        money.project_budgets(data.ids, YEAR, at),
        money.goals_in_force([p.pk for p in data.products], YEAR, at),
    )


def test_the_owner_applies_every_modification_and_the_goal_in_force(world):
    budgets, goals = _owner(world, CUTOFF)
    # A: 1.000 + 500 allocated; +200 addition, +25 credit transfer, −50 counter-credit on the
    # cutoff; the July addition and the 2024 year do not count.
    assert budgets[world.a.pk] == money.ProjectBudget(Decimal("1500000000"), Decimal("175000000"), Decimal("1675000000"))
    assert budgets[world.b.pk] == money.ProjectBudget(Decimal("800000000"), Decimal("-100000000"), Decimal("700000000"))
    assert budgets[world.c.pk] == money.ProjectBudget(Decimal("400000000"), Decimal("0"), Decimal("400000000"))
    assert money.definitive_budget(world.a, YEAR, YEAR_END) == Decimal("1975000000")
    # p1: 40 originally, 35 from May; the August change and the pending one do not count yet.
    assert goals == {world.p1.pk: Decimal("35"), world.p2.pk: Decimal("25"), world.p3.pk: Decimal("0")}
    assert money.goal_in_force(world.p1, YEAR, YEAR_END) == Decimal("20")
    assert money.goal_in_force(world.p1, YEAR, dt.date(2025, 4, 30)) == Decimal("40")
    # The Python accessors are the SQL expressions' values.
    annotated = {
        p.pk: (p.initial, p.modifications, p.definitive)
        for p in money.with_budget(world.a.__class__.objects.filter(pk__in=world.ids), YEAR, CUTOFF)
    }
    assert annotated == {pk: (b.initial, b.modifications, b.definitive) for pk, b in budgets.items()}
    assert money.initial_budgets(world.ids, YEAR) == {pk: b.initial for pk, b in budgets.items()}
    assert money.definitive_budgets(world.ids, YEAR, CUTOFF) == {pk: b.definitive for pk, b in budgets.items()}


def test_the_budget_pages_and_the_poai_export_show_the_owners_budget(world, login):
    fy = world.fy
    budgets, _ = _owner(world, YEAR_END)
    rows = budget_selectors.year_allocations(fy, world.planner, YEAR_END)
    assert {r.project.pk: (r.initial, r.modifications, r.definitive) for r in rows} == {
        pk: (b.initial, b.modifications, b.definitive) for pk, b in budgets.items()
    }
    poai = budget_selectors.poai(fy, world.planner, YEAR_END)
    shown = {item.project.pk: item for group in poai.programs for item in group.projects}
    assert {pk: (i.initial, i.modifications, i.definitive) for pk, i in shown.items()} == {
        pk: (b.initial, b.modifications, b.definitive) for pk, b in budgets.items()
    }
    assert poai.definitive == sum((b.definitive for b in budgets.values()), Decimal(0))
    ws = _written(poai_workbook(fy, world.planner, YEAR_END)).active
    cells = {row[1]: row[3:6] for row in ws.iter_rows(min_row=5, values_only=True) if row[1]}
    for project in world.projects:
        b = budgets[project.pk]
        assert [Decimal(str(v)) for v in cells[project.bank_code]] == [b.initial, b.modifications, b.definitive]
    client = login(world.planner)
    for url in (f"/presupuesto/{YEAR}/", f"/presupuesto/{YEAR}/poai/"):
        page = client.get(url).content.decode()
        for b in budgets.values():
            assert format_cop(b.definitive) in page, url
    a = budgets[world.a.pk]
    assert format_cop(a.modifications) in client.get(f"/presupuesto/{YEAR}/poai/").content.decode()


def _matrix_rows(kind: str, sheet: str) -> list[tuple]:
    from monitoring.matrices import compute, write_xlsx

    buffer = io.BytesIO()
    write_xlsx(compute(kind, year=YEAR, cutoff=CUTOFF), buffer, year=YEAR, cutoff=CUTOFF)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))[sheet]
    return [row for row in ws.iter_rows(min_row=6, values_only=True) if any(v is not None for v in row)]


def _d(value) -> Decimal:
    return Decimal(str(value))


def test_the_monitoring_figures_matrices_and_dashboard_show_the_owners_values(world):
    from monitoring import figures, institute, selectors as monitoring_selectors

    budgets, goals = _owner(world, CUTOFF)
    by_bpin = {p.bank_code: budgets[p.pk] for p in world.projects}
    goal_by_code = {p.code: goals[p.pk] for p in world.products}

    projects = figures.project_figures(year=YEAR, cutoff=CUTOFF)
    assert {p.project_id: (p.initial, p.modifications, p.definitive) for p in projects} == {
        pk: (b.initial, b.modifications, b.definitive) for pk, b in budgets.items()
    }
    assert {pr.product_id: pr.goal for p in projects for pr in p.products} == goals

    # Plan de Acción matrix (xlsx): Proyectos columns I–K, Productos column G.
    rows = _matrix_rows("plan-accion", "Proyectos")
    assert {r[3]: tuple(_d(v) for v in r[8:11]) for r in rows} == {
        bpin: (b.initial, b.modifications, b.definitive) for bpin, b in by_bpin.items()
    }
    rows = _matrix_rows("plan-accion", "Productos")
    assert {r[2]: _d(r[6]) for r in rows} == goal_by_code

    # Program money: the sums of the owner's project budgets, in the Presupuesto por Resultados
    # matrix, the dashboard and its KPIs.
    expected = {}
    for project in world.projects:
        code = project.program.code
        expected[code] = expected.get(code, Decimal(0)) + budgets[project.pk].definitive
    rows = _matrix_rows("presupuesto-resultados", "Programas")
    assert {r[2]: _d(r[5]) for r in rows if r[4]} == expected
    dashboard = institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    assert {p.code: p.definitive for p in dashboard.programs if p.projects} == expected
    assert {p.project_id: p.definitive for p in dashboard.projects} == {pk: b.definitive for pk, b in budgets.items()}
    page = monitoring_selectors.dashboard(world.planner, year=YEAR, month=CUTOFF.month)
    assert page.kpis["definitive"] == sum(expected.values(), Decimal(0))


def test_the_accountability_report_shows_the_owners_values(world):
    from accountability.selectors import report_figures

    budgets, _ = _owner(world, CUTOFF)
    report = report_figures(year=YEAR, cutoff=CUTOFF)
    shown = {row["bpin"]: row for row in report["projects"]}
    for project in world.projects:
        b = budgets[project.pk]
        row = shown[project.bank_code]
        assert [Decimal(row[k]) for k in ("initial", "modifications", "definitive")] == [
            b.initial, b.modifications, b.definitive
        ]
    total = sum((b.definitive for b in budgets.values()), Decimal(0))
    assert Decimal(report["totals"]["projects"]["definitive"]) == total
    assert Decimal(report["totals"]["programs"]["definitive"]) == total
    by_program = {}
    for project in world.projects:
        code = project.program.code
        by_program[code] = by_program.get(code, Decimal(0)) + budgets[project.pk].definitive
    assert {r["code"]: Decimal(r["definitive"]) for r in report["programs"] if r["projects"]} == by_program


def test_the_action_plan_its_checks_and_its_export_use_the_owners_values(world):
    from action_plan import services as plan_services
    from action_plan.exports import plan_workbook
    from action_plan.selectors import plan_sheet, plan_summary

    budgets, goals = _owner(world, CUTOFF)
    plan = plan_services.plan_build(by=world.planner, fiscal_year=world.fy)
    sheet = plan_sheet(plan, CUTOFF)
    assert {line.entry.project_id: line.definitive for line in sheet.entries} == {
        pk: b.definitive for pk, b in budgets.items()
    }
    assert {p.product.pk: p.goal for line in sheet.entries for p in line.products} == goals
    summary = plan_summary(plan, CUTOFF)
    assert summary.budgets == {pk: b.definitive for pk, b in budgets.items()}
    assert summary.definitive == sum((b.definitive for b in budgets.values()), Decimal(0))
    # The summary's problems say what the sheet says (goals in force read through the expression).
    assert summary.problems == [
        f"{line.entry.project.bank_code} {line.entry.project.name}: {message}"
        for line in sheet.entries
        for message in [line.message] + [p.message for p in line.products]
        if message
    ]
    wb = _written(plan_workbook(plan, summary))
    cells = {row[0]: _d(row[4]) for row in wb["Proyectos"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert cells == {p.bank_code: budgets[p.pk].definitive for p in world.projects}
    cells = {row[2]: _d(row[5]) for row in wb["Productos"].iter_rows(min_row=2, values_only=True) if row[2]}
    assert cells == {p.code: goals[p.pk] for p in world.products}


def test_affordability_and_the_ceiling_follow_the_owner(world):
    budgets, goals = _owner(world, CUTOFF)
    required = money.required_totals(world.ids, YEAR, CUTOFF)
    # p1 35 × 40 M + p2 25 × 20 M: 1.900 M against 1.675 M; p3 has no unit cost.
    assert required[world.a.pk] == goals[world.p1.pk] * 40000000 + goals[world.p2.pk] * 20000000 == Decimal("1900000000")
    by_project = budget_selectors.affordability(world.ids, YEAR, CUTOFF)
    a = by_project[world.a.pk]
    assert (a.budget, a.required) == (budgets[world.a.pk].definitive, required[world.a.pk])
    assert {i.product.pk: i.goal for i in a.products} == {world.p1.pk: Decimal("35"), world.p2.pk: Decimal("25")}
    assert not a.fits and a.shortfall == money.shortfall(required[world.a.pk], budgets[world.a.pk].definitive)
    assert a.shortfall == Decimal("225000000")
    assert by_project[world.b.pk].fits
    summary = budget_selectors.unaffordable_summary(
        world.a.__class__.objects.filter(pk__in=world.ids), YEAR, CUTOFF
    )
    assert (summary.project_ids, summary.shortfall) == ({world.a.pk}, a.shortfall)
    # At the year's end the goal of p1 is 20 and A has the July addition: the goals fit.
    assert budget_selectors.affordability([world.a.pk], YEAR, YEAR_END)[world.a.pk].fits

    # The ceiling: an allocation fits while the year's allocations stay within it.
    from budget import services as budget_services

    fy = FiscalYear.objects.create(year=2027, global_ceiling=Decimal("1000"))
    world.a.refresh_from_db()
    budget_services.allocation_set(by=world.finance, fiscal_year=fy, project=world.a, source=factories.funding_source("SGP"), amount=Decimal("600"))
    with pytest.raises(DomainError) as refused:
        budget_services.allocation_set(
            by=world.finance, fiscal_year=fy, project=world.b, source=factories.funding_source("SGP"), amount=Decimal("500")
        )
    fy.refresh_from_db()
    assert format_cop(money.shortfall(fy.allocated_total + Decimal("500"), fy.global_ceiling)) in str(refused.value)
    assert money.fits(fy.allocated_total + Decimal("400"), fy.global_ceiling)
    budget_services.allocation_set(by=world.finance, fiscal_year=fy, project=world.b, source=factories.funding_source("SGP"), amount=Decimal("400"))
    fy.refresh_from_db()
    assert fy.allocated_total == money.initial_budgets([world.a.pk, world.b.pk], 2027)[world.a.pk] + Decimal("400")

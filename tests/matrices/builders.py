"""A small hand-made data set for the matrices (year 2025, cutoff 30/06/2025) and helpers to
read a produced workbook. Expected cells are written out in the tests themselves."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import BudgetModification, FiscalYear, ProjectAllocation, TargetReprogramming
from isvimed_planning.models import Territory
from monitoring import totals
from monitoring.models import (
    IndicatorMeasurement,
    ProductProgress,
    ProgressReport,
    SourceExecution,
    TerritorialDistribution,
)
from projects.models import Product
from strategy.models import Indicator, Program
from tests import factories
from tests.conftest import make_user

YEAR = 2025
CUTOFF = dt.date(2025, 6, 30)
ORG = "Subdirección de Dotación de Vivienda"


def report(project, year, month, *, state="approved", c=0, o=0, p=0, products=None, territories=None):
    rep = ProgressReport.objects.create(
        project=project, year=year, month=month, state=state, committed=Decimal(c), obligated=Decimal(o), paid=Decimal(p)
    )
    for product, qty in (products or {}).items():
        ProductProgress.objects.create(report=rep, product=product, quantity=Decimal(qty))
    for code, (committed, beneficiaries) in (territories or {}).items():
        TerritorialDistribution.objects.create(
            report=rep, territory=Territory.objects.get(code=code), committed=Decimal(committed),
            beneficiaries=beneficiaries,
        )
    totals.refresh_totals(report_ids=[rep.pk])  # rows written directly, as seed_scale does
    return rep


def reprogram(product, effective_date, new_goal, state="approved"):
    return TargetReprogramming.objects.create(
        product=product, year=effective_date.year, effective_date=effective_date, new_goal=Decimal(new_goal), state=state
    )


def modification(project, fiscal_year, date, kind, amount):
    return BudgetModification.objects.create(
        fiscal_year=fiscal_year, project=project, date=date, kind=kind, amount=Decimal(amount)
    )


def dataset(*, lead, lead2) -> SimpleNamespace:
    nameless = make_user("sinnombre")
    p_viv = factories.program("4.2.9", "Vivienda nueva")
    p_def = factories.program("4.2.10", "Reducción del déficit")
    factories.program("4.3.1", "Mejoramiento de vivienda")

    i1 = factories.indicator("4.2.9.1", the_program=p_viv, name="Viviendas nuevas entregadas", weight="60",
                             period_target="100", targets={2025: "40", 2024: "30"})
    i2 = factories.indicator("4.2.9.2", the_program=p_viv, name="Hogares con vivienda habitada",
                             accumulation="non_cumulative", baseline="10", period_target="50", weight="40",
                             targets={2025: "30"})
    i5 = factories.indicator("4.2.9.3", the_program=p_viv, kind="result", name="Hogares reasentados",
                             direction="maintain", baseline="5", period_target="5", weight="0", unit="Hogares")
    i3 = factories.indicator("4.2.10.1", the_program=p_def, kind="result", name="Déficit cuantitativo de vivienda",
                             direction="reduce", accumulation="non_cumulative", baseline="20", period_target="12",
                             weight="0", unit="%", targets={2025: "16"})
    i4 = factories.indicator("4.2.10.2", the_program=p_def, name="Subsidios de arrendamiento asignados",
                             period_target="10", weight="100", unit="Subsidios", targets={2025: "0"})

    a = factories.project(lead=lead, the_program=p_viv, state="in_execution", bank_code="20250010", name="Proyecto A")
    b = factories.project(lead=lead2, the_program=p_def, state="in_execution", bank_code="2025011", name="Proyecto B",
                          funding_kind="participatory", territory_code=8)
    c = factories.project(lead=nameless, the_program=p_viv, state="in_execution", bank_code="2025009", name="Proyecto C")

    p1 = factories.product(a, code="P1", the_indicator=i1, goals={2025: "40"}, name="Viviendas entregadas")
    p2 = factories.product(a, code="P2", the_indicator=i2, goals={2025: "25"}, name="Hogares acompañados")
    p3 = factories.product(b, code="P3", the_indicator=i4, goals={2025: "0"}, name="Subsidios asignados")
    # DNP codes (MATRICES.md "DNP codes") on one program, one product indicator and its product only:
    # the other rows show the empty cells of codes not set.
    Program.objects.filter(pk=p_viv.pk).update(budget_program_code="4001")
    Indicator.objects.filter(pk=i1.pk).update(mga_indicator_code="400100100")
    Product.objects.filter(pk=p1.pk).update(mga_product_code="4001001")

    # Goal in force at the cutoff: the approved reprogramming of May; the August one and the
    # pending one do not count.
    reprogram(p1, dt.date(2025, 5, 1), "35")
    reprogram(p1, dt.date(2025, 8, 1), "20")
    reprogram(p1, dt.date(2025, 6, 1), "10", state="pending")

    fy24 = FiscalYear.objects.create(year=2024, global_ceiling=Decimal("9000000000"))
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("10000000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=a, source=factories.funding_source("Recursos propios"), amount=Decimal("1000000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=a, source=factories.funding_source("SGP"), amount=Decimal("500000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=b, source=factories.funding_source("Recursos propios"), amount=Decimal("800000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=c, source=factories.funding_source("Recursos propios"), amount=Decimal("400000000"))
    ProjectAllocation.objects.create(fiscal_year=fy24, project=a, source=factories.funding_source("Recursos propios"), amount=Decimal("777000000"))
    modification(a, fy, dt.date(2025, 3, 15), "addition", "200000000")
    modification(a, fy, CUTOFF, "counter_credit_transfer", "50000000")  # on the cutoff: counts
    modification(a, fy, dt.date(2025, 7, 15), "addition", "300000000")  # after the cutoff
    modification(a, fy24, dt.date(2024, 5, 1), "addition", "90000000")  # another year
    modification(b, fy, dt.date(2025, 2, 1), "reduction", "100000000")

    # Project A: the previous year counts only for the period; April is not approved; July is
    # after the cutoff.
    report(a, 2024, 12, c=1, o=1, p=1, products={p1: "5", p2: "8"})
    report(a, 2025, 1, c=300000000, o=100000000, p=50000000, products={p1: "10", p2: "12"},
           territories={0: ("100000000", 0), 3: ("200000000", 40)})
    report(a, 2025, 3, c=200000000, o=150000000, p=100000000, products={p1: "18", p2: "18"},
           territories={3: ("150000000", 30), 60: ("50000000", 10)})
    report(a, 2025, 4, state="submitted", c=999, products={p1: "100"}, territories={14: ("999", 9)})
    report(a, 2025, 7, c=500000000, o=500000000, p=500000000, products={p1: "50", p2: "25"},
           territories={14: ("500000000", 99)})
    report(b, 2025, 2, c=350000000, o=350000000, p=175000000, products={p3: "2"}, territories={8: ("350000000", 70)})

    for year, month, value in ((2024, 11, "19"), (2025, 3, "18"), (2025, 5, "17.5"), (2025, 8, "15")):
        IndicatorMeasurement.objects.create(indicator=i3, year=year, month=month, value=Decimal(value))

    return SimpleNamespace(a=a, b=b, c=c, p1=p1, p2=p2, p3=p3, i1=i1, i2=i2, i3=i3, i4=i4, i5=i5, fy=fy)


def scaled(n: int, *, lead, start: int = 0) -> None:
    """n more projects (numbered from `start`), each with two products, reports and territories,
    and one more program with its indicators, and their programming in the published action plan
    of 2025, for query counting."""
    prog = factories.program(f"4.2.{start + 1}", "Vivienda")
    fy = FiscalYear.objects.get_or_create(year=2025, defaults={"global_ceiling": Decimal("1e12")})[0]
    ind = factories.indicator(f"{prog.code}.1", the_program=prog, targets={2025: "10"})
    res = factories.indicator(f"{prog.code}.2", the_program=prog, kind="result", targets={2025: "10"})
    IndicatorMeasurement.objects.create(indicator=res, year=2025, month=2, value=Decimal("3"))
    plan = ActionPlan.objects.get_or_create(fiscal_year=fy, defaults={"state": "published"})[0]
    for k in range(start, start + n):
        proj = factories.project(lead=lead, the_program=prog, state="in_execution", bank_code=f"99{k:04d}")
        prods = [factories.product(proj, code=f"P{j}", the_indicator=ind, goals={2025: "10"}) for j in range(2)]
        reprogram(prods[0], dt.date(2025, 3, 1), "8")
        ProjectAllocation.objects.create(fiscal_year=fy, project=proj, source=factories.funding_source("Propios"), amount=Decimal("1000"))
        two_sources = k % 2 == 0  # every other project splits its money between two sources
        if two_sources:
            ProjectAllocation.objects.create(fiscal_year=fy, project=proj, source=factories.funding_source("SGP"), amount=Decimal("500"))
        change = modification(proj, fy, dt.date(2025, 2, 1), "addition", "100")
        if two_sources:
            change.source = factories.funding_source("SGP")
            change.save(update_fields=["source"])
        entry = ActionPlanEntry.objects.create(plan=plan, project=proj, responsible=lead)
        for month in (1, 2):
            FinancialMonthlyTarget.objects.create(entry=entry, month=month, amount=Decimal("150"))
            for product in prods:
                PhysicalMonthlyTarget.objects.create(entry=entry, product=product, month=month, quantity=Decimal("2"))
        for month in (1, 2):
            rep = report(proj, 2025, month, c=100, o=50, p=20, products={prods[0]: "1", prods[1]: "2"},
                         territories={0: ("50", 1), (k % 16) + 1: ("50", 3)})
            if two_sources:
                for name, share in (("Propios", Decimal("0.7")), ("SGP", Decimal("0.3"))):
                    SourceExecution.objects.create(
                        report=rep, source=factories.funding_source(name), committed=100 * share, obligated=50 * share,
                        paid=20 * share,
                    )


# --- Reading a workbook -------------------------------------------------------------------


def load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def data_rows(ws) -> list[list]:
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=6, max_col=ws.max_column)]


def assert_layout(ws, *, title: str, headers: list[str], formats: list[str | None], rows: list[list]) -> None:
    """Title block, header row 5, frozen panes, autofilter, no merged cells; every data cell's
    value and number format (None in `rows` = an empty cell)."""
    from django.conf import settings

    assert ws["A1"].value == settings.ENTITY_NAME
    assert ws["A2"].value == title
    assert ws["A3"].value == "Vigencia 2025 – Fecha de corte 30/06/2025"
    assert all(c.value is None for c in ws[4])
    assert [c.value for c in ws[5]] == headers
    assert ws.freeze_panes == "A6"
    # Printed as delivered: landscape, one page wide, the header row on every page.
    assert ws.page_setup.orientation == "landscape"
    # (fitToWidth 1 is Excel's default, written as no attribute; fitToHeight 0: as many pages as needed.)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$5:$5"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A5:")
    assert not ws.merged_cells.ranges
    got = [[cell.value for cell in row] for row in ws.iter_rows(min_row=6, max_row=5 + max(len(rows), 1), max_col=len(headers))]
    if not rows:
        assert got == [[None] * len(headers)]
        return
    assert len(got) == len(rows), f"{len(got)} rows instead of {len(rows)}"
    assert ws.max_row == 5 + len(rows)
    for r, (got_row, want_row) in enumerate(zip(got, rows), start=6):
        for c, (value, want) in enumerate(zip(got_row, want_row)):
            where = f"{ws.title}!{openpyxl.utils.get_column_letter(c + 1)}{r} ({headers[c]})"
            if isinstance(want, float):
                assert isinstance(value, (int, float)) and abs(value - want) < 1e-9, f"{where}: {value!r} != {want!r}"
            else:
                assert value == want and type(value) is type(want), f"{where}: {value!r} != {want!r}"
        for c, fmt in enumerate(formats):
            cell = ws.cell(row=r, column=c + 1)
            want_fmt = fmt or "General"
            if want_fmt == "#,##0.##" and isinstance(cell.value, (int, float)) and float(cell.value).is_integer():
                want_fmt = "#,##0"  # a whole quantity shows no decimal mark («20», not «20,»)
            assert cell.number_format == want_fmt, f"{ws.title}!{cell.coordinate}: {cell.number_format} != {want_fmt}"

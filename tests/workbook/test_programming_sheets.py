"""programacion_financiera and programacion_fisica: the rows of a year make up its action plan,
imported as published with one entry per project (responsible: the project's lead); refusals all
or nothing; idempotent; exported from approved or published plans only."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import FiscalYear
from projects.models import Project
from tests.workbook.builders import BPIN, BPIN_PP, base_data, refused, run_import

pytestmark = pytest.mark.django_db


def with_programming() -> dict:
    data = base_data()
    data["programacion_financiera"] = [[BPIN, 2024, 1, 100000000], [BPIN, 2024, 2, 250000000.5]]
    data["programacion_fisica"] = [[BPIN, 2024, 1, "P1", 10], [BPIN, 2024, 3, "P1", 12.5], [BPIN_PP, 2024, 6, "P1", 4]]
    return data


def programming() -> tuple[list, list]:
    financial = list(
        FinancialMonthlyTarget.objects.order_by("entry__project__bank_code", "month")
        .values_list("entry__project__bank_code", "entry__plan__fiscal_year__year", "month", "amount")
    )
    physical = list(
        PhysicalMonthlyTarget.objects.order_by("entry__project__bank_code", "month")
        .values_list("entry__project__bank_code", "month", "product__code", "quantity")
    )
    return financial, physical


def test_the_rows_of_a_year_make_up_its_published_action_plan(tmp_path):
    code, out, err = run_import(with_programming(), tmp_path)
    assert code == 0, err
    assert "programacion_financiera: 2 creadas, 0 actualizadas, 0 sin cambios" in out
    assert "programacion_fisica: 3 creadas, 0 actualizadas, 0 sin cambios" in out
    plan = ActionPlan.objects.get()
    assert (plan.fiscal_year.year, plan.state) == (2024, "published")
    assert plan.published_at is not None and plan.approved_at is not None
    entries = {e.project.bank_code: e.responsible.username for e in ActionPlanEntry.objects.select_related("project", "responsible")}
    assert entries == {BPIN: "resp01", BPIN_PP: "resp02"}  # each project's lead
    assert programming() == (
        [(BPIN, 2024, 1, Decimal("100000000")), (BPIN, 2024, 2, Decimal("250000000.50"))],
        [(BPIN, 1, "P1", Decimal("10")), (BPIN, 3, "P1", Decimal("12.5")), (BPIN_PP, 6, "P1", Decimal("4"))],
    )
    assert plan.history.first().history_change_reason.startswith("Importado de libro.xlsx")


def test_importing_the_same_programming_twice_changes_nothing(tmp_path):
    assert run_import(with_programming(), tmp_path)[0] == 0
    plan = ActionPlan.objects.get()
    history = (ActionPlan.history.count(), ActionPlanEntry.history.count(), FinancialMonthlyTarget.history.count())
    code, out, err = run_import(with_programming(), tmp_path)
    assert code == 0, err
    assert "programacion_financiera: 0 creadas, 0 actualizadas, 2 sin cambios" in out
    assert "programacion_fisica: 0 creadas, 0 actualizadas, 3 sin cambios" in out
    assert ActionPlan.objects.get().published_at == plan.published_at
    assert (ActionPlan.history.count(), ActionPlanEntry.history.count(), FinancialMonthlyTarget.history.count()) == history
    # A changed amount updates its month.
    data = with_programming()
    data["programacion_financiera"][0][3] = 90000000
    code, out, err = run_import(data, tmp_path)
    assert "programacion_financiera: 0 creadas, 1 actualizadas, 1 sin cambios" in out
    assert programming()[0][0] == (BPIN, 2024, 1, Decimal("90000000"))


def test_a_draft_plan_of_the_year_is_published_by_the_import(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    ActionPlan.objects.create(fiscal_year=FiscalYear.objects.get(year=2024), state="draft")
    assert run_import(with_programming(), tmp_path)[0] == 0
    assert ActionPlan.objects.get().state == "published"


def test_a_month_outside_1_to_12_is_refused(tmp_path):
    data = with_programming()
    data["programacion_financiera"][1][2] = 13
    data["programacion_fisica"][0][2] = 0
    refused(
        data, tmp_path,
        "programacion_financiera:3:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
        "programacion_fisica:2:mes: el mes debe estar entre 1 y 12 (se leyó 0)",
    )


def test_a_negative_amount_or_quantity_is_refused(tmp_path):
    data = with_programming()
    data["programacion_financiera"][0][3] = -5
    data["programacion_fisica"][2][4] = -1.5
    refused(
        data, tmp_path,
        "programacion_financiera:2:valor: no puede ser negativo (-5)",
        "programacion_fisica:4:cantidad: no puede ser negativo (-1.5)",
    )


def test_an_unknown_product_or_project_is_refused(tmp_path):
    data = with_programming()
    data["programacion_fisica"][1][3] = "P9"
    data["programacion_fisica"][2][0] = "2024050019999"
    data["programacion_financiera"][1][0] = "2024050019999"
    err = refused(
        data, tmp_path,
        "programacion_fisica:3:codigo_producto: el producto «2024050010001 / P9» no existe (ni en el libro ni en la "
        "base de datos)",
        "programacion_fisica:4:bpin: el proyecto «2024050019999» no existe (ni en el libro ni en la base de datos)",
        "programacion_financiera:3:bpin: el proyecto «2024050019999» no existe (ni en el libro ni en la base de datos)",
    )
    assert not any(line.startswith("programacion_fisica:4:codigo_producto") for line in err)  # the project says it


def test_a_year_with_programming_needs_its_vigencias_row(tmp_path):
    data = with_programming()
    data["programacion_financiera"].append([BPIN, 2025, 1, 5])
    refused(
        data, tmp_path,
        "programacion_financiera:4:anio: la vigencia «2025» no existe (ni en el libro ni en la base de datos)",
    )
    assert not ActionPlan.objects.exists()


def _exported(tmp_path) -> dict:
    from isvimed_planning.workbook.exporter import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    return {name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in
            ("programacion_financiera", "programacion_fisica")}


@pytest.mark.parametrize("state", ["approved", "published"])
def test_the_export_writes_the_programming_of_approved_or_published_plans(tmp_path, state):
    assert run_import(with_programming(), tmp_path)[0] == 0
    ActionPlan.objects.update(state=state)
    assert _exported(tmp_path) == {
        "programacion_financiera": [
            ["bpin", "anio", "mes", "valor"], [BPIN, 2024, 1, 100000000], [BPIN, 2024, 2, 250000000.5],
        ],
        "programacion_fisica": [
            ["bpin", "anio", "mes", "codigo_producto", "cantidad"], [BPIN, 2024, 1, "P1", 10],
            [BPIN, 2024, 3, "P1", 12.5], [BPIN_PP, 2024, 6, "P1", 4],
        ],
    }


def test_the_export_leaves_a_draft_plan_out(tmp_path):
    assert run_import(with_programming(), tmp_path)[0] == 0
    ActionPlan.objects.update(state="draft")
    assert _exported(tmp_path) == {
        "programacion_financiera": [["bpin", "anio", "mes", "valor"]],
        "programacion_fisica": [["bpin", "anio", "mes", "codigo_producto", "cantidad"]],
    }
    assert Project.objects.count() == 2

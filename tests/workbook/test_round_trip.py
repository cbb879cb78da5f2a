"""export_workbook of a database, imported into an empty database, gives the same four matrices
(monitoring.matrices.compute) cell for cell, and the same workbook."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import BudgetModification, FiscalYear, ProjectAllocation
from isvimed_planning.models import OrgUnit, User
from monitoring.matrices import KINDS, compute
from monitoring import totals
from monitoring.models import (
    IndicatorMeasurement,
    ProductProgress,
    ProgressReport,
    SourceExecution,
    TerritorialDistribution,
)
from projects.models import Project
from strategy.models import DevelopmentPlan, Indicator, Program
from tests import factories
from tests.conftest import make_user
from tests.factories import product, project
from tests.workbook.builders import base_data, run_import

pytestmark = pytest.mark.django_db

CUTS = [(2024, dt.date(2024, 1, 31)), (2024, dt.date(2024, 6, 30)), (2024, dt.date(2024, 12, 31)), (2025, dt.date(2025, 3, 31))]


def matrices() -> dict:
    out = {}
    for kind in KINDS:
        for year, cutoff in CUTS:
            m = compute(kind, year=year, cutoff=cutoff)
            out[(kind, year, cutoff)] = [(s.name, s.headers, s.rows) for s in m.sheets]
    return out


def cells(content: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def export() -> bytes:
    from isvimed_planning.workbook.exporter import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer)
    return buffer.getvalue()


def empty_the_database() -> None:
    ActionPlan.objects.all().delete()
    ProgressReport.objects.all().delete()
    IndicatorMeasurement.objects.all().delete()
    BudgetModification.objects.all().delete()
    ProjectAllocation.objects.all().delete()
    FiscalYear.objects.all().delete()
    Project.objects.all().delete()
    Indicator.objects.all().delete()
    Program.objects.all().delete()
    DevelopmentPlan.objects.all().delete()
    OrgUnit.objects.all().delete()
    User.objects.all().delete()


def build_source(tmp_path) -> None:
    """Data from an import plus data entered through the application (ORM)."""
    data = base_data()
    data["avance_fisico"] += [["2024050010002", 2024, 3, "P1", 4]]
    data["ejecucion_financiera"] += [["2024050010002", 2024, 3, 70000000, 10000000, 0]]
    data["distribucion_territorial"] += [["2024050010002", 2024, 3, 6, 70000000, 12]]
    # The action plan of 2024: money and a cumulative product programmed around the cutoffs.
    data["programacion_financiera"] = [["2024050010001", 2024, 1, 80000000], ["2024050010001", 2024, 7, 120000000.5]]
    data["programacion_fisica"] = [["2024050010001", 2024, 1, "P1", 4], ["2024050010001", 2024, 5, "P1", 6.25],
                                   ["2024050010002", 2024, 9, "P1", 3]]
    assert run_import(data, tmp_path)[0] == 0
    # Entered in the application: a lead with no full name (the workbook carries only usernames),
    # a project with a product, an allocation, and an approved and a still submitted report.
    lead = make_user("lider99")
    program = Program.objects.get(code="4.3.1")
    proj = project(lead=lead, the_program=program, state="in_execution", bank_code="2024050010099", name="Mejoramientos")
    prod = product(proj, code="P1", the_indicator=Indicator.objects.get(code="4.3.1.1"), goals={2024: "12"})
    fy = FiscalYear.objects.get(year=2024)
    ProjectAllocation.objects.create(fiscal_year=fy, project=proj, source=factories.funding_source("Recursos propios"), amount=Decimal("50000000"))
    # Two sources: its approved report is split by source (ejecucion_fuente).
    ProjectAllocation.objects.create(fiscal_year=fy, project=proj, source=factories.funding_source("Recursos del crédito"), amount=Decimal("40000000"))
    FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=Decimal("990000000"))
    approved = ProgressReport.objects.create(project=proj, year=2024, month=2, state="approved", committed=Decimal("9000000"),
                                             obligated=Decimal("1000000"), paid=Decimal("500000"))
    for name, (c, o, p) in {"Recursos propios": ("5000000", "1000000", "0"),
                            "Recursos del crédito": ("4000000", "0", "500000")}.items():
        SourceExecution.objects.create(report=approved, source=factories.funding_source(name), committed=Decimal(c),
                                       obligated=Decimal(o), paid=Decimal(p))
    ProductProgress.objects.create(report=approved, product=prod, quantity=Decimal("3.25"))
    TerritorialDistribution.objects.create(report=approved, territory_id=14, committed=Decimal("9000000"), beneficiaries=7)
    submitted = ProgressReport.objects.create(project=proj, year=2024, month=3, state="submitted", committed=Decimal("1"))
    ProductProgress.objects.create(report=submitted, product=prod, quantity=Decimal("100"))
    IndicatorMeasurement.objects.create(indicator=Indicator.objects.get(code="4.3.1.2"), year=2024, month=9, value=Decimal("21.75"))
    totals.refresh_totals(report_ids=[approved.pk, submitted.pk])
    # Programmed in the application too: the new project's entry in the imported plan.
    entry = ActionPlanEntry.objects.create(plan=ActionPlan.objects.get(fiscal_year=fy), project=proj, responsible=lead)
    FinancialMonthlyTarget.objects.create(entry=entry, month=2, amount=Decimal("7000000"))
    PhysicalMonthlyTarget.objects.create(entry=entry, product=prod, month=2, quantity=Decimal("2.5"))


def test_export_then_import_into_an_empty_database_gives_the_same_matrices(tmp_path):
    build_source(tmp_path)
    before = matrices()
    assert any(rows for sheets in before.values() for _, _, rows in sheets)
    # The programmed-to-date columns are filled (the PP project programs no money): the trip must carry them.
    projects = dict(before)[("plan-accion", 2024, dt.date(2024, 6, 30))][0][2]
    assert sorted(row[18] for row in projects if row[18] is not None) == [0, Decimal("7000000"), Decimal("80000000")]
    content = export()
    path = tmp_path / "exportado.xlsx"
    path.write_bytes(content)

    empty_the_database()
    assert not Project.objects.exists()
    code, out, err = run_import(path, tmp_path, "--crear-usuarios")  # the empty database has no accounts
    assert code == 0, err

    after = matrices()
    fuentes = next(rows for name, _, rows in before[("plan-accion", 2024, dt.date(2024, 6, 30))] if name == "Fuentes")
    assert ["2024050010099", "Mejoramientos", "04", "Recursos del crédito", Decimal("40000000"), Decimal(0),
            Decimal("40000000"), Decimal("4000000"), Decimal(0), Decimal("500000"), Decimal("0.1")] in fuentes
    for key in before:
        assert after[key] == before[key], key
    # And the workbook itself survives the trip cell for cell.
    assert cells(export()) == cells(content)


def test_export_command_writes_every_sheet_with_its_headers(tmp_path):
    from tests.workbook.builders import HEADERS

    assert run_import(base_data(), tmp_path)[0] == 0
    path = tmp_path / "salida.xlsx"
    out = io.StringIO()
    call_command("export_workbook", str(path), stdout=out)
    book = cells(path.read_bytes())
    assert list(book) == list(HEADERS)
    for name, headers in HEADERS.items():
        assert book[name][0] == headers
    assert book["proyectos"][1][0] == "2024050010001"
    assert "proyectos: 2 filas" in out.getvalue()

"""Plan de Acción `Fuentes`: a project with two sources whose reports are split by share, a
single-source project without split rows, a modification without a source on a single-source
project; every cell written out, and each project's rows add up to its Proyectos columns 9–14."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification, FiscalYear, ProjectAllocation
from monitoring.models import SourceExecution
from tests import factories
from tests.matrices.builders import YEAR, assert_layout, report
from tests.matrices.test_plan_accion import SOURCE_FORMATS, SOURCE_HEADERS


@pytest.fixture
def split_data(db, lead):
    program = factories.program("4.2.9", "Vivienda nueva")
    own = factories.funding_source("Recursos propios", code="1")
    sgp = factories.funding_source("Sistema General de Participaciones", code="2")
    credit = factories.funding_source("Recursos del crédito", code="10")  # natural order: 1, 2, 10
    fy = FiscalYear.objects.create(year=YEAR, global_ceiling=Decimal("1e12"))
    shared = factories.project(lead=lead, the_program=program, state="in_execution", bank_code="2025050010002",
                               name="Mejoramiento compartido")
    single = factories.project(lead=lead, the_program=program, state="in_execution", bank_code="2025050010001",
                               name="Vivienda de una fuente")
    # Two sources, 75 % / 25 %; each report split by that share.
    ProjectAllocation.objects.create(fiscal_year=fy, project=shared, source=credit, amount=Decimal("300000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=shared, source=sgp, amount=Decimal("100000000"))
    BudgetModification.objects.create(fiscal_year=fy, project=shared, source=sgp, date=dt.date(2025, 4, 1),
                                      kind="addition", amount=Decimal("20000000"))
    for month, (c, o, p) in ((2, (80000000, 40000000, 20000000)), (5, (40000000, 20000000, 20000000))):
        rep = report(shared, YEAR, month, c=c, o=o, p=p)
        for source, share in ((credit, Decimal("0.75")), (sgp, Decimal("0.25"))):
            SourceExecution.objects.create(report=rep, source=source, committed=c * share, obligated=o * share,
                                           paid=p * share)
    # After the cutoff: not counted.
    late = report(shared, YEAR, 7, c=1000, o=0, p=0)
    SourceExecution.objects.create(report=late, source=sgp, committed=Decimal(1000))
    # One source; its modification has none and its reports no split: all of it is that source's.
    ProjectAllocation.objects.create(fiscal_year=fy, project=single, source=own, amount=Decimal("500000000"))
    BudgetModification.objects.create(fiscal_year=fy, project=single, date=dt.date(2025, 3, 1), kind="reduction",
                                      amount=Decimal("50000000"))
    report(single, YEAR, 1, c=100000000, o=60000000, p=30000000)
    report(single, YEAR, 6, state="submitted", c=999)  # not approved: not counted
    return own, sgp, credit


def test_sources_sheet_cells(split_data, workbook):
    wb = workbook("plan-accion")
    rows = [
        ["2025050010001", "Vivienda de una fuente", "1", "Recursos propios", 500000000, -50000000, 450000000,
         100000000, 60000000, 30000000, 100 / 450],
        ["2025050010002", "Mejoramiento compartido", "2", "Sistema General de Participaciones", 100000000, 20000000,
         120000000, 30000000, 15000000, 10000000, 0.25],
        ["2025050010002", "Mejoramiento compartido", "10", "Recursos del crédito", 300000000, 0, 300000000,
         90000000, 45000000, 30000000, 0.3],
    ]
    assert_layout(wb["Fuentes"], title="Plan de Acción", headers=SOURCE_HEADERS, formats=SOURCE_FORMATS, rows=rows)


def test_each_projects_sources_add_up_to_its_proyectos_row(split_data, workbook):
    wb = workbook("plan-accion")
    totals: dict[str, list] = {}
    for row in wb["Fuentes"].iter_rows(min_row=6, values_only=True):
        sums = totals.setdefault(row[0], [0] * 6)
        for i in range(6):
            sums[i] += row[4 + i]
    projects = {row[3]: list(row[8:14]) for row in wb["Proyectos"].iter_rows(min_row=6, values_only=True)}
    assert totals == projects

"""On the sample workbook of the second edition (../shared/data), the Plan de Acción speaks the
DNP's language consistently: every project's `Fuentes` rows add up to its columns 9–14 of
`Proyectos` (MATRICES.md), and the projects with a published programming get their
programmed-to-date columns."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from monitoring.matrices.compute import compute
from tests.workbook.builders import run_import
from tests.workbook.test_import_bounds import SAMPLE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SAMPLE is None, reason="no ../shared/data/sample-workbook.xlsx next to this clone"),
]

MONEY_COLUMNS = ["Presupuesto inicial", "Modificaciones", "Presupuesto definitivo", "Comprometido", "Obligado", "Pagado"]


def _rows(sheet) -> list[dict]:
    return [dict(zip(sheet.headers, row, strict=True)) for row in sheet.rows]


@pytest.mark.parametrize(("year", "cutoff"), [(2024, dt.date(2024, 12, 31)), (2025, dt.date(2025, 6, 30))])
def test_each_projects_sources_add_up_to_its_row_of_proyectos(tmp_path, year, cutoff):
    code, _out, err = run_import(SAMPLE, tmp_path, "--crear-usuarios")
    assert code == 0, err[:20]
    matrix = compute("plan-accion", year=year, cutoff=cutoff)
    projects = _rows(matrix.sheet("Proyectos"))
    sources = _rows(matrix.sheet("Fuentes"))
    assert projects and sources
    by_project: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in sources:
        for column in MONEY_COLUMNS:
            by_project[row["Código BPIN"]][column] += Decimal(row[column] or 0)
    differences = [
        (p["Código BPIN"], column, p[column], by_project[p["Código BPIN"]][column])
        for p in projects for column in MONEY_COLUMNS
        if Decimal(p[column] or 0) != by_project[p["Código BPIN"]][column]
    ]
    assert differences == []
    assert all(row["Código fuente"] for row in sources), "the sample splits every multi-source month"
    assert any(p["Programado financiero a la fecha de corte"] is not None for p in projects)

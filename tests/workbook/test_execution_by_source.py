"""The ejecucion_fuente sheet: a month's execution split by funding source, imported with the
month's report, refused all or nothing when a code is unknown, the rows do not add up to the
ejecucion_financiera row, or a multi-source project's month with execution has none; exported
from the stored rows (a single-source project's reports export none)."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from monitoring.models import SourceExecution
from tests.workbook.builders import BPIN, base_data, refused, run_import

pytestmark = pytest.mark.django_db


def two_sources() -> dict:
    """BPIN financed by 01 and 04 in 2024, its two months split by source."""
    data = base_data()
    data["asignaciones"] = [[2024, BPIN, "01", 450000000], [2024, BPIN, "04", 150000000]]
    data["modificaciones"][0].append("01")
    data["ejecucion_fuente"] = [
        [BPIN, 2024, 1, "01", 75000000, 37500000, 15000000],
        [BPIN, 2024, 1, "04", 25000000, 12500000, 5000000],
        [BPIN, 2024, 2, "01", 50000000, 60000000, 40000000],
    ]
    return data


def test_the_split_is_imported_with_its_report_and_exported_back(tmp_path):
    code, out, err = run_import(two_sources(), tmp_path, "--crear-usuarios")
    assert code == 0, err
    rows = sorted(
        (r.report.month, r.source.code, r.committed, r.obligated, r.paid)
        for r in SourceExecution.objects.select_related("report", "source")
    )
    assert rows == [
        (1, "01", Decimal(75000000), Decimal(37500000), Decimal(15000000)),
        (1, "04", Decimal(25000000), Decimal(12500000), Decimal(5000000)),
        (2, "01", Decimal(50000000), Decimal(60000000), Decimal(40000000)),
    ]
    path = tmp_path / "exportado.xlsx"
    call_command("export_workbook", str(path))
    sheet = openpyxl.load_workbook(path)["ejecucion_fuente"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["bpin", "anio", "mes", "fuente", "comprometido", "obligado", "pagado"],
        [BPIN, 2024, 1, "01", 75000000, 37500000, 15000000],
        [BPIN, 2024, 1, "04", 25000000, 12500000, 5000000],
        [BPIN, 2024, 2, "01", 50000000, 60000000, 40000000],
    ]
    assert run_import(path, tmp_path)[0] == 0  # and again: nothing new
    assert SourceExecution.objects.count() == 3


def test_a_single_source_project_needs_no_split_and_exports_none(tmp_path):
    assert run_import(base_data(), tmp_path, "--crear-usuarios")[0] == 0
    assert not SourceExecution.objects.exists()
    path = tmp_path / "exportado.xlsx"
    call_command("export_workbook", str(path))
    sheet = openpyxl.load_workbook(path)["ejecucion_fuente"]
    assert sheet.max_row == 1


def test_an_unknown_source_code_is_refused(tmp_path):
    data = two_sources()
    data["ejecucion_fuente"][1][3] = "09"
    refused(
        data, tmp_path,
        "ejecucion_fuente:3:fuente: la fuente «09» no existe (ni en el libro ni en la base de datos)",
    )


def test_rows_that_do_not_add_up_to_the_month_are_refused(tmp_path):
    data = two_sources()
    data["ejecucion_fuente"][1][4] = 15000000  # January: 75 + 15 = 90 millions of the 100 committed
    data["ejecucion_fuente"][2][6] = 45000000  # February: 45 millions paid of 40
    refused(
        data, tmp_path,
        "ejecucion_fuente:2:comprometido: la suma por fuentes del comprometido de 2024050010001 2024-01 "
        "($ 90.000.000) no coincide con el comprometido de ejecucion_financiera ($ 100.000.000)",
        "ejecucion_fuente:4:pagado: la suma por fuentes del pagado de 2024050010001 2024-02 ($ 45.000.000) no "
        "coincide con el pagado de ejecucion_financiera ($ 40.000.000)",
    )


def test_a_multi_source_month_with_execution_and_no_split_is_refused(tmp_path):
    data = two_sources()
    data["ejecucion_fuente"] = data["ejecucion_fuente"][:2]  # February left out
    refused(
        data, tmp_path,
        "ejecucion_financiera:3:comprometido: el proyecto 2024050010001 tiene 2 fuentes de financiación en 2024: "
        "reparta la ejecución de 2024-02 por fuente en la hoja ejecucion_fuente",
    )

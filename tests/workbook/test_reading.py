"""How cells are read: numbers as text, codes typed as numbers, dates as text; warnings."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget.models import FiscalYear
from projects.models import Project
from strategy.models import AnnualTarget
from tests.workbook.builders import BPIN, base_data, run_import

pytestmark = pytest.mark.django_db


def test_plain_numbers_written_as_text_with_either_decimal_separator(tmp_path):
    data = base_data()
    data["vigencias"][0][1] = "1000000000,50"
    data["metas_anuales"][0][2] = "100.25"
    assert run_import(data, tmp_path)[0] == 0
    assert FiscalYear.objects.get(year=2024).global_ceiling == Decimal("1000000000.50")
    assert AnnualTarget.objects.get(year=2024).value == Decimal("100.25")


def test_code_typed_as_a_number_reads_as_text(tmp_path):
    data = base_data()
    for sheet in ("proyectos", "productos", "metas_producto", "reprogramaciones", "asignaciones", "modificaciones",
                  "avance_fisico", "ejecucion_financiera", "distribucion_territorial"):
        for row in data[sheet]:
            index = 1 if sheet in ("asignaciones", "modificaciones") else 0
            if row[index] == BPIN:
                row[index] = int(BPIN)
    assert run_import(data, tmp_path)[0] == 0
    assert Project.objects.filter(bank_code=BPIN).exists()
    code, out, _ = run_import(data, tmp_path)
    assert "proyectos: 0 creadas, 0 actualizadas, 2 sin cambios" in out


def test_dates_as_text(tmp_path):
    data = base_data()
    data["proyectos"][0][7] = "2024-02-01"
    assert run_import(data, tmp_path)[0] == 0
    assert Project.objects.get(bank_code=BPIN).start_date == dt.date(2024, 2, 1)


def test_unknown_sheets_and_columns_are_warnings(tmp_path):
    from tests.workbook.builders import HEADERS, write

    data = base_data()
    data["notas"] = [["lo que sea"]]
    headers = {"dependencias": HEADERS["dependencias"] + ["color"], "notas": ["texto"]}
    data["dependencias"] = [row + ["azul"] for row in data["dependencias"]]
    path = tmp_path / "libro.xlsx"
    write(data, path, headers=headers)
    code, out, err = run_import(path, tmp_path)
    assert code == 0, err
    assert "aviso: dependencias:1:color: columna desconocida: se ignora" in out
    assert "aviso: notas:-:-: hoja desconocida: se ignora" in out


def test_weights_of_a_program_not_adding_up_to_100_is_a_warning(tmp_path):
    data = base_data()
    data["indicadores"][1][10] = 30
    code, out, err = run_import(data, tmp_path)
    assert code == 0, err
    assert "aviso: indicadores:2:ponderacion: las ponderaciones de los indicadores del programa 4.3.1 suman 90, no 100" in out


def test_empty_rows_are_skipped_and_row_numbers_are_excel_ones(tmp_path):
    data = base_data()
    data["metas_anuales"] = [["4.3.1.1", 2024, 1], [None, None, None], ["", None, None], ["4.3.1.1", 2025, "x"]]
    code, out, err = run_import(data, tmp_path)
    assert code == 1
    assert err[0] == "metas_anuales:5:meta: «x» no es un número"

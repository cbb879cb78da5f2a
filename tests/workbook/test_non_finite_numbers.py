"""Infinity, NaN and a numeric cell holding text are Spanish errors on their cell, in the
browser's import and at the command line: never an OverflowError or a traceback."""
from __future__ import annotations

import io

import pytest

from isvimed_planning.workbook.importer import import_workbook
from tests.workbook.builders import db_state, run_import
from tests.workbook.hostile import workbook_with_raw_cell

pytestmark = pytest.mark.django_db

NON_FINITE = "no es un número válido: la celda tiene un valor infinito o indefinido (NaN)"


def browser_import(content: bytes):
    source = io.BytesIO(content)
    source.name = "libro.xlsx"
    return import_workbook(source, filename="libro.xlsx", dry_run=True)


# asignaciones: row 2 is data[...][0]; column D (index 3) is `valor` (money).
CASES = [
    ("inf", f"asignaciones:2:valor: {NON_FINITE}"),
    ("-inf", f"asignaciones:2:valor: {NON_FINITE}"),
    ("nan", f"asignaciones:2:valor: {NON_FINITE}"),
    ("1e999", f"asignaciones:2:valor: {NON_FINITE}"),
    ("abc", "asignaciones:2:valor: la celda es numérica pero contiene «abc», que no es un número"),
]


@pytest.mark.parametrize("xml_value,line", CASES)
def test_a_non_finite_or_non_numeric_money_cell_is_an_error_on_its_cell(xml_value, line):
    before = db_state()
    result = browser_import(workbook_with_raw_cell("asignaciones", 0, 3, xml_value))
    assert [e.line for e in result.errors] == [line]
    assert db_state() == before


@pytest.mark.parametrize("xml_value", ["inf", "-inf", "nan", "1e999"])
def test_infinity_in_a_year_column_is_an_error_not_an_overflow(xml_value):
    # `anio` is an integer column: int(float("inf")) raised OverflowError here.
    result = browser_import(workbook_with_raw_cell("asignaciones", 0, 0, xml_value))
    assert [e.line for e in result.errors][:1] == [f"asignaciones:2:anio: {NON_FINITE}"]


def test_infinity_typed_in_a_text_column_is_an_error():
    result = browser_import(workbook_with_raw_cell("proyectos", 0, 1, "inf"))
    assert [e.line for e in result.errors] == [f"proyectos:2:nombre: {NON_FINITE}"]


def test_the_command_reports_a_numeric_cell_holding_text_without_a_traceback(tmp_path):
    path = tmp_path / "abc.xlsx"
    path.write_bytes(workbook_with_raw_cell("asignaciones", 0, 3, "abc"))
    code, out, err = run_import(path, tmp_path)
    assert code == 1
    assert err == [
        "asignaciones:2:valor: la celda es numérica pero contiene «abc», que no es un número",
        "1 errores: no se importó nada.",
    ]


def test_the_command_reports_infinity_without_a_traceback(tmp_path):
    path = tmp_path / "inf.xlsx"
    path.write_bytes(workbook_with_raw_cell("vigencias", 0, 1, "inf"))
    code, out, err = run_import(path, tmp_path)
    assert code == 1
    assert err == [f"vigencias:2:tope_global: {NON_FINITE}", "1 errores: no se importó nada."]


def test_a_shared_string_that_does_not_exist_is_an_error_on_its_cell():
    result = browser_import(workbook_with_raw_cell("asignaciones", 0, 2, "99999", cell_type="s"))
    assert [e.line for e in result.errors] == [
        "asignaciones:2:fuente: la celda no se puede leer: su contenido «99999» no corresponde a su tipo"
    ]

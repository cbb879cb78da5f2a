"""A workbook sheet past Excel's rows continues on `<name> 2`, `<name> 3`, … (WORKBOOK.md, the rule
MATRICES.md sets for the matrices): at 100× ISVIMED's size the territorial distribution has
~1.25 million rows, more than the 1,048,576 of an Excel sheet. The export writes the
continuation sheets, each with the header row; the import reads them back as the one sheet they
are, in order, and names the real sheet (and its row) in every error, so the planner finds it.
The limit is made small here (settings.XLSX_MAX_ROWS) instead of writing a million rows."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import override_settings

from isvimed_planning.workbook.base import EXCEL_NAME_LENGTH, Sheet, register, sheets
from isvimed_planning.workbook.exporter import export_workbook
from isvimed_planning.workbook.importer import import_workbook
from monitoring.models import TerritorialDistribution
from tests.workbook.builders import BPIN, HEADERS, base_data, db_state, refused, run_import, write
from tests.workbook.test_round_trip import build_source, cells, empty_the_database, export, matrices

pytestmark = pytest.mark.django_db

TERRITORIAL = "distribucion_territorial"


def exported(**settings) -> tuple[bytes, dict[str, int]]:
    buffer = io.BytesIO()
    with override_settings(**settings):
        counts = export_workbook(buffer)
    return buffer.getvalue(), counts


def split(data: dict[str, list[list]], sheet: str, *sizes: int, headers: list[str] | None = None) -> dict:
    """`data` with the rows of `sheet` cut into parts of `sizes` rows: `sheet`, `sheet 2`, … in
    the order given, right after `sheet`."""
    rows = data[sheet]
    out: dict[str, list[list]] = {}
    for name, value in data.items():
        if name != sheet:
            out[name] = value
            continue
        start = 0
        for part, size in enumerate(sizes, start=1):
            out[sheet if part == 1 else f"{sheet} {part}"] = rows[start : start + size]
            start += size
        assert start == len(rows)
    return out


def written(data: dict[str, list[list]], headers: dict[str, list[str]] | None = None) -> io.BytesIO:
    """The workbook of `data`, a continuation `x n` with the header of `x` unless told otherwise."""
    every = {name: HEADERS[name.rsplit(" ", 1)[0]] for name in data if name not in HEADERS}
    return write(data, headers={**every, **(headers or {})})


# --- Export ----------------------------------------------------------------------------------


def test_a_sheet_past_the_row_limit_continues_on_numbered_sheets_every_row_once_in_order(tmp_path):
    """The planner exports a database whose territorial distribution (5 rows) and monthly
    execution pass a 3-row sheet (header + 2 rows): they continue on numbered sheets, each with
    the header row and the frozen pane, and the rows read across them are those of one sheet."""
    build_source(tmp_path)
    whole = cells(export())
    content, counts = exported(XLSX_MAX_ROWS=3)
    book = openpyxl.load_workbook(io.BytesIO(content))

    assert book.sheetnames[book.sheetnames.index(TERRITORIAL):][:4] == [
        TERRITORIAL, f"{TERRITORIAL} 2", f"{TERRITORIAL} 3", "mediciones_resultado",
    ]
    got: dict[str, list] = {}
    for ws in book.worksheets:
        sheet = ws.title if ws.title in HEADERS else ws.title.rsplit(" ", 1)[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        assert rows[0] == HEADERS[sheet], ws.title
        assert ws.freeze_panes == "A2", ws.title
        assert len(rows) <= 3, ws.title
        if ws.title != sheet:
            assert len(rows) > 1, f"{ws.title}: a continuation sheet is never empty"
        got.setdefault(sheet, [rows[0]]).extend(rows[1:])
    assert got == whole
    # The count of a sheet is its rows, its continuations included.
    assert counts[TERRITORIAL] == len(whole[TERRITORIAL]) - 1 == 5
    assert counts == {name: len(rows) - 1 for name, rows in whole.items()}


def test_rows_that_just_fill_a_sheet_make_no_continuation(tmp_path):
    build_source(tmp_path)
    content, counts = exported(XLSX_MAX_ROWS=1 + 5)  # the five territorial rows exactly
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert f"{TERRITORIAL} 2" not in book.sheetnames
    assert book[TERRITORIAL].max_row == 6


def test_every_sheet_name_leaves_room_for_its_continuations():
    """Excel refuses a sheet name of more than 31 characters: every workbook sheet's name leaves
    room for ` 999` (a billion rows), and a longer one cannot be registered."""
    longest = max((sheet.name for sheet in sheets()), key=len)
    assert longest == TERRITORIAL
    assert len(f"{longest} 999") <= EXCEL_NAME_LENGTH

    class TooLong(Sheet):
        name = "x" * 28

    with pytest.raises(ValueError, match="at most 27 characters"):
        register(TooLong)


# --- Round trip ------------------------------------------------------------------------------


def test_a_workbook_on_continuation_sheets_imports_back_to_the_same_database(tmp_path):
    """Exported onto continuation sheets and imported into an empty database, the workbook gives
    the same matrices and, exported again (one sheet each), the same workbook."""
    build_source(tmp_path)
    before = matrices()
    whole = export()
    content, _ = exported(XLSX_MAX_ROWS=3)
    path = tmp_path / "continuado.xlsx"
    path.write_bytes(content)

    empty_the_database()
    code, out, err = run_import(path, tmp_path, "--crear-usuarios")

    assert code == 0, err
    assert "aviso" not in out  # no continuation is an unknown sheet
    assert f"{TERRITORIAL}: 5 creadas, 0 actualizadas, 0 sin cambios" in out.splitlines()
    assert matrices() == before
    assert cells(export()) == cells(whole)
    # Imported again: every row is found, on whichever sheet it is.
    code, out, err = run_import(path, tmp_path)
    assert code == 0, err
    assert f"{TERRITORIAL}: 0 creadas, 0 actualizadas, 5 sin cambios" in out.splitlines()


def test_a_sheet_split_by_hand_imports_like_the_whole_sheet(tmp_path):
    path = tmp_path / "partido.xlsx"
    path.write_bytes(written(split(base_data(), TERRITORIAL, 1, 1, 1)).getvalue())
    code, out, err = run_import(path, tmp_path)
    assert code == 0, err
    assert "distribucion_territorial: 3 creadas, 0 actualizadas, 0 sin cambios" in out.splitlines()
    assert sorted(TerritorialDistribution.objects.values_list("report__month", "territory_id", "committed")) == [
        (1, 0, 40000000), (1, 13, 60000000), (2, 13, 50000000),
    ]


# --- Errors on a continuation sheet ----------------------------------------------------------


def refused_book(data, tmp_path, *expected, headers=None, name: str = "libro.xlsx") -> list[str]:
    path = tmp_path / name
    path.write_bytes(written(data, headers).getvalue())
    return refused(path, tmp_path, *expected)


def test_an_error_on_a_continuation_sheet_names_that_sheet_and_its_row(tmp_path):
    """The planner's workbook has its territorial rows on three sheets; a bad month on the second
    row of `distribucion_territorial 3` and a row of `distribucion_territorial 2` repeating one
    of the first sheet are reported where they are, and nothing is written."""
    data = base_data()
    data[TERRITORIAL].append([BPIN, 2024, 13, 14, 1, 1])
    data[TERRITORIAL].insert(2, list(data[TERRITORIAL][0]))
    data = split(data, TERRITORIAL, 2, 2, 1)
    assert data[f"{TERRITORIAL} 2"][0] == data[TERRITORIAL][0]
    assert data[f"{TERRITORIAL} 3"] == [[BPIN, 2024, 13, 14, 1, 1]]

    err = refused_book(
        data, tmp_path,
        "distribucion_territorial 2:2:bpin: clave repetida (bpin, anio, mes, codigo_territorio): ya aparece en la "
        "fila 2 de la hoja «distribucion_territorial»",
        "distribucion_territorial 3:2:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
    )
    # In the order of the sheets: the first, then its continuations.
    assert err.index(next(line for line in err if line.startswith("distribucion_territorial 2:"))) < err.index(
        "distribucion_territorial 3:2:mes: el mes debe estar entre 1 y 12 (se leyó 13)")


def test_a_repeated_key_within_a_continuation_sheet_names_its_row_alone(tmp_path):
    data = base_data()
    data[TERRITORIAL].append(list(data[TERRITORIAL][2]))
    refused_book(
        split(data, TERRITORIAL, 2, 2), tmp_path,
        "distribucion_territorial 2:3:bpin: clave repetida (bpin, anio, mes, codigo_territorio): ya aparece en la "
        "fila 2",
    )


def test_the_errors_kept_per_sheet_count_its_continuations(tmp_path, settings):
    settings.WORKBOOK_MAX_ERRORS_PER_SHEET = 2
    data = base_data()
    data[TERRITORIAL] = [[BPIN, 2024, 13, 13, 1, 1] for _ in range(4)]
    err = refused_book(split(data, TERRITORIAL, 1, 1, 2), tmp_path)
    assert [line for line in err if line.startswith(TERRITORIAL)] == [
        "distribucion_territorial:2:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
        "distribucion_territorial 2:2:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
        "distribucion_territorial:-:-: … y 2 errores más en la hoja distribucion_territorial",
    ]


def test_a_continuation_without_its_first_sheet_is_refused(tmp_path):
    data = base_data()
    data[f"{TERRITORIAL} 2"] = data.pop(TERRITORIAL)
    refused_book(
        data, tmp_path,
        "distribucion_territorial 2:-:-: es una hoja de continuación de la hoja «distribucion_territorial», que no "
        "está en el libro: inclúyala (con sus encabezados y sus primeras filas) o cambie el nombre de esta hoja",
    )


def test_a_gap_in_the_numbering_is_refused(tmp_path):
    data = split(base_data(), TERRITORIAL, 1, 1, 1)
    data[f"{TERRITORIAL} 4"] = data.pop(f"{TERRITORIAL} 3")
    refused_book(
        data, tmp_path,
        "distribucion_territorial 4:-:-: falta la hoja «distribucion_territorial 3»: las continuaciones de la hoja "
        "«distribucion_territorial» van numeradas sin saltos («distribucion_territorial 2», "
        "«distribucion_territorial 3»…)",
    )


def test_a_sheet_numbered_otherwise_is_refused_rather_than_ignored(tmp_path):
    data = split(base_data(), TERRITORIAL, 2, 1)
    data[f"{TERRITORIAL} 1"] = data.pop(f"{TERRITORIAL} 2")
    refused_book(
        data, tmp_path,
        "distribucion_territorial 1:-:-: nombre de hoja no válido: las continuaciones de la hoja "
        "«distribucion_territorial» se llaman «distribucion_territorial 2», «distribucion_territorial 3»…",
    )


def test_a_continuation_whose_header_differs_from_the_first_sheets_is_refused(tmp_path):
    columns = HEADERS[TERRITORIAL]
    swapped = columns[:4] + [columns[5], columns[4]]
    data = split(base_data(), TERRITORIAL, 2, 1)
    data[f"{TERRITORIAL} 2"] = [row[:4] + [row[5], row[4]] for row in data[f"{TERRITORIAL} 2"]]
    refused_book(
        data, tmp_path,
        "distribucion_territorial 2:1:-: la fila 1 no repite los encabezados de la hoja «distribucion_territorial» "
        "(columna E: «beneficiarios» en lugar de «comprometido»); una hoja de continuación lleva los mismos "
        "encabezados, en el mismo orden",
        headers={f"{TERRITORIAL} 2": swapped},
    )


def test_the_rows_per_sheet_limit_counts_the_continuations(settings):
    """A sheet's rows are held together to validate it: cutting it into continuation sheets does
    not get it past WORKBOOK_MAX_ROWS_PER_SHEET (header rows included, as for one sheet)."""
    settings.WORKBOOK_MAX_ROWS_PER_SHEET = 5
    before = db_state()
    result = import_workbook(written(split(base_data(), TERRITORIAL, 2, 1)), dry_run=True)
    assert result.ok, [e.line for e in result.errors]  # 3 + 2 rows

    data = base_data()
    data[TERRITORIAL].append([BPIN, 2024, 2, 14, 0, 0])
    result = import_workbook(written(split(data, TERRITORIAL, 2, 2)), dry_run=True)
    assert [e.line for e in result.errors] == [
        "distribucion_territorial 2:-:-: la hoja distribucion_territorial tiene, con sus hojas de continuación, 6 "
        "filas o más: el máximo es 5 filas por hoja; divida el libro en varios",
    ]
    assert db_state() == before

"""Cells of a matrix file and the cell-by-cell difference between two files of the same matrix.

Rows are matched by their key columns (KEYS: the codes that name a row), not by position, so a
row added above another does not make every cell below it "changed". A sheet continued on
` 2`, ` 3`… sheets (MATRICES.md) is read as one."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

HEADER_ROW = 5
CONTINUED = re.compile(r"^(.*) (\d+)$")

# The columns that name a row of each sheet (MATRICES.md).
KEYS = {
    "Plan Indicativo": ("Código indicador",),
    "Proyectos": ("Código BPIN",),
    "Productos": ("Código BPIN", "Código producto"),
    "Fuentes": ("Código BPIN", "Código fuente"),
    "Georreferenciación": ("Código BPIN", "Código territorio"),
    "Resumen por territorio": ("Código territorio",),
    "Programas": ("Código programa",),
    "Resultados": ("Código indicador",),
}
# Row keys that tell which data is behind a row (for the causes of a change).
SUBJECT_COLUMNS = {
    "Código BPIN": "bpin", "Código indicador": "indicator", "Código programa": "program", "Código territorio": "territory",
}


@dataclass
class Row:
    sheet: str  # the sheet's name in the file (e.g. «Georreferenciación 2»)
    number: int  # the row's number in that sheet
    values: list[Any]


@dataclass
class SheetCells:
    headers: list[str]
    rows: list[Row]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read_cells(fileobj) -> dict[str, SheetCells]:
    """{sheet name (continuations merged): headers and data rows} of a matrix .xlsx."""
    wb = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    sheets: dict[str, SheetCells] = {}
    try:
        for ws in wb.worksheets:
            match = CONTINUED.match(ws.title)
            base = match.group(1) if match and match.group(1) in KEYS else ws.title
            rows = ws.iter_rows(min_row=HEADER_ROW, values_only=True)
            headers = [str(h) if h is not None else "" for h in next(rows, ())]
            cells = sheets.setdefault(base, SheetCells(headers, []))
            for number, values in enumerate(rows, start=HEADER_ROW + 1):
                cells.rows.append(Row(ws.title, number, [_plain(v) for v in values]))
    finally:
        wb.close()
    return sheets


def _keyed(sheet: str, cells: SheetCells) -> dict[tuple, Row]:
    columns = [cells.headers.index(h) for h in KEYS.get(sheet, ()) if h in cells.headers]
    keyed: dict[tuple, Row] = {}
    for row in cells.rows:
        key = tuple(row.values[c] for c in columns) if columns else (row.number,)
        n, unique = 1, key
        while unique in keyed:  # a repeated key keeps its order
            n += 1
            unique = (*key, n)
        keyed[unique] = row
    return keyed


@dataclass
class CellChange:
    sheet: str
    cell: str  # the cell in the sent file («Q7»), or in today's file for a new row
    row_label: str  # the row's key values («2025011 · 4.2.9.1»)
    header: str
    old: Any
    new: Any
    change: str  # "cambió", "fila nueva", "fila que ya no está"
    subjects: dict  # {"bpin": …, "indicator": …, "program": …, "territory": …} of the row

    def as_dict(self) -> dict:
        return asdict(self)


def _subjects(headers: list[str], values: list) -> dict:
    found = {}
    for header, name in SUBJECT_COLUMNS.items():
        if header in headers:
            value = values[headers.index(header)]
            if value not in (None, ""):
                found[name] = str(value)
    return found


def compare(sent: dict[str, SheetCells], now: dict[str, SheetCells]) -> list[CellChange]:
    """Every cell that differs between `sent` and `now`, sheet by sheet, row by row."""
    changes: list[CellChange] = []
    for sheet in list(sent) + [s for s in now if s not in sent]:
        old_cells, new_cells = sent.get(sheet), now.get(sheet)
        headers = (old_cells or new_cells).headers  # type: ignore[union-attr]
        old_rows = _keyed(sheet, old_cells) if old_cells else {}
        new_rows = _keyed(sheet, new_cells) if new_cells else {}
        for key in list(old_rows) + [k for k in new_rows if k not in old_rows]:
            old, new = old_rows.get(key), new_rows.get(key)
            label = " · ".join(str(k) for k in key)
            where = old or new
            assert where is not None
            subjects = _subjects(headers, where.values)
            width = max(len(old.values) if old else 0, len(new.values) if new else 0, len(headers))
            for c in range(width):
                a = old.values[c] if old and c < len(old.values) else None
                b = new.values[c] if new and c < len(new.values) else None
                if old and new and a == b:
                    continue
                if (old is None or new is None) and a is None and b is None:
                    continue
                kind = "cambió" if old and new else ("fila nueva" if new else "fila que ya no está")
                changes.append(CellChange(
                    sheet=where.sheet, cell=f"{get_column_letter(c + 1)}{where.number}", row_label=label,
                    header=headers[c] if c < len(headers) else "", old=a, new=b, change=kind, subjects=subjects,
                ))
    return changes

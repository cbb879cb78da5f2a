"""Write the database in the workbook format (streaming, write-only), or an empty template."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import chain

from isvimed_planning import xlsx

from .base import EXCEL_NAME_LENGTH, export_scope, part_name, sheets_in_spec_order

HEADER = {"bold": True}


def _cell(value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def export_workbook(target, *, plan=None, empty: bool = False, max_rows: int | None = None) -> dict[str, int]:
    """Write every sheet (header row + data of `plan`, the newest plan by default) to `target`
    (a path or a binary file). Returns the number of data rows per sheet.

    A sheet whose header and rows would pass `max_rows` rows (settings.XLSX_MAX_ROWS, Excel's
    1,048,576) continues on `<name> 2`, `<name> 3`, … (WORKBOOK.md), each with the header row and
    the same frozen pane; the count is the sheet's, its continuations included. Streamed: each
    sheet's rows are read from the database in chunks as they are written, none is held."""
    if plan is None and not empty:
        plan = export_scope()
    per_sheet = (max_rows or xlsx.max_rows()) - 1  # the header row
    if per_sheet < 1:
        raise ValueError(f"A sheet of {per_sheet + 1} rows leaves no room for data.")
    counts: dict[str, int] = {}

    def data(sheet):
        n = 0
        counts[sheet.name] = n
        if not empty and (plan is not None or sheet.name == "dependencias"):
            for row in sheet.export_rows(plan):
                yield [_cell(value) for value in row]
                n += 1
        counts[sheet.name] = n

    def parts():
        for sheet in sheets_in_spec_order():
            for part, rows in enumerate(xlsx.continued(data(sheet), per_sheet), start=1):
                name = part_name(sheet.name, part)
                if len(name) > EXCEL_NAME_LENGTH:  # register() leaves room for ` 999`
                    raise ValueError(f"Sheet name {name!r} is longer than Excel allows.")
                header = [xlsx.Cell(title, HEADER) for title in sheet.column_names]
                yield xlsx.Sheet(name=name, rows=chain([header], rows), freeze=(1, 0))

    # round_trip: the application reads this file back with openpyxl, which keeps names exact.
    xlsx.write_xlsx(parts(), target, round_trip=True)
    return counts

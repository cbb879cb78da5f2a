"""Write the database in the workbook format (streaming, write-only), or an empty template."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from isvimed_planning.safe_export import write_only_cell, write_only_value

from .base import export_scope, sheets_in_spec_order


def _cell(value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def export_workbook(target, *, plan=None, empty: bool = False) -> dict[str, int]:
    """Write every sheet (header row + data of `plan`, the newest plan by default) to `target`
    (a path or a binary file). Returns the number of data rows per sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if plan is None and not empty:
        plan = export_scope()
    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    bold = Font(bold=True)
    for sheet in sheets_in_spec_order():
        ws = book.create_sheet(sheet.name)
        header = []
        for name in sheet.column_names:
            cell = write_only_cell(ws, name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        ws.freeze_panes = "A2"
        n = 0
        if not empty and (plan is not None or sheet.name == "dependencias"):
            for row in sheet.export_rows(plan):
                out = []
                for value in row:
                    value = _cell(value)
                    if isinstance(value, dt.date):
                        cell = WriteOnlyCell(ws, value=value)
                        cell.number_format = "yyyy-mm-dd"
                        out.append(cell)
                    else:
                        # Text stays text: a name "=HYPERLINK(…)" must not become a formula.
                        out.append(write_only_value(ws, value))
                ws.append(out)
                n += 1
        counts[sheet.name] = n
    book.save(target)
    return counts

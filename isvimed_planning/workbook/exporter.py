"""Write the database in the workbook format (streaming, write-only), or an empty template."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from isvimed_planning import xlsx

from .base import export_scope, sheets_in_spec_order

HEADER = {"bold": True}


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
    if plan is None and not empty:
        plan = export_scope()
    counts: dict[str, int] = {}

    def rows(sheet):
        yield [xlsx.Cell(name, HEADER) for name in sheet.column_names]
        n = 0
        if not empty and (plan is not None or sheet.name == "dependencias"):
            for row in sheet.export_rows(plan):
                yield [_cell(value) for value in row]
                n += 1
        counts[sheet.name] = n

    # round_trip: the application reads this file back with openpyxl, which keeps names exact.
    xlsx.write_xlsx(
        (xlsx.Sheet(name=sheet.name, rows=rows(sheet), freeze=(1, 0)) for sheet in sheets_in_spec_order()),
        target, round_trip=True,
    )
    return counts

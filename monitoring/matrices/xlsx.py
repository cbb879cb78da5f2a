"""Write a matrix to .xlsx with XlsxWriter in constant-memory mode (rows go out in order).

Layout of every sheet: rows 1–3 title block (entity, matrix, `Vigencia Y – Fecha de corte
dd/mm/aaaa`), row 4 empty, row 5 headers, data from row 6; panes frozen under the header,
autofilter on the header, no merged cells. Numbers are numeric cells with the column's format;
an undefined value (None) is an empty cell.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import xlsxwriter
from django.conf import settings

from isvimed_planning.safe_export import XLSXWRITER_OPTIONS

from .base import Matrix

HEADER_ROW = 4  # zero-based: row 5 in Excel
FIRST_DATA_ROW = 5


def subtitle(year: int, cutoff: dt.date) -> str:
    return f"Vigencia {year} – Fecha de corte {cutoff:%d/%m/%Y}"


def write_xlsx(
    matrix: Matrix, fileobj, *, year: int, cutoff: dt.date, progress: Callable[[int, int], None] | None = None
) -> None:
    """Write `matrix` to `fileobj` (a path or a binary file object).

    `progress(done_rows, total_rows)` is called now and then while rows are written."""
    # Text is written with write_string (never a formula); the options guard any write() too.
    workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "in_memory": False, **XLSXWRITER_OPTIONS})
    try:
        title_fmt = workbook.add_format({"bold": True, "font_size": 13})
        bold = workbook.add_format({"bold": True})
        header_fmt = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#E8F1EA"})
        number_formats: dict[str, object] = {}

        def fmt_for(num_format: str):
            if num_format not in number_formats:
                number_formats[num_format] = workbook.add_format({"num_format": num_format})
            return number_formats[num_format]

        total = sum(len(s.rows) for s in matrix.sheets) or 1
        done = 0
        for sheet in matrix.sheets:
            ws = workbook.add_worksheet(sheet.name)
            for index, column in enumerate(sheet.columns):
                ws.set_column(index, index, column.width)
            ws.write_string(0, 0, getattr(settings, "ENTITY_NAME", ""), title_fmt)
            ws.write_string(1, 0, matrix.title, bold)
            ws.write_string(2, 0, subtitle(year, cutoff))
            for index, column in enumerate(sheet.columns):
                ws.write_string(HEADER_ROW, index, column.header, header_fmt)
            ws.freeze_panes(FIRST_DATA_ROW, 0)
            last_row = HEADER_ROW + max(len(sheet.rows), 1)
            ws.autofilter(HEADER_ROW, 0, last_row, len(sheet.columns) - 1)
            formats = [fmt_for(c.fmt) if c.fmt else None for c in sheet.columns]
            for offset, row in enumerate(sheet.rows):
                r = FIRST_DATA_ROW + offset
                for c, value in enumerate(row):
                    cell_format = formats[c]
                    if value is None or value == "":
                        if cell_format is not None:
                            ws.write_blank(r, c, None, cell_format)
                    elif cell_format is not None:
                        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, cell_format)
                    else:
                        ws.write_string(r, c, str(value))
                done += 1
                if progress and done % 200 == 0:
                    progress(done, total)
        if progress:
            progress(total, total)
    finally:
        workbook.close()

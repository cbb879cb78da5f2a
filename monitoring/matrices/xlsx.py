"""Write a matrix to .xlsx with the shared writer (`isvimed_planning.xlsx`: XlsxWriter, constant memory).

Layout of every sheet: rows 1–3 title block (entity, matrix, `Vigencia Y – Fecha de corte
dd/mm/aaaa`), row 4 empty, row 5 headers, data from row 6; panes frozen under the header,
autofilter on the header, no merged cells. Numbers are numeric cells with the column's format
(a whole quantity without decimal mark); an undefined value (None) is an empty cell. Printed
landscape, one page wide, the header row on every page; the file's title and author are set.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings

from isvimed_planning import xlsx

from .base import COUNT, QTY, Matrix, Sheet

HEADER_ROW = 4  # zero-based: row 5 in Excel
FIRST_DATA_ROW = 5
TITLE = {"bold": True, "font_size": 13}
BOLD = {"bold": True}
HEADER = {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#E8F1EA"}


def column_style(fmt: str | None) -> dict | None:
    """A column's number format; a quantity that is whole shows no decimal mark («20», not «20,»)."""
    if not fmt:
        return None
    return {"num_format": fmt, "whole_num_format": COUNT} if fmt == QTY else {"num_format": fmt}


def subtitle(year: int, cutoff: dt.date) -> str:
    return f"Vigencia {year} – Fecha de corte {cutoff:%d/%m/%Y}"


def _rows(matrix: Matrix, sheet: Sheet, rows: Iterable, *, year: int, cutoff: dt.date,
          tick: Callable[[], None]) -> Iterator[list]:
    yield [xlsx.Cell(getattr(settings, "ENTITY_NAME", ""), TITLE)]
    yield [xlsx.Cell(matrix.title, BOLD)]
    yield [subtitle(year, cutoff)]
    yield []
    yield [xlsx.Cell(column.header, HEADER) for column in sheet.columns]
    text_columns = [c for c, column in enumerate(sheet.columns) if not column.fmt]
    for row in rows:
        # A column without a number format is text, whatever its values are.
        converted = None
        for c in text_columns:
            value = row[c]
            if value is not None and value != "" and not isinstance(value, str):
                if converted is None:
                    converted = list(row)
                converted[c] = str(value)
        yield row if converted is None else converted
        tick()


def sheet_name(name: str, part: int) -> str:
    """The name of the `part`-th sheet (from 1) of a matrix sheet: `Georreferenciación`,
    `Georreferenciación 2`, … (MATRICES.md, common rules)."""
    return name if part == 1 else f"{name} {part}"


def _parts(sheet: Sheet, max_rows: int) -> Iterator[tuple[str, Iterator]]:
    """(sheet name, its data rows) for each sheet a matrix sheet takes: up to `max_rows` rows in
    all per sheet, title block and header included, the rows kept in their order. Read lazily:
    each part takes its rows from the one iterator as the writer gets to them."""
    per_sheet = max_rows - FIRST_DATA_ROW
    if per_sheet < 1:
        raise ValueError(f"Una hoja de {max_rows} filas no deja lugar para los datos.")
    for part, rows in enumerate(xlsx.continued(sheet.rows, per_sheet), start=1):
        yield sheet_name(sheet.name, part), rows


def write_xlsx(
    matrix: Matrix, fileobj, *, year: int, cutoff: dt.date, progress: Callable[[int, int], None] | None = None,
    max_rows: int | None = None,
) -> None:
    """Write `matrix` to `fileobj` (a path or a binary file object).

    A sheet whose rows would pass `max_rows` rows (default: settings.XLSX_MAX_ROWS, Excel's
    1,048,576) continues on sheets named like it followed by ` 2`, ` 3`, … each with the title
    block and the header. Rows that are an iterable (a streamed sheet) are read once, as they are
    written, and never all held: the file is written in XlsxWriter's constant-memory mode.
    `progress(done_rows, total_rows)` is called now and then while rows are written."""
    limit: int = max_rows or xlsx.max_rows()
    total = sum(s.row_count for s in matrix.sheets) or 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and done % 200 == 0:
            progress(min(done, total), total)

    xlsx.write_xlsx(
        (
            xlsx.Sheet(
                name=name,
                rows=_rows(matrix, sheet, rows, year=year, cutoff=cutoff, tick=tick),
                widths=[column.width for column in sheet.columns],
                column_styles=[column_style(column.fmt) for column in sheet.columns],
                styled_from=FIRST_DATA_ROW,
                freeze=(FIRST_DATA_ROW, 0),
                autofilter_to_end=(HEADER_ROW, 0, len(sheet.columns) - 1),
                # Delivered to the Alcaldía and printed: landscape, one page wide, header on every page.
                landscape=True, fit_width=True, repeat_rows=(HEADER_ROW, HEADER_ROW),
            )
            for sheet in matrix.sheets
            for name, rows in _parts(sheet, limit)
        ),
        fileobj,
        properties=xlsx.Properties(
            title=f"{matrix.title} – {subtitle(year, cutoff)}",
            author=getattr(settings, "ENTITY_NAME", "") or "ISVIMED",
            subject="Seguimiento al Plan de Desarrollo (P-GE-01, 4.6)",
        ),
    )
    if progress:
        progress(total, total)

"""The one way the application writes an .xlsx file: describe the sheets, then `write_xlsx`.

Every export (matrices, POAI, action plan, the admin's xlsx exports, the planning workbook)
describes its sheets as `Sheet`s of rows and hands them here, so the formula-injection guard
of `safe_export` is applied in one place: text is always written as a text cell with its exact
characters, never as a formula, link or number.

Two engines, one description:
- XlsxWriter in constant-memory mode (the default): rows go out in order and are not kept.
- openpyxl write-only (`round_trip=True`), only for the planning workbook, which the
  application reads back with openpyxl: XlsxWriter writes control characters (a CR in a name)
  as Excel's `_x000D_` escape, which openpyxl does not undo, so a name would not come back
  unchanged.
"""
from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.http.response import HttpResponseBase

from isvimed_planning.files import spooled_response
from isvimed_planning.safe_export import (
    XLSX,
    XLSXWRITER_OPTIONS,
    set_download_name,
    write_only_cell,
    write_only_value,
)

Style = Mapping[str, Any]
"""XlsxWriter format properties (`bold`, `font_size`, `num_format`, `bg_color`, `text_wrap`,
`valign`...), plus `whole_num_format`: the format of a whole number in a column whose numbers may
have decimals (a quantity of 20 reads «20», not «20,» as `#,##0.##` shows it in a Spanish Excel).
The round-trip engine honours `bold` and `num_format` only."""

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = '"$ "#,##0'  # money as «$ 1.234.567» (MATRICES.md), in the matrices and the lists' downloads
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"


@dataclass(frozen=True, slots=True)
class Cell:
    """A value with its own style (a title, a header, a total)."""

    value: Any
    style: Style | None = None


@dataclass
class Sheet:
    """One worksheet. `rows` (any iterable, read once) are written from the first row down; a
    row is a sequence of values or `Cell`s, an empty one leaves the row empty. A plain value of
    a row at `styled_from` or below takes `column_styles[column]`. None and "" are empty cells
    (given a style, a blank cell with it). `freeze` and `autofilter` use zero-based
    (row, column) as XlsxWriter does."""

    name: str
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    column_styles: Sequence[Style | None] = ()
    styled_from: int = 0
    freeze: tuple[int, int] | None = None
    autofilter: tuple[int, int, int, int] | None = None
    # (header row, first column, last column): an autofilter from the header down to the last row
    # written, for rows streamed without knowing their number beforehand (XlsxWriter engine).
    autofilter_to_end: tuple[int, int, int] | None = None
    # Print setup of a delivered file: landscape, as wide as one page, these rows (first, last,
    # zero-based) repeated on every page.
    landscape: bool = False
    fit_width: bool = False
    repeat_rows: tuple[int, int] | None = None


@dataclass(frozen=True)
class Properties:
    """The document's title and author (File > Properties), for files delivered to others."""

    title: str
    author: str
    subject: str = ""


def write_xlsx(
    sheets: Iterable[Sheet], target=None, *, round_trip: bool = False, properties: Properties | None = None,
) -> bytes | None:
    """Write `sheets` to `target` (a path or a binary file); without a target, return the bytes."""
    buffer = io.BytesIO() if target is None else None
    if round_trip:
        _write_openpyxl(sheets, buffer if target is None else target)
    else:
        _write_xlsxwriter(sheets, buffer if target is None else target, properties)
    return buffer.getvalue() if buffer is not None else None


EXCEL_MAX_ROWS = 1_048_576  # rows of an Excel sheet


def max_rows() -> int:
    """Rows a written sheet may have in all (settings.XLSX_MAX_ROWS, Excel's 1,048,576; tests make it small)."""
    return int(getattr(settings, "XLSX_MAX_ROWS", EXCEL_MAX_ROWS))


def continued(rows: Iterable, per_sheet: int) -> Iterator[Iterator]:
    """The rows of one sheet cut into the parts a sheet past Excel's limit takes (it continues on
    `Name 2`, `Name 3`, …: MATRICES.md, WORKBOOK.md): up to `per_sheet` rows each, in order, none
    lost or repeated. The first part always comes (it may be empty); a continuation only when rows
    are left. Lazy: each part takes its rows from the one iterator as the writer gets to them, so
    nothing is held; take a part's rows before asking for the next part."""
    if per_sheet < 1:
        raise ValueError("per_sheet must be at least 1")
    rows = iter(rows)
    end = object()
    first = next(rows, end)
    yield iter(()) if first is end else islice(chain([first], rows), per_sheet)
    while (first := next(rows, end)) is not end:
        yield islice(chain([first], rows), per_sheet)


SPOOL_BYTES = 4 * 1024 * 1024


def download(content: bytes | Iterable[Sheet], filename: str) -> HttpResponseBase:
    """An .xlsx download: `content` (the file's bytes, or sheets written here) under a sanitised name.

    Sheets are written to a temporary file; a file of more than SPOOL_BYTES is sent from it in
    blocks (files.spooled_response) rather than read into memory, so that a long list's download does not
    hold the whole file in the process."""
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=XLSX)
    else:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
        write_xlsx(content, spool)
        if spool.tell() <= SPOOL_BYTES:
            spool.seek(0)
            response = HttpResponse(spool.read(), content_type=XLSX)
            spool.close()
        else:
            spool.seek(0)
            response = spooled_response(spool, content_type=XLSX)
    set_download_name(response, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- XlsxWriter --------------------------------------------------------------------------------


def _write_xlsxwriter(sheets: Iterable[Sheet], target, properties: Properties | None = None) -> None:
    import xlsxwriter

    # XLSXWRITER_OPTIONS: even a stray write() never turns text into a formula, a link or a number.
    options = {"constant_memory": True, "in_memory": False, "remove_timezone": True}
    workbook = xlsxwriter.Workbook(target, {**options, **XLSXWRITER_OPTIONS})
    if properties is not None:
        workbook.set_properties({"title": properties.title, "author": properties.author,
                                 "subject": properties.subject, "company": properties.author})
    formats: dict[tuple, Any] = {}

    def fmt(style: Style | None):
        if not style:
            return None
        key = tuple(sorted(style.items()))
        if key not in formats:
            formats[key] = workbook.add_format({k: v for k, v in style.items() if k != "whole_num_format"})
        return formats[key]

    def whole(style: Style | None):
        """The format of a whole number in a column whose style says one (else None)."""
        if not style or "whole_num_format" not in style:
            return None
        return fmt({k: v for k, v in style.items() if k != "whole_num_format"} | {"num_format": style["whole_num_format"]})

    def dated(style: Style | None, default: str):
        return fmt(style if style and "num_format" in style else {**(style or {}), "num_format": default})

    try:
        for sheet in sheets:
            ws = workbook.add_worksheet(sheet.name)
            for index, width in enumerate(sheet.widths):
                ws.set_column(index, index, width)
            if sheet.freeze:
                ws.freeze_panes(*sheet.freeze)
            if sheet.autofilter:
                ws.autofilter(*sheet.autofilter)
            if sheet.landscape:
                ws.set_landscape()
            if sheet.fit_width:
                ws.fit_to_pages(1, 0)
            if sheet.repeat_rows:
                ws.repeat_rows(*sheet.repeat_rows)
            column_formats = [fmt(s) for s in sheet.column_styles]
            whole_formats = [whole(s) for s in sheet.column_styles]
            n_styled = len(column_formats)
            r = -1
            write_string, write_number = ws.write_string, ws.write_number
            for r, row in enumerate(sheet.rows):
                styled = r >= sheet.styled_from and n_styled
                for c, value in enumerate(row):
                    in_column = styled and c < n_styled
                    # The common cells first (a row of a long sheet): plain text and numbers.
                    kind = type(value)
                    if kind is str and value:
                        write_string(r, c, value, column_formats[c] if in_column else None)
                        continue
                    if kind is Decimal or kind is int or kind is float:
                        whole_format = whole_formats[c] if in_column else None
                        if whole_format is not None and _is_whole(value):
                            write_number(r, c, float(value) if kind is Decimal else value, whole_format)
                        else:
                            write_number(r, c, float(value) if kind is Decimal else value,
                                         column_formats[c] if in_column else None)
                        continue
                    whole_format = None
                    if isinstance(value, Cell):
                        style, value = value.style, value.value
                        cell_format = fmt(style)
                    else:
                        style = sheet.column_styles[c] if in_column else None
                        cell_format = column_formats[c] if in_column else None
                        whole_format = whole_formats[c] if in_column else None
                    if value is None or value == "":
                        if cell_format is not None:
                            ws.write_blank(r, c, None, cell_format)
                    elif isinstance(value, str):
                        write_string(r, c, value, cell_format)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value, cell_format)
                    elif isinstance(value, (int, float, Decimal)):
                        if whole_format is not None and _is_whole(value):
                            cell_format = whole_format
                        write_number(r, c, float(value) if isinstance(value, Decimal) else value, cell_format)
                    elif isinstance(value, dt.datetime):
                        ws.write_datetime(r, c, value, dated(style, DATETIME_FORMAT))
                    elif isinstance(value, dt.date):
                        ws.write_datetime(r, c, value, dated(style, DATE_FORMAT))
                    else:
                        write_string(r, c, str(value), cell_format)
            if sheet.autofilter_to_end:
                header, first, last = sheet.autofilter_to_end
                ws.autofilter(header, first, max(r, header + 1), last)
    finally:
        workbook.close()


def _is_whole(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    if isinstance(value, float):
        return value.is_integer()
    return True


# --- openpyxl, write-only (files the application reads back) ------------------------------------


def _write_openpyxl(sheets: Iterable[Sheet], target) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    fonts: dict[bool, Font] = {True: Font(bold=True)}

    def styled_cell(ws, value, style: Style):
        cell = write_only_cell(ws, value)
        if style.get("bold"):
            cell.font = fonts[True]
        if "num_format" in style:
            cell.number_format = style["num_format"]
        return cell

    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for index, width in enumerate(sheet.widths):
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        if sheet.freeze:
            ws.freeze_panes = f"{get_column_letter(sheet.freeze[1] + 1)}{sheet.freeze[0] + 1}"
        n_styled = len(sheet.column_styles)
        for r, row in enumerate(sheet.rows):
            styled = r >= sheet.styled_from and n_styled
            out = []
            for c, value in enumerate(row):
                style = sheet.column_styles[c] if styled and c < n_styled else None
                if isinstance(value, Cell):
                    style, value = value.style, value.value
                if value == "":
                    value = None
                if isinstance(value, Decimal):
                    value = int(value) if value == value.to_integral_value() else float(value)
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    style = {**(style or {}), "num_format": (style or {}).get("num_format", DATE_FORMAT)}
                if style:
                    out.append(styled_cell(ws, value, style))
                else:
                    # Text stays text: a name "=HYPERLINK(…)" must not become a formula.
                    out.append(write_only_value(ws, value))
            ws.append(out)
        # Finish the sheet's XML now (its temporary file is closed, its buffers let go): the book
        # holds every sheet until it is saved, and the workbook may have many (continuation sheets).
        ws.close()
    book.save(target)

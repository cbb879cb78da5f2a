"""The orchestrator: read a workbook (streaming), validate every sheet, write all or nothing.

    result = import_workbook(path, user=request.user, filename="plan.xlsx", dry_run=True)
    result.errors   # [Issue(sheet, row, column, message)], every error found, none written
    result.counts   # {"proyectos": {"created": 3, "updated": 1, "unchanged": 8}, ...}
"""
from __future__ import annotations

import logging
import zipfile
from typing import Callable

from django.db import DatabaseError, transaction

from .base import SHEET_ORDER, Context, Result, Row, Sheet, sheets
from .cells import CellError

log = logging.getLogger(__name__)

NOT_XLSX = "el archivo no es un libro de Excel .xlsx válido (¿es otro tipo de archivo renombrado como .xlsx?)"
REQUIRED = "falta el valor (es obligatorio)"


def open_workbook(source):
    """openpyxl's streaming reader, or ValueError with a Spanish message."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        raise ValueError(NOT_XLSX) from None
    except Exception:  # any other parsing failure of a damaged file
        raise ValueError(NOT_XLSX) from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(ctx: Context, worksheet, sheet: Sheet, on_row: Callable[[], None] | None = None) -> list[Row] | None:
    """The sheet's data rows read into Python values; cell errors reported. None when the
    header misses a required column (the sheet's rows are then not checked)."""
    if not hasattr(worksheet, "iter_rows"):  # a chart sheet has no cells
        ctx.error(sheet.name, None, None, "la hoja no tiene celdas (¿es una hoja de gráfico?)")
        return None
    rows_iter = worksheet.iter_rows(values_only=True)
    header = next(rows_iter, None)
    if header is None:
        return []
    spec = {c.name: c for c in sheet.columns}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        if _blank(title):
            continue
        title = str(title).strip()
        if title in spec:
            if title in positions:
                ctx.error(sheet.name, 1, title, "columna repetida")
            else:
                positions[title] = index
        else:
            ctx.warning(sheet.name, 1, title, "columna desconocida: se ignora")
    missing = [c.name for c in sheet.columns if c.required and c.name not in positions]
    for name in missing:
        ctx.error(sheet.name, 1, name, "falta la columna obligatoria")
    if missing:
        return None
    columns = [(c, positions.get(c.name)) for c in sheet.columns]
    by_name = {c.name: i for i, c in enumerate(sheet.columns)}
    rows: list[Row] = []
    for number, values in enumerate(rows_iter, start=2):
        if on_row is not None and number % 1000 == 0:
            on_row()
        if not values or all(_blank(v) for v in values):
            continue
        width = len(values)
        parsed = []
        ok = True
        for col, index in columns:
            raw = values[index] if index is not None and index < width else None
            try:
                value = col.read(raw)
            except CellError as exc:
                ctx.error(sheet.name, number, col.name, str(exc))
                ok = False
                value = None
            else:
                if value is None and col.required:
                    ctx.error(sheet.name, number, col.name, REQUIRED)
                    ok = False
            parsed.append(value)
        rows.append(Row(number, tuple(parsed), ok, by_name))
    return rows


def _sheet_size(book, name: str) -> int:
    """Uncompressed size of a worksheet's XML: a measure of how much there is to read."""
    try:
        return book._archive.getinfo(book[name]._worksheet_path).file_size
    except (AttributeError, KeyError):
        return 1


def _issue_order(issue, column_order: dict[str, dict[str, int]]):
    sheet_index = SHEET_ORDER.index(issue.sheet) if issue.sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (sheet_index, issue.row or 0, column_order.get(issue.sheet, {}).get(issue.column or "", 99))


def import_workbook(
    source, *, user=None, filename: str = "", dry_run: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> Result:
    """Validate the workbook against itself and the database; write it in one transaction when
    it has no error and this is not a dry run. Progress goes 0–80 while reading, 80–100 writing."""
    ctx = Context(user=user, filename=filename or getattr(source, "name", "") or "libro.xlsx", progress=progress)
    try:
        book = open_workbook(source)
    except ValueError as exc:
        ctx.error("libro", None, None, str(exc))
        return ctx.result
    try:
        handlers = sheets()
        known = {h.name for h in handlers}
        present = set(book.sheetnames)
        for name in book.sheetnames:
            if name not in known:
                ctx.warning(name, None, None, "hoja desconocida: se ignora")
        # Progress while reading (0–80 %): each sheet weighs its size in the file; within a sheet,
        # rows read against its row count (or an estimate from its size when the file has none).
        sizes = {h.name: _sheet_size(book, h.name) for h in handlers if h.name in present}
        total = sum(sizes.values()) or 1
        done = [0]

        def tick(name: str, label: str, columns: int):
            expected = book[name].max_row or max(1, sizes[name] // (30 * columns + 20))
            read = [0]

            def _on_row():
                read[0] += 1000
                share = min(0.99, read[0] / expected)
                ctx.progress(int(80 * (done[0] + share * sizes[name]) / total), label)
            return _on_row

        for handler in handlers:
            handler.prepare(ctx)
            if handler.name in present:
                ctx.sheets_present.add(handler.name)
                label = f"Leyendo la hoja {handler.name}"
                ctx.progress(int(80 * done[0] / total), label)
                rows = read_rows(ctx, book[handler.name], handler, tick(handler.name, label, len(handler.columns)))
                done[0] += sizes[handler.name]
                if rows is not None:
                    ctx.progress(int(80 * done[0] / total), f"Validando la hoja {handler.name}")
                    handler.validate(ctx, rows)
                    ctx.result.counts.setdefault(handler.name, {"created": 0, "updated": 0, "unchanged": 0})
                del rows
        for handler in handlers:
            handler.finish(ctx)
    finally:
        book.close()
    result = ctx.result
    column_order = {h.name: {c.name: i for i, c in enumerate(h.columns)} for h in handlers}
    result.errors.sort(key=lambda issue: _issue_order(issue, column_order))
    result.warnings.sort(key=lambda issue: _issue_order(issue, column_order))
    result.counts = {name: result.counts[name] for name in SHEET_ORDER if name in result.counts}
    if result.errors or dry_run:
        return result
    ctx.progress(80, "Guardando")
    try:
        with transaction.atomic():
            for index, handler in enumerate(handlers):
                handler.write(ctx)
                ctx.progress(80 + int(20 * (index + 1) / len(handlers)), f"Guardando la hoja {handler.name}")
    except DatabaseError as exc:
        # Something changed in the database since the validation (another user, another import):
        # the transaction was rolled back, nothing was written.
        log.warning("workbook import rolled back: %s", exc)
        ctx.error(
            "libro", None, None,
            "la base de datos rechazó la importación (sus datos cambiaron mientras se validaba el libro); no se "
            "guardó nada: vuelva a intentarlo",
        )
        return result
    result.written = True
    return result

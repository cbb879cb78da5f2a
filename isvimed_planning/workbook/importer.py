"""The orchestrator: read a workbook (streaming), validate every sheet, write all or nothing.

    result = import_workbook(path, user=request.user, filename="plan.xlsx", dry_run=True)
    result.errors   # [Issue(sheet, row, column, message)], every error found, none written
    result.counts   # {"proyectos": {"created": 3, "updated": 1, "unchanged": 8}, ...}
"""
from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, transaction
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.xml.constants import SHEET_MAIN_NS

from isvimed_planning.deadlines import live as deadlines_live

from .base import (
    SHEET_ORDER,
    Context,
    Issue,
    Result,
    Row,
    Sheet,
    omitted_message,
    part_name,
    sheets,
    split_part,
)
from .bounds import NOT_XLSX, TooLarge, measure
from .cells import CellError, Col, Unreadable

# Out of memory or out of time is the job's failure (isvimed_planning.jobs says so on its page),
# not a fault of the file: never reported as a damaged workbook.
RESOURCE_LIMITS = (MemoryError, SoftTimeLimitExceeded)

VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"

log = logging.getLogger(__name__)

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
    except RESOURCE_LIMITS:
        raise
    except Exception:  # any other parsing failure of a damaged file
        raise ValueError(NOT_XLSX) from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _safe_parser():
    """openpyxl's sheet parser, except that a cell it cannot read becomes an Unreadable value on
    that cell (reported in Spanish by Col.read) instead of an exception that ends the sheet."""
    from openpyxl.worksheet._reader import WorkSheetParser

    class SafeParser(WorkSheetParser):
        def parse_cell(self, element):
            try:
                return super().parse_cell(element)
            except (ValueError, TypeError, IndexError, KeyError, OverflowError, AttributeError):
                pass
            raw = element.findtext(VALUE_TAG, None)
            kind = element.get("t", "n")
            try:
                row, column = coordinate_to_tuple(element.get("r") or "")
            except (ValueError, TypeError, IndexError):
                row, column = self.row_counter, self.col_counter
            self.col_counter = column
            value = Unreadable(raw or "", kind)
            if kind == "n" and raw is not None:
                try:
                    number = float(raw)  # "inf", "nan", "1e999": a number, but not a finite one
                except (ValueError, OverflowError):
                    pass
                else:
                    value = number
            return {"row": row, "column": column, "value": value, "data_type": kind, "style_id": 0}

    return SafeParser


def iter_sheet(worksheet):
    """(row number, {column number: value}) of each row element of a read-only sheet, as the
    file numbers them. Unlike openpyxl's iter_rows, gaps are not filled with empty rows (a sheet
    with one row at 1,048,576 is two rows of work, not a million) nor rows padded to the
    declared width."""
    source = worksheet._get_source()
    try:
        parser = _safe_parser()(
            source, worksheet._shared_strings, data_only=True, epoch=worksheet.parent.epoch,
            date_formats=worksheet.parent._date_formats, timedelta_formats=worksheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            yield number, {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}
    finally:
        source.close()


def read_parts(
    ctx: Context, sheet: Sheet, parts: list[tuple[str, object, Callable[[], None] | None]],
    started: Callable[[str], None] | None = None,
) -> list[Row] | None:
    """The data rows of a sheet and its continuation sheets (`parts`: name, worksheet, progress
    callback, in order), as one sheet: the rows of part k are numbered after the last row number
    of part k - 1 and the context reports an issue on the part and row the user sees
    (Context.place). A continuation must repeat the first part's header row. None when any part
    cannot be read (header, damage): the sheet's rows are then not checked."""
    rows: list[Row] = []
    layout: _Layout | None = None
    offset = 0
    failed = False
    for name, worksheet, on_row in parts:
        ctx.add_part(sheet.name, name, offset)
        if failed:
            continue
        if started is not None:
            started(name)
        if not hasattr(worksheet, "_get_source"):  # a chart sheet has no cells
            ctx.error(name, None, None, "la hoja no tiene celdas (¿es una hoja de gráfico?)")
            failed = True
            continue
        rows_iter = iter_sheet(worksheet)
        last = [1]
        seen = [0]
        try:
            got = _read_rows(ctx, rows_iter, sheet, on_row, last, name=name, offset=offset, layout=layout, seen=seen)
        except RESOURCE_LIMITS:
            raise
        except Exception:  # the XML itself is broken past some row: say where, keep nothing of the sheet
            log.info("sheet %s unreadable after row %s", name, last[0], exc_info=True)
            ctx.error(
                name, None, None,
                f"la hoja está dañada: no se pudo leer después de la fila {last[0]} (guárdela de nuevo desde Excel)",
            )
            failed = True
            continue
        if got is None:
            failed = True
            continue
        part_rows, layout = got
        rows.extend(part_rows)
        offset += max(1, seen[0])
    return None if failed else rows


@dataclass(frozen=True)
class _Layout:
    """A sheet's header row as read from its first part: titles by column number, and where each
    column of the sheet is."""

    titles: dict[int, str]
    columns: list[tuple[Col, int | None]]


def _titles(header: dict) -> dict[int, str]:
    return {
        index: str(title).strip() for index, title in header.items()
        if not _blank(title) and not isinstance(title, Unreadable)
    }


def _read_rows(ctx, rows_iter, sheet, on_row, last, *, name=None, offset=0, layout=None, seen=None):
    """(rows, layout) of one part of a sheet, or None when its header is not usable. `layout` is
    the first part's (None when reading the first part); `seen[0]` the largest row number met."""
    name = name or sheet.name
    seen = seen if seen is not None else [0]
    first = next(rows_iter, None)
    if first is None:
        return [], layout if layout is not None else _Layout({}, [(c, None) for c in sheet.columns])
    number, cells = first
    last[0] = number
    seen[0] = max(seen[0], number)
    # The header is row 1; a sheet whose first row is further down has an empty header.
    header = cells if number == 1 else {}
    pending = None if number == 1 else first
    if layout is not None:
        titles = _titles(header)
        if titles != layout.titles:
            ctx.error(name, 1, None, _header_differs(sheet.name, layout.titles, titles))
            return None
    else:
        spec = {c.name: c for c in sheet.columns}
        positions: dict[str, int] = {}
        for index, title in sorted(_titles(header).items()):
            if title in spec:
                if title in positions:
                    ctx.error(name, 1, title, "columna repetida")
                else:
                    positions[title] = index
            else:
                ctx.warning(name, 1, title, "columna desconocida: se ignora")
        # An optional column left out keeps what the database holds; an empty cell clears it.
        ctx.data.setdefault("columns_present", {})[sheet.name] = frozenset(positions)
        missing = [c.name for c in sheet.columns if c.required and c.name not in positions]
        for column in missing:
            ctx.error(name, 1, column, "falta la columna obligatoria")
        if missing:
            return None
        layout = _Layout(_titles(header), [(c, positions.get(c.name)) for c in sheet.columns])
    columns = layout.columns
    by_name = {c.name: i for i, c in enumerate(sheet.columns)}
    rows: list[Row] = []
    count = 0

    def remaining():
        if pending is not None:
            yield pending
        yield from rows_iter

    for number, values in remaining():
        last[0] = number
        seen[0] = max(seen[0], number)
        count += 1
        if on_row is not None and count % 1000 == 0:
            on_row()
        if not values or all(_blank(v) for v in values.values()):
            continue
        n = offset + number  # the sheet's row number (Context.place gives back the part's)
        parsed = []
        ok = True
        for col, index in columns:
            raw = values.get(index) if index is not None else None
            try:
                value = col.read(raw)
            except CellError as exc:
                ctx.error(sheet.name, n, col.name, str(exc))
                ok = False
                value = None
            else:
                if value is None and col.required:
                    ctx.error(sheet.name, n, col.name, REQUIRED)
                    ok = False
            parsed.append(value)
        rows.append(Row(n, tuple(parsed), ok, by_name))
    return rows, layout


def _header_differs(sheet: str, expected: dict[int, str], found: dict[int, str]) -> str:
    index = min(i for i in expected.keys() | found.keys() if expected.get(i) != found.get(i))

    def shown(title: str | None) -> str:
        return f"«{title}»" if title else "vacía"

    return (
        f"la fila 1 no repite los encabezados de la hoja «{sheet}» (columna {get_column_letter(index)}: "
        f"{shown(found.get(index))} en lugar de {shown(expected.get(index))}); una hoja de continuación "
        "lleva los mismos encabezados, en el mismo orden"
    )


def _sheet_size(book, name: str) -> int:
    """Uncompressed size of a worksheet's XML: a measure of how much there is to read."""
    try:
        return book._archive.getinfo(book[name]._worksheet_path).file_size
    except (AttributeError, KeyError):
        return 1


def _issue_order(issue, column_order: dict[str, dict[str, int]], known: list[str]):
    # A continuation sheet's issues come after its first sheet's, part by part.
    sheet, part = split_part(issue.sheet, known) or (issue.sheet, 1)
    sheet_index = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER)
    # The name too: the issues of each sheet stay together (the omitted count closes them).
    return (sheet_index, sheet, part or 0, issue.sheet, issue.row or 0,
            column_order.get(sheet, {}).get(issue.column or "", 99))


def _with_omitted(issues: list, omitted: dict[str, int], what: str, logical: Callable[[str], str] = str) -> list:
    """Issues (sorted by sheet) with «… y N más en la hoja X» after the last one of each sheet
    (of its last continuation sheet: the count is the sheet's, its continuations included)."""
    if not omitted:
        return issues
    out = []
    for index, issue in enumerate(issues):
        out.append(issue)
        sheet = logical(issue.sheet)
        following = logical(issues[index + 1].sheet) if index + 1 < len(issues) else None
        if sheet in omitted and following != sheet:
            out.append(Issue(sheet, None, None, omitted_message(omitted[sheet], sheet, what)))
    return out


def _continuations(ctx: Context, names: list[str], known: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """The workbook's sheets by the sheet they are part of: ({sheet: [its name, `<sheet> 2`, …]},
    the sheets whose parts are not numbered in sequence). Reports unknown sheets (a warning), names
    numbered otherwise (`proyectos 1`), continuations without their first sheet and gaps."""
    numbered: dict[str, dict[int, str]] = {}
    for name in names:
        found = split_part(name, known)
        if found is None:
            ctx.warning(name, None, None, "hoja desconocida: se ignora")
            continue
        sheet, part = found
        if part is None:
            ctx.error(
                name, None, None,
                f"nombre de hoja no válido: las continuaciones de la hoja «{sheet}» se llaman «{sheet} 2», "
                f"«{sheet} 3»…",
            )
            continue
        numbered.setdefault(sheet, {})[part] = name
    broken = set()
    for sheet, parts in numbered.items():
        if 1 not in parts:
            broken.add(sheet)
            ctx.error(
                parts[min(parts)], None, None,
                f"es una hoja de continuación de la hoja «{sheet}», que no está en el libro: inclúyala (con sus "
                "encabezados y sus primeras filas) o cambie el nombre de esta hoja",
            )
        for part in range(2, max(parts)):
            if part not in parts:
                broken.add(sheet)
                ctx.error(
                    parts[min(p for p in parts if p > part)], None, None,
                    f"falta la hoja «{part_name(sheet, part)}»: las continuaciones de la hoja «{sheet}» van "
                    f"numeradas sin saltos («{sheet} 2», «{sheet} 3»…)",
                )
    return {sheet: [parts[p] for p in sorted(parts)] for sheet, parts in numbered.items()}, broken


def import_workbook(
    source, *, user=None, filename: str = "", dry_run: bool = False,
    progress: Callable[[int, str], None] | None = None, create_users: bool = False,
) -> Result:
    """Validate the workbook against itself and the database; write it in one transaction when
    it has no error and this is not a dry run. Progress goes 0–80 while reading, 80–100 writing.
    The file is measured first (bounds.measure): beyond the limits it is refused unparsed."""
    ctx = Context(
        user=user, filename=filename or getattr(source, "name", "") or "libro.xlsx", progress=progress,
        create_users=create_users,
    )
    if hasattr(source, "seek"):
        try:
            measure(source)
        except TooLarge as exc:
            ctx.error(exc.sheet, None, None, exc.message)
            return ctx.result
        except ValueError as exc:
            ctx.error("libro", None, None, str(exc))
            return ctx.result
    try:
        book = open_workbook(source)
    except ValueError as exc:
        ctx.error("libro", None, None, str(exc))
        return ctx.result
    try:
        handlers = sheets()
        known = [h.name for h in handlers]
        # A sheet past Excel's rows continues on `<name> 2`, `<name> 3`…: one sheet, read in order.
        present, broken = _continuations(ctx, list(book.sheetnames), known)
        # Progress while reading (0–80 %): each sheet weighs its size in the file; within a sheet,
        # rows read against its row count (or an estimate from its size when the file has none).
        sizes = {name: _sheet_size(book, name) for names in present.values() for name in names}
        total = sum(sizes.values()) or 1
        done = [0]

        def tick(name: str, label: str, columns: int):
            try:
                declared = book[name].max_row
            except Exception:  # a damaged dimension: read_parts reports the sheet
                declared = None
            expected = declared or max(1, sizes[name] // (30 * columns + 20))
            read = [0]

            def _on_row():
                read[0] += 1000
                share = min(0.99, read[0] / expected)
                ctx.progress(int(80 * (done[0] + share * sizes[name]) / total), label)
            return _on_row

        for handler in handlers:
            handler.prepare(ctx)
            names = present.get(handler.name)
            if names:
                ctx.sheets_present.add(handler.name)
                if handler.name in broken:  # reported by _continuations: its rows are not checked
                    done[0] += sum(sizes[name] for name in names)
                    continue
                before = done[0]

                def started(name: str, names=names, before=before) -> None:
                    done[0] = before + sum(sizes[n] for n in names[: names.index(name)])
                    ctx.progress(int(80 * done[0] / total), f"Leyendo la hoja {name}")

                parts = [(name, book[name], tick(name, f"Leyendo la hoja {name}", len(handler.columns))) for name in names]
                rows = read_parts(ctx, handler, parts, started=started)
                done[0] = before + sum(sizes[name] for name in names)
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
    result.errors.sort(key=lambda issue: _issue_order(issue, column_order, known))
    result.warnings.sort(key=lambda issue: _issue_order(issue, column_order, known))
    result.errors = _with_omitted(result.errors, result.omitted, "errores", ctx.logical)
    result.warnings = _with_omitted(result.warnings, result.omitted_warnings, "avisos", ctx.logical)
    result.counts = {name: result.counts[name] for name in SHEET_ORDER if name in result.counts}
    if result.errors or dry_run:
        return result
    ctx.progress(80, "Guardando")
    try:
        with transaction.atomic():
            for index, handler in enumerate(handlers):
                handler.write(ctx)
                ctx.progress(80 + int(20 * (index + 1) / len(handlers)), f"Guardando la hoja {handler.name}")
            # The sheets write in bulk (no model signals): the ANS page is synchronised on commit.
            deadlines_live.resync()
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

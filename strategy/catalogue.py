"""The DNP product catalogue (MGA): replaced whole from an .xlsx the administrator uploads.

Small file, read synchronously: its first sheet, row 1 the column names of COLUMNS (any order),
at most MAX_ROWS data rows. All or nothing: any row error and the catalogue stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

import openpyxl
from django.db import transaction

from isvimed_planning.workbook import bounds

from . import dnp
from .models import CatalogueImport, CatalogueProduct

MAX_ROWS = 20_000
MAX_ERRORS = 50

# column name → (model field, digits of a code or None for text, max length)
COLUMNS: dict[str, tuple[str, int | None, int]] = {
    "codigo_sector": ("sector_code", 2, 2),
    "sector": ("sector_name", None, 300),
    "codigo_programa": ("program_code", 4, 4),
    "programa": ("program_name", None, 300),
    "codigo_producto": ("product_code", 7, 7),
    "producto": ("product_name", None, 500),
    "unidad_producto": ("product_unit", None, 100),
    "codigo_indicador": ("indicator_code", 9, 9),
    "indicador": ("indicator_name", None, 500),
    "unidad_indicador": ("indicator_unit", None, 100),
}

NOT_READABLE = "El archivo no es un libro de Excel .xlsx válido."
TOO_MANY_ROWS = "El catálogo tiene más de {max} filas; divídalo o revise que sea el catálogo de productos del DNP."
MISSING_COLUMNS = "Faltan columnas en la fila 1: {names}."
EMPTY = "El archivo no tiene filas de datos."


class CatalogueError(Exception):
    """The file was refused; `errors` are Spanish lines, `fila N, columna: mensaje` when about a row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class _Line:
    n: int
    values: dict[str, str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_error(name: str, value: str, digits: int | None, max_length: int) -> str | None:
    if not value:
        return "falta el valor"
    if digits is not None:
        return dnp.format_error(value, digits=digits, what="el código")
    if len(value) > max_length:
        return f"el texto tiene {len(value)} caracteres; el máximo es {max_length}"
    return None


def read(source) -> list[_Line]:
    """The file's rows, checked; raises CatalogueError with every problem found (up to MAX_ERRORS)."""
    try:
        measure = bounds.measure(source, scan=False)
    except bounds.TooLarge as exc:
        raise CatalogueError([bounds.describe(exc)]) from None
    except Exception:
        raise CatalogueError([NOT_READABLE]) from None
    if measure.declared_rows > MAX_ROWS + 1:
        raise CatalogueError([TOO_MANY_ROWS.format(max=MAX_ROWS)])
    source.seek(0)
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:
        raise CatalogueError([NOT_READABLE]) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(v).lower() for v in next(rows, ())]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise CatalogueError([MISSING_COLUMNS.format(names=", ".join(missing))])
        index = {name: header.index(name) for name in COLUMNS}
        lines: list[_Line] = []
        errors: list[str] = []
        seen: dict[str, int] = {}
        for n, raw in enumerate(rows, start=2):
            cells = [_text(v) for v in raw]
            if not any(cells):
                continue
            if len(lines) >= MAX_ROWS:
                raise CatalogueError([TOO_MANY_ROWS.format(max=MAX_ROWS)])
            values = {name: cells[i] if i < len(cells) else "" for name, i in index.items()}
            row_errors = [
                f"fila {n}, {name}: {message}"
                for name, (_, digits, max_length) in COLUMNS.items()
                if (message := _cell_error(name, values[name], digits, max_length))
            ]
            if not row_errors:
                row_errors += _relation_errors(n, values)
            code = values["codigo_indicador"]
            if code in seen:
                row_errors.append(f"fila {n}, codigo_indicador: el indicador {code} ya aparece en la fila {seen[code]}")
            elif code:
                seen[code] = n
            errors += row_errors
            lines.append(_Line(n, values))
        if errors:
            shown = errors[:MAX_ERRORS]
            if len(errors) > MAX_ERRORS:
                shown.append(f"… y {len(errors) - MAX_ERRORS} errores más.")
            raise CatalogueError(shown)
        if not lines:
            raise CatalogueError([EMPTY])
        return lines
    finally:
        book.close()


def _relation_errors(n: int, values: dict[str, str]) -> list[str]:
    """Each code within the one above it: sector ⊂ programa ⊂ producto ⊂ indicador."""
    chain = ("codigo_sector", "codigo_programa", "codigo_producto", "codigo_indicador")
    return [
        f"fila {n}, {inner}: el código {values[inner]} debe empezar por el {outer} {values[outer]}"
        for outer, inner in zip(chain, chain[1:], strict=False)
        if not values[inner].startswith(values[outer])
    ]


@transaction.atomic
def catalogue_import(*, by, source, file_name: str) -> CatalogueImport:
    """Replaces the whole catalogue with the file's lines, or raises CatalogueError and keeps it."""
    lines = read(source)
    CatalogueProduct.objects.all().delete()
    CatalogueProduct.objects.bulk_create(
        [CatalogueProduct(**{COLUMNS[name][0]: value for name, value in line.values.items()}) for line in lines],
        batch_size=1000,
    )
    return CatalogueImport.objects.create(file_name=file_name[:255], rows=len(lines), by=by)

"""A list page's rows as an Excel download: the page's own selector gives the rows (its FilterSet
and its permission scoping already applied, every row rather than one page), the app describes the
columns, this module writes them through `isvimed_planning.xlsx` under a `safe_export` name.

Text stays text (never a formula), money is a number cell shown `$ 1.234.567`, a date a date cell
shown dd/mm/aaaa. The base imports no app: each app's view calls `list_download`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import capfirst

from isvimed_planning import xlsx

MONEY_FORMAT = xlsx.MONEY_FORMAT
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0.##"
LIST_CHUNK = 500  # model instances (with their select_related rows) held at a time

TITLE: xlsx.Style = {"bold": True, "font_size": 13}
HEADER: xlsx.Style = {"bold": True, "bg_color": "#E8EEF2", "text_wrap": True, "valign": "top"}
_STYLES: dict[str, xlsx.Style | None] = {
    "text": None,
    "money": {"num_format": MONEY_FORMAT},
    "date": {"num_format": DATE_FORMAT},
    "number": {"num_format": NUMBER_FORMAT, "whole_num_format": "#,##0"},
    "year": {"num_format": "0"},  # a year or a month: never grouped in thousands (2026, not 2.026)
}


@dataclass(frozen=True)
class Column:
    """One column of the file: its header, how to read the value from a row, and its kind
    ("text", "money", "date", "number" or "year")."""

    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    width: float = 18

    def read(self, row) -> Any:
        value = self.value(row)
        if value is None or value == "":
            return None
        if self.kind in ("money", "number", "year"):
            return value if isinstance(value, (int, Decimal, float)) else Decimal(value)
        if self.kind == "date":
            return value.date() if isinstance(value, dt.datetime) else value
        return str(value)


def list_rows(rows: Iterable, columns: Sequence[Column], *, title: str, filters: str = "") -> Iterable[list]:
    """The sheet's rows: a title, what was filtered (as the page's filter bar says it), the date of
    the download, an empty row, the headers, then one row per object."""
    yield [xlsx.Cell(title, TITLE)]
    yield [f"Filtros: {filters}" if filters else "Sin filtros"]
    yield [f"Descargado el {timezone.localtime():%d/%m/%Y %H:%M}"]
    yield []
    yield [xlsx.Cell(c.header, HEADER) for c in columns]
    if isinstance(rows, QuerySet):
        # Read a chunk at a time (its prefetches per chunk): iterating the queryset itself would
        # keep every object of the list in its result cache until the file is written.
        rows = rows.iterator(chunk_size=LIST_CHUNK)
    for row in rows:
        yield [c.read(row) for c in columns]
        # A prefetched relation refers back to its object (a project's territories to the
        # project): a cycle that only the full garbage collection frees, which came every few
        # chunks, so 20,000 projects peaked at 19 MB. Without the cache the row is freed at once.
        getattr(row, "__dict__", {}).pop("_prefetched_objects_cache", None)


HEADER_ROW = 4  # zero-based: where the headers are, the data starting below


def list_download(
    rows: Iterable, columns: Sequence[Column], *, title: str, filename: str, sheet: str = "Lista", filters: str = "",
) -> HttpResponseBase:
    """The .xlsx response of a list page: `rows` (all of them, already filtered and scoped)."""
    book = xlsx.Sheet(
        name=sheet[:31], rows=list_rows(rows, columns, title=title, filters=filters),
        widths=[c.width for c in columns], column_styles=[_STYLES.get(c.kind) for c in columns],
        styled_from=HEADER_ROW + 1, freeze=(HEADER_ROW + 1, 0),
        autofilter=(HEADER_ROW, 0, HEADER_ROW, max(0, len(columns) - 1)),
    )
    return xlsx.download([book], filename)


def chosen_filters(filterset) -> str:
    """What the filter bar holds, in words ("Estado: Aprobado; Programa: 4.2.1 …"), for the file's
    second row. Values the form refuses are left out, as the page leaves them out."""
    form = filterset.form
    form.is_valid()  # cleaned_data keeps the valid fields when another one is refused
    cleaned = getattr(form, "cleaned_data", {})
    parts = []
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        if hasattr(value, "pk"):  # a model choice: its own name, no query for the other choices
            shown = str(value)
        else:
            shown = str(dict(getattr(field, "choices", None) or []).get(value, value))
        parts.append(f"{capfirst(field.label or name)}: {shown}")
    return "; ".join(parts)

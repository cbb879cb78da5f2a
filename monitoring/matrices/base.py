"""The shape of a matrix: sheets of typed columns and rows of values (None = empty cell)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sized
from dataclasses import dataclass, field
from typing import Any

from isvimed_planning.xlsx import MONEY_FORMAT
from monitoring.models import MatrixKind

# Number formats (Excel).
MONEY = MONEY_FORMAT  # MATRICES.md: money as «$ 1.234.567»
QTY = "#,##0.##"
PCT = "0.00%"
COUNT = "#,##0"  # whole numbers of things (projects, beneficiaries)
PLAIN = "0"  # years and territory codes: no thousands separator
INDEX = "0.00"  # an index that is not a percentage (Índice de eficiencia)

KINDS = [choice.value for choice in MatrixKind]
TITLES = dict(MatrixKind.choices)


@dataclass(frozen=True)
class Column:
    header: str
    fmt: str | None = None  # None: text
    width: int = 16

    @property
    def numeric(self) -> bool:
        return self.fmt is not None


@dataclass
class Sheet:
    """`rows` is a list, or (a matrix computed to be written, `compute(stream=True)`) an iterable
    read once from the database while the file is written; `size` then says how many rows it
    is expected to give (for the progress bar only: the writer counts what it really gets)."""

    name: str
    columns: list[Column]
    rows: Iterable[list[Any]] = field(default_factory=list)
    size: int | None = None

    @property
    def row_count(self) -> int:
        if self.size is not None:
            return self.size
        return len(self.rows) if isinstance(self.rows, Sized) else 0

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def formats(self) -> list[str | None]:
        return [c.fmt for c in self.columns]


@dataclass
class Matrix:
    kind: str
    title: str
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


def text(header: str, width: int = 30) -> Column:
    return Column(header, None, width)


def code(header: str) -> Column:
    return Column(header, None, 14)


def cutoff_outside_year(year, cutoff: dt.date) -> str | None:
    """Why a cutoff cannot be of the year (a matrix, the cuadre), or None when it is."""
    if cutoff.year != int(year):
        return f"La fecha de corte debe estar dentro de la vigencia {year}."
    return None

"""Rows that hold one value per year (annual targets, product goals, activity costs)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

V = TypeVar("V")


def sync_by_year(
    rows: Iterable, values: Mapping[int, V | None], *, field: str, create: Callable[[int, V], object],
    delete_missing: bool,
) -> None:
    """Make the rows match `values` (year → value): create what is new, save what changed, and
    delete a row whose value is None — and, with `delete_missing`, one whose year is absent."""
    existing = {row.year: row for row in rows}
    for year, value in values.items():
        row = existing.pop(year, None)
        if value is None:
            if row is not None:
                row.delete()
        elif row is None:
            create(year, value)
        elif getattr(row, field) != value:
            setattr(row, field, value)
            row.save()
    if delete_missing:
        for row in existing.values():
            row.delete()

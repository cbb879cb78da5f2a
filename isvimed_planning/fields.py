"""The sizes of the decimal columns, written once for every app's models (`models.DecimalField("valor", **MONEY)`)."""
from __future__ import annotations

from typing import TypedDict


class DecimalSize(TypedDict):
    # A TypedDict, not a plain dict, so that `**MONEY` type-checks against DecimalField's keyword arguments.
    max_digits: int
    decimal_places: int


MONEY: DecimalSize = {"max_digits": 15, "decimal_places": 2}
QTY: DecimalSize = {"max_digits": 15, "decimal_places": 4}

"""What a product's or an indicator's monthly values add up to over a span: the accumulation rule
of MATRICES.md ("Values of an indicator"), written once. It lives with the indicators it depends
on so that every later app (the action plan's programming, monitoring's progress) calls it."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .models import Accumulation

ZERO = Decimal(0)

Months = dict[tuple[int, int], Decimal]


def progress_over(values: Mapping[Any, Decimal], *, accumulation: str) -> Decimal | None:
    """Avance of monthly values {(year, month) or month: v} already limited to the span (only the
    months that have a value): cumulative, their sum (0 when none); non-cumulative, the value of
    the latest month (None when none)."""
    if accumulation == Accumulation.NON_CUMULATIVE:
        if not values:
            return None
        return values[max(values)]
    return sum(values.values(), ZERO)

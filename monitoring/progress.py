"""Progress ("avance") by accumulation: the ONE definition, for products as for indicators.

A monthly quantity means what the accumulation of the product's indicator says (MATRICES.md,
"Values of an indicator"): units achieved **in** the month (cumulative) or the level in force
**at the end of** the month (non-cumulative). So the progress over a span of months is the sum
of the monthly values, or the value of the latest month that has one. Products and indicators
go through the same two steps, so that a project and its program never disagree:

1. ``monthly_values``: the database sums the quantities per key and per month (one query,
   whatever the number of products), which is v(m) for a product (one report per project and
   month) and for a product indicator (its products' quantities of the month);
2. ``progress_over`` (strategy.progress, so that the action plan's programming follows it too):
   Python decides the progress of each key from its months.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Sum

from strategy.progress import Months, progress_over

__all__ = ["Months", "monthly_values", "progress_over"]


def monthly_values(rows: QuerySet, *, key: str) -> dict[int, Months]:
    """{key value: {(year, month): summed quantity}} of ProductProgress `rows` (already filtered
    to approved reports of the span), grouped by `key` (``product_id``,
    ``product__indicator_id``) and by the report's month, in one query."""
    values: dict[int, Months] = defaultdict(dict)
    for pk, year, month, total in (
        rows.values(key, "report__year", "report__month").annotate(total=Sum("quantity")).order_by()
        .values_list(key, "report__year", "report__month", "total")
    ):
        values[pk][(year, month)] = total if isinstance(total, Decimal) else Decimal(str(total))
    return values

"""Business days in Colombia: Monday to Friday, minus public holidays and institutional days off."""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

MONTH_NAMES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre",
]


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=32)
def _colombian_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("CO", years=year).keys())


def _institutional_days(start: dt.date, end: dt.date) -> set[dt.date]:
    from .models import NonWorkingDay

    return set(NonWorkingDay.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def is_business_day(day: dt.date, extra_days_off: set[dt.date] | frozenset[dt.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in _colombian_holidays(day.year) and day not in extra_days_off


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date `days` business days after `start` (the count begins the day after `start`)."""
    if days < 0:
        raise ValueError("days must not be negative")
    # Institutional days off in a generous window, read once (and again past its end).
    window_end = start + dt.timedelta(days=days * 3 + 30)
    extra = _institutional_days(start, window_end)
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if current > window_end:
            extra |= _institutional_days(current, current + dt.timedelta(days=days * 3 + 30))
            window_end = current + dt.timedelta(days=days * 3 + 30)
        if is_business_day(current, extra):
            remaining -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in (start, end]; negative when end is before start."""
    if end < start:
        return -business_days_between(end, start)
    extra = _institutional_days(start, end)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_business_day(current, extra):
            count += 1
    return count


def subtract_business_days(end: dt.date, days: int) -> dt.date:
    extra = _institutional_days(end - dt.timedelta(days=days * 3 + 30), end)
    current = end
    remaining = days
    while remaining:
        current -= dt.timedelta(days=1)
        if is_business_day(current, extra):
            remaining -= 1
    return current


def business_days_counter(start: dt.date, end: dt.date):
    """A `business_days_between` for many pairs within [start, end], reading the institutional days
    off once (a report of many rows runs one query, not one per row)."""
    extra = _institutional_days(start, end)

    def count(a: dt.date, b: dt.date) -> int:
        if b < a:
            return -count(b, a)
        return sum(1 for i in range(1, (b - a).days + 1) if is_business_day(a + dt.timedelta(days=i), extra))

    return count

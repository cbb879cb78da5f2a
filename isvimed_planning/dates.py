"""The window of years a typed or imported date must fall in.

A date such as 9999-12-31 is a typo, never a plan: accepted, it made the project pages build a
column per year (8,100 fields in the product form, a 28 s PDF). Every form's date field and the
workbook's date cells check the same window, set by DATE_WINDOW_START_YEAR/END_YEAR, and the
code that lays out years from a project's dates stays inside it for rows saved before the check.
"""
from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404


def window(first_year: int | None = None) -> tuple[dt.date, dt.date]:
    first_year = settings.DATE_WINDOW_START_YEAR if first_year is None else first_year
    return dt.date(first_year, 1, 1), dt.date(settings.DATE_WINDOW_END_YEAR, 12, 31)


def out_of_window_message(first_year: int | None = None) -> str:
    first, last = window(first_year)
    return f"La fecha debe estar entre el {first:%d/%m/%Y} y el {last:%d/%m/%Y}."


def in_window(value: dt.date, first_year: int | None = None) -> bool:
    first, last = window(first_year)
    if isinstance(value, dt.datetime):
        value = value.date()
    return first <= value <= last


class WindowValidator:
    def __init__(self, first_year: int | None = None):
        self.first_year = first_year

    def __call__(self, value) -> None:
        if value is not None and not in_window(value, self.first_year):
            raise ValidationError(out_of_window_message(self.first_year), code="date_out_of_window")


validate_in_window = WindowValidator()


def year_or_404(year: int) -> int:
    """A year typed in an address: outside the window it names no page (no date holds 99999)."""
    if not settings.DATE_WINDOW_START_YEAR <= year <= settings.DATE_WINDOW_END_YEAR:
        raise Http404("Año fuera del periodo que maneja la aplicación.")
    return year


def years_between(start: dt.date, end: dt.date) -> list[int]:
    """The years from start to end, cut to the window (old rows may hold dates outside it)."""
    first = max(start.year, settings.DATE_WINDOW_START_YEAR)
    last = min(end.year, settings.DATE_WINDOW_END_YEAR)
    return list(range(first, last + 1))


DATE_FORMAT_MESSAGE = "Escriba la fecha como dd/mm/aaaa, por ejemplo 31/03/2026."
# dd/mm/aaaa as people write it; ISO as a browser's date picker, an import or a link sends it.
INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text input shown and typed dd/mm/aaaa whatever the browser's locale: a native date
    picker follows the browser's language, and a planner on an English browser saw mm/dd/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/aaaa", "inputmode": "numeric", "autocomplete": "off", "size": 10,
                "class": "date-input"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """forms.DateField that refuses dates outside the window; use it for every typed date.

    Always typed and shown dd/mm/aaaa (DateInput; a `widget` passed in is replaced). `first_year`
    widens the window's start for dates of the past that are not the institute's own operations
    (the date of a law a plan cites)."""

    widget = DateInput
    input_formats = INPUT_FORMATS
    default_error_messages = {"invalid": DATE_FORMAT_MESSAGE}

    def __init__(self, *, first_year: int | None = None, **kwargs):
        self.first_year = first_year
        kwargs["widget"] = DateInput()
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)
        self.validators.append(WindowValidator(first_year))

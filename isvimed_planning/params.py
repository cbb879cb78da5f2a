"""Numbers typed into an address's query string (?territorio=12): anything that is not a plain
positive integer the database can hold is no value, so the filter is ignored instead of a 500
(str.isdigit() accepts "²", and twenty digits overflow the database's integer)."""
from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1


def query_int(value) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id whose ids are checked before the `id IN (…)` query: an id
    the database cannot hold is an unknown choice, not an OverflowError."""

    def _check_values(self, value):
        if self.to_field_name in (None, "pk", "id") and isinstance(value, (list, tuple)):
            for pk in value:
                if pk not in (None, "") and query_int(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


def posted_version(value) -> int | None:
    """The version a form was based on: absent is None (no check); anything unusable is 0, a
    version no row has, so the save is refused as stale instead of skipping the check."""
    if value is None or str(value).strip() == "":
        return None
    return query_int(value) or 0


class QueryIntField(forms.Field):
    """A positive integer of the query string read by `query_int`: anything else is invalid, so
    a filter set leaves that filter out."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = query_int(value)
        if number is None:
            raise ValidationError("Escriba un número entero positivo.", code="invalid")
        return number


class IntFilter(django_filters.Filter):
    """`field_name` equal to a positive integer of the query string (a year, a month, an id)."""

    field_class = QueryIntField

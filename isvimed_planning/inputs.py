"""Spanish-aware number inputs for every app's forms: amounts typed the Colombian way.

Users type "10.000.000.000", "10000000000", "$ 1.440.000.000" or "$ 1.234,50" (copied from a
report or a spreadsheet). A dot is a thousands separator and a comma the decimal mark; a lone dot
followed by one or two digits ("1234.5") is read as a decimal mark, since nobody groups thousands
like that. Values are shown back as "1.234.567,5".
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from .formatting import format_number

MONEY_ERROR = "Escriba un valor en pesos, por ejemplo 1.234.567,50."
QUANTITY_ERROR = "Escriba una cantidad, por ejemplo 1.234,5."
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_amount(text: str) -> Decimal | None:
    """A Colombian-written number as Decimal; None when it is not a number."""
    if text is None:
        return None
    cleaned = str(text).strip().replace("$", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    if "," in cleaned:
        integer, _, fraction = cleaned.partition(",")
        if "," in fraction or "." in fraction or not fraction.isdigit():
            return None
        if "." in integer and not _GROUPED.match(integer):
            return None
        integer = integer.replace(".", "")
    elif "." in cleaned:
        if _GROUPED.match(cleaned):
            integer, fraction = cleaned.replace(".", ""), ""
        elif cleaned.count(".") == 1:
            integer, _, fraction = cleaned.partition(".")
        else:
            return None
    else:
        integer, fraction = cleaned, ""
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        return None
    try:
        return Decimal(f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}")
    except InvalidOperation:
        return None


class ColombianDecimalField(forms.Field):
    """A Decimal typed the Colombian way; shown back as "1.234.567,5"."""

    error_message = QUANTITY_ERROR

    def __init__(self, *, max_digits: int = 15, decimal_places: int = 4, min_value: Decimal | None = Decimal(0),
                 invalid_message: str | None = None, min_value_message: str | None = None, **kwargs):
        self.max_digits, self.decimal_places, self.min_value = max_digits, decimal_places, min_value
        # A form may word its refusals for its own fields ("0 si no hubo movimiento en el mes").
        if invalid_message:
            self.error_message = invalid_message
        self.min_value_message = min_value_message
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)):
            return format_number(value, self.decimal_places, trim=True)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_amount(value)
        if number is None:
            raise forms.ValidationError(self.error_message, code="invalid")
        if number.as_tuple().exponent < -self.decimal_places:
            raise forms.ValidationError(self.error_message, code="invalid")
        if len(str(abs(int(number)))) > self.max_digits - self.decimal_places:
            raise forms.ValidationError("El valor es demasiado grande.", code="max_digits")
        if self.min_value is not None and number < self.min_value:
            if self.min_value_message:
                message = self.min_value_message
            elif self.min_value <= 0:
                message = "El valor no puede ser negativo."
            elif self.min_value <= Decimal(1).scaleb(-self.decimal_places):
                message = "El valor debe ser mayor que cero."
            else:
                message = f"El valor debe ser mayor o igual a {format_number(self.min_value, self.decimal_places, trim=True)}."
            raise forms.ValidationError(message, code="min_value")
        return number


class MoneyField(ColombianDecimalField):
    error_message = MONEY_ERROR

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)


class QuantityField(ColombianDecimalField):
    error_message = QUANTITY_ERROR

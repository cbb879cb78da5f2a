"""Formatting for es-CO: money as `$ 1.234.567`, numbers as `1.234,5`, dates as `dd/mm/aaaa`."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()


def _group(integer_part: str) -> str:
    out = []
    while len(integer_part) > 3:
        out.insert(0, integer_part[-3:])
        integer_part = integer_part[:-3]
    out.insert(0, integer_part)
    return ".".join(out)


def format_number(value, decimals: int = 0, *, trim: bool = False) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    quant = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    integer, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    return f"{sign}{_group(integer)}" + (f",{fraction}" if fraction else "")


def format_cop(value) -> str:
    if value is None or value == "":
        return ""
    text = format_number(value, 0)
    if text.startswith("-"):
        return f"-$ {text[1:]}"
    return f"$ {text}"


def format_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def format_percent(ratio, decimals: int = 1) -> str:
    if ratio is None:
        return ""
    return f"{format_number(Decimal(str(ratio)) * 100, decimals)} %"


register.filter("cop", format_cop)
register.filter("fecha", format_date)
register.filter("pct", format_percent)


@register.filter("num")
def num(value, decimals=2):
    """A quantity: up to `decimals` decimals, trailing zeros dropped (`1.234,5`)."""
    return format_number(value, int(decimals), trim=True)

"""The one place numbers, money, percentages and dates become es-CO text (`$ 1.234.567`,
`1.234,5`, `12,5 %`, `dd/mm/aaaa`). Separators and date patterns come from Django's localisation
and the es_CO format module (isvimed_planning/formats/es_CO); this module only adds what Django
has no setting for: half-up rounding, the peso sign and the percent sign. Templates reach these
through the filters of isvimed_planning.templatetags.isvimed; services and exports call them."""
from __future__ import annotations

import datetime as dt
import functools
from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats, timezone, translation


def _in_site_language():
    # Outside a request (management commands, Celery, a deactivated translation) the active
    # language may be none, and Django would then fall back to its global "." separators.
    return nullcontext() if translation.get_language() else translation.override(settings.LANGUAGE_CODE)


def _rounded(value, decimals: int, *, trim: bool) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    quant = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    if trim and "." in f"{number:f}":
        number = Decimal(f"{number:f}".rstrip("0").rstrip("."))
    return abs(number) if number == 0 else number  # no "-0"


@functools.cache
def _separators(language: str) -> tuple[str, str] | None:
    """(decimal, thousands) of the language when it groups by threes, else None. Read once per
    language: Django's number_format looks them up on every call (~45 µs), and a page of the
    budget year formats ~5,000 numbers."""
    with translation.override(language):
        if formats.get_format("NUMBER_GROUPING", use_l10n=True) != 3:
            return None
        return formats.get_format("DECIMAL_SEPARATOR", use_l10n=True), formats.get_format("THOUSAND_SEPARATOR", use_l10n=True)


def format_number(value, decimals: int = 0, *, trim: bool = False) -> str:
    """`1.234.567,50`: rounded half-up to `decimals` places (trailing zeros dropped with `trim`)."""
    if value is None or value == "":
        return ""
    number = _rounded(value, decimals, trim=trim)
    if number is None:
        return str(value)
    separators = _separators(translation.get_language() or settings.LANGUAGE_CODE)
    if separators is not None:
        decimal_sep, thousands_sep = separators
        return f"{number:,f}".replace(",", "\0").replace(".", decimal_sep).replace("\0", thousands_sep)
    with _in_site_language():
        return str(formats.number_format(number, use_l10n=True, force_grouping=True))


def format_cop(value, *, cents: bool = False) -> str:
    """`$ 1.234.567`, `-$ 2.500`; with `cents`, `$ 1.234.567,50` when there are cents."""
    if value is None or value == "":
        return ""
    decimals = 0
    if cents:
        value = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        decimals = 0 if value == value.to_integral_value() else 2
    text = format_number(value, decimals)
    if text.startswith("-"):
        return f"-$ {text[1:]}"
    return f"$ {text}"


def format_percent(ratio, decimals: int = 1) -> str:
    """A ratio as a percentage: 0.8532 -> `85,3 %`."""
    if ratio is None:
        return ""
    return f"{format_number(Decimal(str(ratio)) * 100, decimals)} %"


def format_date(value) -> str:
    """`dd/mm/aaaa`; a datetime in Bogotá time as `dd/mm/aaaa hh:mm`."""
    if not value:
        return ""
    with _in_site_language():
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return formats.date_format(value, "SHORT_DATETIME_FORMAT", use_l10n=True)
        return formats.date_format(value, "SHORT_DATE_FORMAT", use_l10n=True)

"""The BPIN as the national project bank writes it: 13 digits, the year (4), the DANE code of
the municipality (5, DANE_MUNICIPALITY_CODE) and a sequence number (4), e.g. 2024050010003.

The one place that says whether a code is a BPIN: the registration, the correction, the forms,
the workbook import and the admin all ask here, so they refuse with the same words.
"""
from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# ASCII digits only: `\d` would also take other scripts' digits (e.g. Arabic-Indic), which the
# national bank's BPIN never has.
SHAPE = re.compile(r"[0-9]{13}")


def dane_code() -> str:
    return settings.DANE_MUNICIPALITY_CODE


def format_message() -> str:
    dane = dane_code()
    return (
        f"El BPIN debe tener 13 dígitos: el año (4), el código DANE del municipio ({dane}) y un "
        f"consecutivo (4); ej. 2024{dane}0003."
    )


def bpin_problem(value: str | None) -> str | None:
    """Why `value` is not a BPIN of this municipality, or None when it is one."""
    code = (value or "").strip()
    if not SHAPE.fullmatch(code) or code[4:9] != dane_code():
        return format_message()
    return None


def validate_bpin(value: str | None) -> None:
    """Django validator (model field, forms, admin)."""
    problem = bpin_problem(value)
    if problem:
        raise ValidationError(problem, code="bpin")

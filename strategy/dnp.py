"""DNP codes of the plan (MATRICES.md "DNP codes"): the format of every code and the budget program
code's own rule. The relations between a product's code and its program's or indicator's live in
projects.dnp, which registers its checks here so strategy can ask without importing projects."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.text import capfirst

if TYPE_CHECKING:
    from .models import Indicator, Program

BUDGET_PROGRAM_DIGITS = 4
MGA_PRODUCT_DIGITS = 7
MGA_INDICATOR_DIGITS = 9

BUDGET_PROGRAM_WHAT = "el código de programa presupuestal"
MGA_PRODUCT_WHAT = "el código de producto MGA"
MGA_INDICATOR_WHAT = "el código de indicador MGA"

ONLY_DIGITS = "{what} solo admite dígitos (0-9), no «{code}»"
WRONG_LENGTH = "{what} debe tener {digits} dígitos, no {length}"
INDICATOR_NOT_PRODUCT = "solo un indicador de producto lleva código de indicador MGA"

_DIGITS = re.compile(r"[0-9]+")


def sentence(message: str) -> str:
    """The workbook's `hoja:fila:columna: mensaje` wording made a form's sentence."""
    return f"{capfirst(message)}."


def format_error(code: str, *, digits: int, what: str) -> str | None:
    """Why `code` is no DNP code of `digits` digits (importer wording), or None; blank is allowed."""
    if not code:
        return None
    if not _DIGITS.fullmatch(code):
        return ONLY_DIGITS.format(what=what, code=code)
    if len(code) != digits:
        return WRONG_LENGTH.format(what=what, digits=digits, length=len(code))
    return None


def budget_program_code_error(code: str) -> str | None:
    return format_error(code, digits=BUDGET_PROGRAM_DIGITS, what=BUDGET_PROGRAM_WHAT)


def mga_product_code_error(code: str) -> str | None:
    return format_error(code, digits=MGA_PRODUCT_DIGITS, what=MGA_PRODUCT_WHAT)


def mga_indicator_code_error(code: str) -> str | None:
    return format_error(code, digits=MGA_INDICATOR_DIGITS, what=MGA_INDICATOR_WHAT)


def _raise(message: str | None) -> None:
    if message:
        raise ValidationError(sentence(message), code="dnp_code")


# Field validators (module-level functions so migrations can name them).
def validate_budget_program_code(value: str) -> None:
    _raise(budget_program_code_error(value or ""))


def validate_mga_product_code(value: str) -> None:
    _raise(mga_product_code_error(value or ""))


def validate_mga_indicator_code(value: str) -> None:
    _raise(mga_indicator_code_error(value or ""))


# Checks of a code about to be given to a program or an indicator against what hangs below it
# (registered by projects.dnp): each returns the importer-worded messages, empty when it fits.
program_code_checks: list[Callable[[Program, str], list[str]]] = []
indicator_code_checks: list[Callable[[Indicator, str], list[str]]] = []


def program_code_errors(program: Program, code: str) -> list[str]:
    message = budget_program_code_error(code)
    if message:
        return [message]
    if program.pk is None:
        return []
    return [m for check in program_code_checks for m in check(program, code)]


def indicator_code_errors(indicator: Indicator, code: str, *, kind: str) -> list[str]:
    message = mga_indicator_code_error(code)
    if message:
        return [message]
    if code and kind != "product":
        return [INDICATOR_NOT_PRODUCT]
    if indicator.pk is None:
        return []
    return [m for check in indicator_code_checks for m in check(indicator, code)]

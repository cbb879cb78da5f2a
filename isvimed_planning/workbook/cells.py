"""Reading one cell of the planning workbook into a Python value, with Spanish error messages.

Numbers: numeric cells, or text holding a plain number (`1234567.5` or `1234567,5`: the one
separator is the decimal one); thousands separators are an error. Dates: date cells or text
`AAAA-MM-DD`. Codes are text: a code typed as a number (240012) reads as "240012".
"""
from __future__ import annotations

import datetime as dt
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from isvimed_planning.dates import in_window, out_of_window_message
from isvimed_planning.formatting import format_cop

PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Digits with more than one separator: thousands separators, refused.
THOUSANDS = re.compile(r"^[+-]?\d[\d.,]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TEXT = "text"
CODE = "code"
INT = "int"
YEAR = "year"
MONTH = "month"
QTY = "qty"  # Decimal, 4 decimal places
MONEY = "money"  # Decimal, 2 decimal places
PERCENT = "percent"  # Decimal, 2 decimal places
DATE = "date"
ENUM = "enum"

_PLACES = {QTY: 4, MONEY: 2, PERCENT: 2}
_MAX = {QTY: Decimal(10) ** 11, MONEY: Decimal(10) ** 13, PERCENT: Decimal(10) ** 4}


class CellError(ValueError):
    """A value that cannot be read; the message is Spanish and shown to the user."""


NON_FINITE = "no es un número válido: la celda tiene un valor infinito o indefinido (NaN)"


class Unreadable:
    """A cell the file itself gets wrong (a numeric cell holding «abc», a shared string that does
    not exist…): the reader keeps it on its cell so it is reported there, in Spanish."""

    __slots__ = ("text", "kind")

    def __init__(self, text: str, kind: str):
        self.text = text[:50]
        self.kind = kind

    @property
    def message(self) -> str:
        if self.kind == "n":
            return f"la celda es numérica pero contiene «{self.text}», que no es un número"
        return f"la celda no se puede leer: su contenido «{self.text}» no corresponde a su tipo"


def _non_finite(value) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Decimal):
        return not value.is_finite()
    return False


@dataclass(frozen=True)
class Col:
    """One column of a sheet: its name in row 1, how to read it, whether it may be empty."""

    name: str
    kind: str = TEXT
    required: bool = True
    choices: dict[str, str] = field(default_factory=dict)  # workbook value → model value
    negative: bool = False  # numbers: negative values allowed
    max_length: int | None = None

    def read(self, value):
        """The value read from a cell (None when empty), or CellError."""
        if value is None:
            return None
        if isinstance(value, Unreadable):
            raise CellError(value.message)
        if _non_finite(value):
            raise CellError(NON_FINITE)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                return None
        reader = _READERS[self.kind]
        result = reader(self, value)
        if self.kind == CODE:
            # Codes repeat on many rows (a bpin on every monthly row): keep one copy of each.
            result = sys.intern(result)
        if self.kind in _PLACES or self.kind == INT:
            if not self.negative and result < 0:
                raise CellError(f"no puede ser negativo ({_show(value)})")
        if self.max_length and isinstance(result, str) and len(result) > self.max_length:
            raise CellError(f"es demasiado largo: máximo {self.max_length} caracteres")
        return result


def _show(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _text(col: Col, value) -> str:
    if isinstance(value, bool):
        return "VERDADERO" if value else "FALSO"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _decimal(col: Col, value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"«{_show(value)}» no es un número")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        if PLAIN_NUMBER.match(value):
            number = Decimal(value.replace(",", "."))
        elif THOUSANDS.match(value):
            raise CellError(
                f"«{value}» no es un número válido: escríbalo sin separadores de miles (por ejemplo 1234567,5)"
            )
        else:
            raise CellError(f"«{value}» no es un número")
    else:
        raise CellError(f"«{_show(value)}» no es un número")
    if not number.is_finite():
        raise CellError(f"«{_show(value)}» no es un número")
    places = _PLACES.get(col.kind, 4)
    try:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError(f"«{_show(value)}» es demasiado grande") from None
    if abs(number) >= _MAX.get(col.kind, _MAX[QTY]):
        raise CellError(f"«{_show(value)}» es demasiado grande")
    return number


# The largest whole number every database stores in an integer column (PostgreSQL's integer).
INT_MAX = 2_147_483_647


def _int(col: Col, value) -> int:
    number = _whole(col, value)
    if abs(number) > INT_MAX:
        raise CellError(f"«{_show(value)}» es demasiado grande")
    return number


def _whole(col: Col, value) -> int:
    if isinstance(value, bool):
        raise CellError(f"«{_show(value)}» no es un número entero")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if value != int(value):
            raise CellError(f"«{_show(value)}» no es un número entero")
        return int(value)
    if isinstance(value, str) and re.match(r"^[+-]?\d+$", value):
        return int(value)
    raise CellError(f"«{_show(value)}» no es un número entero")


def _month(col: Col, value) -> int:
    month = _int(col, value)
    if not 1 <= month <= 12:
        raise CellError(f"el mes debe estar entre 1 y 12 (se leyó {month})")
    return month


def _year(col: Col, value) -> int:
    year = _int(col, value)
    if not 1900 <= year <= 2200:
        raise CellError(f"«{year}» no es un año válido")
    return year


def _date(col: Col, value) -> dt.date:
    date = _parse_date(value)
    if not in_window(date):
        raise CellError(f"«{_show(date)}»: {out_of_window_message()}")
    return date


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CellError(f"«{_show(value)}» no es una fecha: use una celda de fecha o el texto AAAA-MM-DD")


def _enum(col: Col, value) -> str:
    text = _text(col, value)
    if text not in col.choices:
        expected = ", ".join(col.choices)
        raise CellError(f"valor desconocido «{text}»; se espera uno de: {expected}")
    return col.choices[text]


_READERS = {
    TEXT: _text,
    CODE: _text,
    INT: _int,
    YEAR: _year,
    MONTH: _month,
    QTY: _decimal,
    MONEY: _decimal,
    PERCENT: _decimal,
    DATE: _date,
    ENUM: _enum,
}


def money_text(value) -> str:
    """$ 1.234.567 or $ 1.234.567,50 for messages."""
    return format_cop(value, cents=True)


def number_text(value) -> str:
    """1.234,5 for messages (no trailing zeros)."""
    value = Decimal(value).normalize()
    if value == value.to_integral():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac

"""Read settings from the environment, failing loudly on values that cannot be right.

A typo in a production variable must stop the process at start-up, not surface weeks later
as a silently wrong default.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

_TRUE = {"1", "true", "yes", "on", "si", "sí"}
_FALSE = {"0", "false", "no", "off", ""}


class ImproperlyConfiguredEnv(RuntimeError):
    pass


@contextmanager
def exit_on_bad_settings(exit_code: int = 2):
    """Turn a settings error into one line on stderr and a non-zero exit, without a traceback.

    Used where a process loads the settings (manage.py, the WSGI/ASGI module, Celery): the
    traceback would only bury the one line that says which variable is wrong.
    """
    try:
        yield
    except ImproperlyConfiguredEnv as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.stderr.flush()
        raise SystemExit(exit_code) from None


_MISSING = object()


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfiguredEnv(f"The environment variable {name} is required.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(
        f"{name}={value!r} is not a boolean; use one of: true, false, 1, 0, yes, no."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"{name}={value!r} is not an integer.") from None


def env_decimal(name: str, default: str) -> Decimal:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return Decimal(default)
    try:
        parsed = Decimal(value.strip())
    except InvalidOperation:
        raise ImproperlyConfiguredEnv(f"{name}={value!r} is not a number (use a point for decimals).") from None
    if not parsed.is_finite():
        raise ImproperlyConfiguredEnv(f"{name}={value!r} is not a finite number.")
    return parsed


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfiguredEnv(f"{name}={value!r} has an empty item; separate values with commas.")
    return items


def env_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env_str(name, default)
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in schemes:
        raise ImproperlyConfiguredEnv(
            f"{name}={value!r} must start with one of: {', '.join(s + '://' for s in schemes)}"
        )
    return value

"""What the registries that apps plug into (agenda, deadlines) share.

A provider is known by its qualified name, not by identity: ready() and module autodiscovery
may import an app's module twice in tests, and the second import makes new function objects.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


def qualified_name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def add_once(funcs: list, func: Callable[..., Any]) -> None:
    """Append `func` unless a provider of the same qualified name is already there."""
    name = qualified_name(func)
    if all(qualified_name(f) != name for f in funcs):
        funcs.append(func)

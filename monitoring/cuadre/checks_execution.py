"""Cuadre checks on what the monthly reports say against the money and the territory
(monitoring.cuadre.rules declares them). Each reads in a constant number of queries."""
from __future__ import annotations

from collections.abc import Iterator

from .base import Context, Finding


def progress_without_money(ctx: Context) -> Iterator[Finding]:
    return iter(())


def money_without_progress(ctx: Context) -> Iterator[Finding]:
    return iter(())


def participatory_outside_territory(ctx: Context) -> Iterator[Finding]:
    return iter(())


def definitive_below_committed(ctx: Context) -> Iterator[Finding]:
    return iter(())


def missing_reports(ctx: Context) -> Iterator[Finding]:
    return iter(())

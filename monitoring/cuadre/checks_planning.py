"""Cuadre checks on the plan, the projects' formulation and the action plan against each other
(monitoring.cuadre.rules declares them). Each reads in a constant number of queries."""
from __future__ import annotations

from collections.abc import Iterator

from .base import Context, Finding


def unit_cost_mismatch(ctx: Context) -> Iterator[Finding]:
    return iter(())


def goal_without_unit_cost(ctx: Context) -> Iterator[Finding]:
    return iter(())


def indicator_without_product(ctx: Context) -> Iterator[Finding]:
    return iter(())


def annual_targets_mismatch(ctx: Context) -> Iterator[Finding]:
    return iter(())


def weights_not_100(ctx: Context) -> Iterator[Finding]:
    return iter(())


def financial_programming_mismatch(ctx: Context) -> Iterator[Finding]:
    return iter(())


def physical_programming_mismatch(ctx: Context) -> Iterator[Finding]:
    return iter(())


def product_without_mga_code(ctx: Context) -> Iterator[Finding]:
    return iter(())


def indicator_mga_mismatch(ctx: Context) -> Iterator[Finding]:
    return iter(())

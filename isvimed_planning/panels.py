"""Sections that a later app adds to a page of an earlier one, so that the earlier app shows them
without importing the later app (data flows one way: see tests/core/test_import_direction.py).

Pages with panels: "project" (projects' project page) and "indicator" (strategy's indicator page).
The project page (projects) shows the project's budget by funding source (budget) and its
follow-up against what was programmed (monitoring). Each later app registers its panel in its
AppConfig.ready():

    panels.register("project", order=20, template="budget/panels/project_budget.html",
                    context=project_budget_panel)

`context(request, obj)` returns the template's context, or None when the panel has nothing to
show for this object or this user (it must check the user's permissions itself). Each panel reads
what it needs in a constant number of queries.

Pages with panels: "project" (obj: the project) and "home" (obj: the user; cards of the home page,
such as a lead's findings of the cuadre).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    page: str
    order: int
    template: str
    context: Callable[[HttpRequest, Any], dict | None]


@dataclass(frozen=True)
class Shown:
    template: str
    context: dict


_PANELS: dict[str, list[Panel]] = {}


def register(page: str, *, order: int, template: str, context: Callable[[HttpRequest, Any], dict | None]) -> None:
    found = [p for p in _PANELS.get(page, []) if p.template != template]  # ready() may run twice in tests
    found.append(Panel(page, order, template, context))
    _PANELS[page] = sorted(found, key=lambda p: p.order)


def shown(page: str, request: HttpRequest, obj) -> list[Shown]:
    """The panels of `page` that have something to show for `obj` to this request's user."""
    out = []
    for panel in _PANELS.get(page, []):
        context = panel.context(request, obj)
        if context is not None:
            out.append(Shown(panel.template, context))
    return out

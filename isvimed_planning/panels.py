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

Pages with panels: "project" (obj: the project) and "home" (obj: the user; the cards of the home
page: each role's work queue, `queue_card` below, and a lead's findings of the cuadre). Several
panels may share a template (the queue cards): a panel is its template and its context function.
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
    # ready() may run twice in tests: a panel is the same when its template and context are.
    key = (template, context.__module__, context.__qualname__)
    found = [p for p in _PANELS.get(page, []) if (p.template, p.context.__module__, p.context.__qualname__) != key]
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


# --- The home page's work queues ---------------------------------------------------------------
# Each app registers on the page "home" the cards of what waits for the user there (reports to
# review, projects awaiting a decision, requests by due date...). A card is drawn by
# templates/home/queue_card.html from `queue_card(...)`: each line is a count that links to the
# list filtered to those rows, or says in Spanish that there is nothing waiting.


@dataclass(frozen=True)
class QueueItem:
    count: int
    one: str  # "reporte por revisar": the line reads "1 reporte por revisar"
    many: str  # "reportes por revisar": "5 reportes por revisar"
    url: str  # the list filtered to these rows
    empty: str  # "No tiene reportes por revisar."
    urgent: bool = False  # drawn as a warning when there is any (overdue, returned)

    @property
    def text(self) -> str:
        return f"{self.count} {self.one if self.count == 1 else self.many}"


@dataclass(frozen=True)
class QueueRow:
    """A row under the counts (e.g. the next requests by due date)."""

    label: str
    url: str
    note: str = ""
    urgent: bool = False


def queue_card(*, key: str, title: str, items: list[QueueItem], rows: list[QueueRow] | None = None,
               more_url: str = "", more_label: str = "") -> dict | None:
    """The context of one queue card; None when it has no line for this user."""
    if not items:
        return None
    return {"key": key, "title": title, "items": items, "rows": rows or [], "more_url": more_url, "more_label": more_label}


QUEUE_TEMPLATE = "home/queue_card.html"

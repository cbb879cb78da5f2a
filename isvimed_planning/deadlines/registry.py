"""Registry of deadline providers: each app's `<app>/deadlines.py` registers a function that
yields one `Item` per object that must meet the ANS of a step.

    from isvimed_planning.deadlines.registry import Item, register

    @register("project")
    def projects(*, today):
        for project in Project.objects.all():
            yield Item(obj=project, title=..., start=..., completed_on=..., responsible=project.lead)

A provider may give `due` itself (legal terms computed by the app); otherwise the due date is
start + the step's ANS (AnsPolicy).

`watch=(Model, ...)` names the models whose saves and deletes change what the provider yields:
when one of them changes, the step is synchronised again once the transaction commits
(`live.py`), so the ANS page does not wait for the daily sweep. The sweep still runs for what
only time changes (states, notices).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, overload

from django.utils.module_loading import autodiscover_modules

from isvimed_planning.plugins import add_once

Provider = Callable[..., Iterable["Item"]]

_providers: dict[str, list[Provider]] = {}
_watched: dict[type, set[str]] = {}
_discovered = False


@dataclass
class Item:
    obj: Any
    title: str
    start: dt.date
    due: dt.date | None = None
    completed_on: dt.date | None = None
    responsible: Any = None
    url: str = ""


def register(step: str, *, watch: Iterable[type] = ()) -> Callable[[Provider], Provider]:
    for model in watch:
        _watched.setdefault(model, set()).add(step)

    def decorator(func: Provider) -> Provider:
        add_once(_providers.setdefault(step, []), func)
        return func

    return decorator


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("deadlines")
        _discovered = True


def providers() -> dict[str, list[Provider]]:
    autodiscover()
    return _providers


def watched() -> dict[type, set[str]]:
    """The steps each model's changes affect (declared with `register(..., watch=...)`)."""
    autodiscover()
    return _watched


@overload
def as_date(value: dt.date) -> dt.date: ...


@overload
def as_date(value: dt.date | None) -> dt.date | None: ...


def as_date(value: dt.date | None) -> dt.date | None:
    """A date from a date or an aware datetime (in the project's time zone)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def link(name: str, *args) -> str:
    """The URL of a named view (each provider links to its own app's views)."""
    from django.urls import reverse

    return reverse(name, args=args)

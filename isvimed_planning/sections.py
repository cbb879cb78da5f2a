"""Sections a later app adds to an earlier app's page, so that data still flows one way: the
project page (projects) shows monitoring's programmed vs. executed without importing it.

An app registers a function in its AppConfig.ready:

    add_section("project", programming_section)

and the page's view asks for them: `page_sections("project", request.user, project)` calls each
function with (user, obj); a function returns a Section (a template and its context) or None
(nothing to show to this user)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_SECTIONS: dict[str, list[Callable[[Any, Any], Section | None]]] = {}


def add_section(page: str, render: Callable[[Any, Any], Section | None]) -> None:
    found = _SECTIONS.setdefault(page, [])
    if render not in found:
        found.append(render)


def page_sections(page: str, user, obj) -> list[Section]:
    return [section for render in _SECTIONS.get(page, []) if (section := render(user, obj)) is not None]

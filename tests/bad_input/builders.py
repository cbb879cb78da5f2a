"""Builders of the bad-input table: each case sets up what the view needs and says what to POST."""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from django.apps import apps

DOMAIN_APPS = ("core", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "deadlines",
               "workbook")


@dataclass
class Case:
    url: str
    persona: str
    data: dict[str, Any]
    field: str  # the field's auto id without "id_" (prefix included, e.g. "ciclo-reminder_business_days")
    message: str
    kept: list[str] = field(default_factory=list)  # what was typed, as it must appear in the page
    method: str = "post"
    watch: Callable[[], Any] | None = None  # the edited object, read again after the request
    flash: bool = False  # an inline form on an object page: the refusal comes back as a message on that page


def typed_input(value: str) -> str:
    return f'value="{html.escape(value)}"'


def typed_textarea(value: str) -> str:
    return f"{html.escape(value)}</textarea>"


def field_error(field_id: str, message: str) -> re.Pattern:
    """The error paragraph (or span, in a filter bar) that the input's aria-describedby names."""
    return re.compile(
        rf'<(p|span) class="field-error" id="id_{re.escape(field_id)}_error">{re.escape(html.escape(message))}</\1>'
    )


def db_counts() -> dict[str, int]:
    """Rows of every domain table, history tables included (an edit adds a history row)."""
    counts = {}
    for label in DOMAIN_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def assert_refused_keeping_input(name: str, case, page: str, *, before: dict[str, int], watched=None) -> None:
    """The form came back with the case's message next to its field, shows again what was typed,
    and saved nothing (nor changed the object it edits)."""
    assert field_error(case.field, case.message).search(page), (
        f"{name}: no «{case.message}» next to {case.field}: "
        + str([line for line in page.splitlines() if "field-error" in line or "form-errors" in line]))
    for typed in case.kept:
        assert typed in page, f"{name}: what was typed is not shown again: {typed}"
    assert db_counts() == before, f"{name}: something was saved"
    if case.watch:
        assert case.watch() == watched, f"{name}: the edited object changed"


TODAY = dt.date.today

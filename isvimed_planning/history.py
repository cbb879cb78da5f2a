"""History of domain objects (django-simple-history) shown as who / when / what changed, in the
words of the screens: Spanish field names, choice labels instead of stored codes, related objects
by name, numbers, money and dates in es-CO; bookkeeping fields (the optimistic lock's counter,
sort keys, automatic timestamps) are left out, and a record that changed nothing a user would
see is not shown at all."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from .fields import MONEY
from .formatting import format_cop, format_date, format_number

HISTORY_TYPES = {"+": "Creado", "~": "Modificado", "-": "Eliminado"}

# Spanish names of the fields many models share and declare without a verbose name.
COMMON_LABELS = {
    "approved_at": "aprobado el", "approved_by": "aprobado por", "submitted_at": "enviado el",
    "published_at": "publicado el", "decided_at": "decidido el", "decided_by": "decidido por",
    "created_by": "creado por", "requested_by": "solicitado por", "closed_at": "cerrado el",
    "answered_at": "respondido el", "answered_by": "respondido por", "sent_at": "enviado el",
}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryRow:
    when: Any
    who: str
    action: str
    reason: str
    changes: list[Change]


def field_label(model: type[models.Model], name: str) -> str:
    """The Spanish name of a field (a reverse relation, which has none, by its name)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        return name
    label = str(field.verbose_name)
    if label == name.replace("_", " ") and name in COMMON_LABELS:
        return COMMON_LABELS[name]
    return label


def _hidden(model: type[models.Model], obj: models.Model) -> list[str]:
    """Fields no user changes: the lock's counter, sort keys and other derived, non-editable
    columns, and automatic timestamps."""
    hidden = {getattr(obj, "version_field", None) or "", "version" if hasattr(obj, "version_field") else ""}
    for field in model._meta.concrete_fields:
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if automatic or (not field.editable and not field.primary_key):
            hidden.add(field.name)
    return [name for name in hidden if name]


def _is_money(field: models.Field) -> bool:
    return isinstance(field, models.DecimalField) and (field.max_digits, field.decimal_places) == (
        MONEY["max_digits"], MONEY["decimal_places"]
    )


def display_value(field: models.Field | None, value: Any, related: dict | None = None) -> Any:
    """A recorded value as the screens show it ("—" is the template's, for None)."""
    if value is None or value == "":
        return None
    if field is None:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        found = (related or {}).get((field.related_model, value))
        return str(found) if found is not None else f"#{value}"
    if isinstance(field, models.BooleanField):
        return "Sí" if value else "No"
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date(value)
    if isinstance(field, models.DecimalField):
        return format_cop(value, cents=True) if _is_money(field) else format_number(Decimal(str(value)), 4, trim=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # years, counts, ids: never "2.024"
    return value


def _related_objects(model: type[models.Model], raw: list[tuple[str, Any, Any]]) -> dict:
    """{(related model, pk): object} for every foreign key value in the changes, one query per
    related model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for name, old, new in raw:
        field = model._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            wanted[field.related_model].update(v for v in (old, new) if v is not None)  # type: ignore[index]
    found: dict = {}
    for related_model, pks in wanted.items():
        for pk, obj in related_model._default_manager.in_bulk(list(pks)).items():
            found[(related_model, pk)] = obj
    return found


def history_rows(obj: models.Model, limit: int = 100) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record. A
    modification that changed only hidden fields and gives no reason is left out."""
    model = type(obj)
    excluded = _hidden(model, obj)
    # `history` is the manager django-simple-history's HistoricalRecords adds to the model (no type stubs).
    manager = obj.history  # type: ignore[attr-defined]
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    pending: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        raw: list[tuple[str, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=excluded)
            raw = [(c.field, c.old, c.new) for c in delta.changes]
        pending.append((record, raw))
    related = _related_objects(model, [change for _, raw in pending for change in raw])
    rows = []
    for record, raw in pending:
        changes = []
        for name, old, new in raw:
            try:
                field: models.Field | None = model._meta.get_field(name)  # type: ignore[assignment]
                label = field_label(model, name)
            except Exception:
                field, label = None, name
            changes.append(Change(label, display_value(field, old, related), display_value(field, new, related)))
        reason = record.history_change_reason or ""
        if record.history_type == "~" and not changes and not reason:
            continue  # only bookkeeping changed
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=user.display_name if user else "sistema",
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=reason,
                changes=changes,
            )
        )
    return rows

"""History of domain objects (django-simple-history) shown as who / when / what changed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

HISTORY_TYPES = {"+": "Creado", "~": "Modificado", "-": "Eliminado"}


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
    """The verbose name of a field (a reverse relation, which has none, by its name)."""
    field = model._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def history_rows(obj: models.Model, limit: int = 100) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record."""
    # The optimistic lock's counter (versioning.py) is bookkeeping, not a change anyone made.
    lock = getattr(obj, "version_field", None)
    excluded = [lock] if lock else []
    # `history` is the manager django-simple-history's HistoricalRecords adds to the model (no type stubs).
    manager = obj.history  # type: ignore[attr-defined]
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=excluded)
            for change in delta.changes:
                try:
                    label = field_label(type(obj), change.field)
                except Exception:
                    label = change.field
                changes.append(Change(label, change.old, change.new))
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=user.display_name if user else "sistema",
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return rows

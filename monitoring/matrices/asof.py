"""The data the matrices read, as it was at an instant: its version (marks) and the rewind.

The matrices read only the tables of SEALED_MODELS (every one keeps its history with
django-simple-history) and two tables without history, REFERENCE (territories: a reference table
changed only in the admin; users: the lead's name in «Responsable»), whose rows are copied into
the snapshot when it is generated (reference_rows).

The **data version** of a snapshot is the greatest history id of each history table of
SEALED_MODELS when its computation started (`marks`, one query): history rows are only ever
appended, so the state of every row at that moment is "its latest history record with an id up to
the mark" (a record of type "-" meaning deleted).

`rewound(marks, reference_rows)` is a context manager that, inside a transaction always rolled
back, puts every table back as it was at those marks (in bulk: rows created after are deleted,
rows changed or deleted after are restored from their history record) without signals (no
history is written) and yields; the normal matrix code run inside it computes the matrices as
they were. Rows changed after the marks that have no history record before them (created by a
bulk operation that skipped history) cannot be rewound: they are kept as they are and reported
in `Rewind.gaps`.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max, Min, Model

from action_plan.models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import BudgetModification, FiscalYear, ProjectAllocation, TargetReprogramming
from isvimed_planning.caching import history_marks
from isvimed_planning.models import OrgUnit, Territory, User
from monitoring import totals
from monitoring.models import (
    IndicatorMeasurement,
    IndicatorMonthTotal,
    ProductProgress,
    ProgressReport,
    SourceExecution,
    TerritorialDistribution,
)
from projects.models import FundingSource, Product, ProductGoal, Project
from strategy.models import AnnualTarget, Component, DevelopmentPlan, Indicator, Program, StrategicLine

# Every table the four matrices read that keeps history (tests/matrices/test_sealed_tables.py
# checks this list against the tables the matrices actually query).
SEALED_MODELS: tuple[type[Model], ...] = (
    DevelopmentPlan, StrategicLine, Component, Program, Indicator, AnnualTarget, OrgUnit,
    Project, Product, ProductGoal, FundingSource, FiscalYear, ProjectAllocation, BudgetModification,
    TargetReprogramming, ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget,
    ProgressReport, ProductProgress, SourceExecution, TerritorialDistribution, IndicatorMeasurement,
)
# Tables the matrices read that keep no history: their rows are copied into the snapshot.
REFERENCE: tuple[type[Model], ...] = (Territory, User)
# Tables the matrices read that only hold sums of SEALED_MODELS' rows (monitoring.totals):
# recomputed from the rewound rows.
DERIVED: tuple[type[Model], ...] = (IndicatorMonthTotal,)
USER_FIELDS = ("first_name", "last_name", "username")
TERRITORY_FIELDS = ("code", "name", "kind", "zone")
CHUNK = 500


class Interrupted(Exception):
    """Raised inside `rewound` to roll the rewind back (never seen outside)."""


def label(model: type[Model]) -> str:
    return model._meta.label


def marks() -> dict[str, int]:
    """{model label: greatest history id} of SEALED_MODELS now (one query): the data version."""
    return {label(m): int(v or 0) for m, v in zip(SEALED_MODELS, history_marks(SEALED_MODELS), strict=True)}


def version_of(data_marks: dict[str, int]) -> str:
    """A short, stable digest of the marks (what the pages show as «versión de los datos»)."""
    return hashlib.sha256(json.dumps(data_marks, sort_keys=True).encode()).hexdigest()[:16]


def reference_rows() -> dict[str, list]:
    """The rows of the tables without history that the matrices read (territories; the names of
    the users who lead a project), as they are now."""
    lead_ids = Project.objects.exclude(lead_id=None).values("lead_id")
    return {
        "territories": [list(r) for r in Territory.objects.order_by("code").values_list(*TERRITORY_FIELDS)],
        "users": [list(r) for r in User.objects.filter(pk__in=lead_ids).order_by("pk").values_list("pk", *USER_FIELDS)],
    }


@dataclass
class Rewind:
    restored: int = 0  # rows put back (changed or deleted after the marks)
    removed: int = 0  # rows created after the marks, taken out
    gaps: list[str] = field(default_factory=list)  # rows that could not be rewound


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _delete(model: type[Model], pks: list) -> None:
    """Delete rows without signals, cascades or history (the transaction is rolled back)."""
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        for chunk in _chunks(pks):
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(pk_column)} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


def _insert(model: type[Model], rows: list[dict]) -> None:
    """Insert rows exactly as given (raw SQL: no auto_now, no signals, no history)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = list(model._meta.local_concrete_fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [[f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in rows]
        )


def _rewind_model(model: type[Model], mark: int, result: Rewind) -> None:
    history = model.history.model  # type: ignore[attr-defined]
    pk_name = model._meta.pk.attname
    touched = list(
        history.objects.filter(history_id__gt=mark).order_by().values_list(pk_name, flat=True).distinct()
    )
    if not touched:
        return
    attnames = [f.attname for f in model._meta.local_concrete_fields]
    restore: list[dict] = []
    gone: list = []
    for chunk in _chunks(touched):
        latest = (
            history.objects.filter(**{f"{pk_name}__in": chunk}, history_id__lte=mark).order_by()
            .values(pk_name).annotate(last=Max("history_id")).values("last")
        )
        before = {
            row[pk_name]: row
            for row in history.objects.filter(history_id__in=latest).values(*attnames, "history_type")
        }
        unknown = [pk for pk in chunk if pk not in before]
        first_after = {}
        if unknown:
            first_ids = (
                history.objects.filter(**{f"{pk_name}__in": unknown}, history_id__gt=mark).order_by()
                .values(pk_name).annotate(first=Min("history_id")).values("first")
            )
            first_after = dict(history.objects.filter(history_id__in=first_ids).values_list(pk_name, "history_type"))
        for pk in chunk:
            row = before.get(pk)
            if row is not None:
                gone.append(pk)
                if row.pop("history_type") != "-":
                    restore.append(row)
            elif first_after.get(pk) == "+":
                gone.append(pk)  # created after the marks
            else:
                result.gaps.append(f"{model._meta.verbose_name} {pk}")
    _delete(model, gone)
    _insert(model, restore)
    result.restored += len(restore)
    result.removed += len(gone) - len(restore)


def _restore_reference(rows: dict) -> None:
    if rows.get("territories"):
        Territory.objects.all()._raw_delete(Territory.objects.db)
        _insert(Territory, [dict(zip(TERRITORY_FIELDS, r, strict=True)) for r in rows["territories"]])
    for pk, *values in rows.get("users", []):
        User.objects.filter(pk=pk).update(**dict(zip(USER_FIELDS, values, strict=True)))


@contextmanager
def rewound(data_marks: dict[str, int], reference: dict | None = None) -> Iterator[Rewind]:
    """Inside: every table the matrices read as it was at `data_marks` (always rolled back)."""
    result = Rewind()
    try:
        with transaction.atomic():
            for model in SEALED_MODELS:
                _rewind_model(model, int(data_marks.get(label(model), 0)), result)
            if reference:
                _restore_reference(reference)
            totals.recompute_all(lock=False)  # rolled back below
            yield result
            raise Interrupted
    except Interrupted:
        pass

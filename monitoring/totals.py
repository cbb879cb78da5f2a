"""Monthly totals kept up to date: the ONE module that writes monitoring.IndicatorMonthTotal.

The Plan Indicativo (and through it Presupuesto por Resultados and the dashboard) needs v(m) of
every indicator for every month of the plan up to the cutoff: at ten times ISVIMED's size that
was a join of 144,000 product-progress rows to their reports at every cutoff. The totals hold the
same sums, one row per (indicator, month) that has a value (~14,000 rows at 10×).

How they stay exact: whatever changes which quantities count (a report approved, reopened,
imported, deleted, a product moved to another indicator) calls ``refresh_totals`` with the months
it touched, inside its own transaction. A refresh deletes every total of those months and
inserts them again from the rows, in SQL: simpler than adding and subtracting differences, and
exactly right whatever happened before in the month. A month is small (one report per project;
~6,000 product rows at 10×), so a refresh costs milliseconds. ``compare`` (``manage.py
check_totals``) recomputes everything from the rows and lists any difference; ``recompute_all``
(``check_totals --fix``, the data migration, seed_scale) rebuilds them.

Only product quantities are kept: a product's total of a month is its one progress row (one
report per project and month), and a project's money of a month is its one report, so totals of
those would be as many rows as what they sum. Result indicators read their measurements, one
row per indicator and month already.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q, Sum

from projects.models import Product
from strategy.models import Indicator

from .models import (
    ApprovedReportChange,
    ApprovedReportsStamp,
    IndicatorMonthTotal,
    ProductProgress,
    ProgressReport,
    ReportState,
)

Month = tuple[int, int]  # (year, month)


def _months_sql(months: list[Month], *, alias: str) -> tuple[str, list[int]]:
    clauses = " OR ".join(f"({alias}.year = %s AND {alias}.month = %s)" for _ in months)
    return f"({clauses})", [value for pair in months for value in pair]


def _insert_sql(where: str) -> str:
    """INSERT … SELECT of the totals of the approved rows satisfying `where` (alias r: report)."""
    total, progress = IndicatorMonthTotal._meta.db_table, ProductProgress._meta.db_table
    report, product = ProgressReport._meta.db_table, Product._meta.db_table
    return (
        f"INSERT INTO {total} (indicator_id, year, month, quantity) "
        f"SELECT p.indicator_id, r.year, r.month, SUM(pp.quantity) FROM {progress} pp "
        f"JOIN {report} r ON r.id = pp.report_id JOIN {product} p ON p.id = pp.product_id "
        f"WHERE r.state = %s AND {where} GROUP BY p.indicator_id, r.year, r.month"
    )


# Two approvals of the same month at once: under READ COMMITTED the second one's DELETE would not
# see the rows the first one inserted, and its INSERT would then collide with them. A transaction
# lock per month (PostgreSQL advisory locks, taken in order: no deadlock) makes the second wait
# for the first's commit; its statements then see the first's rows. SQLite writes one at a time.
_LOCK_NAMESPACE = 4622  # any constant of this application's own


def _lock_months(cursor, months: list[Month]) -> None:
    if connection.vendor != "postgresql":
        return
    for year, month in months:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, year * 100 + month])


# Months per statement: a refresh of a whole import stays within any database's parameter limit.
_CHUNK = 200


def refresh_totals(
    *, months: Iterable[Month] = (), report_ids: Iterable[int] = (), projects: Iterable[int] | None = None
) -> None:
    """Recomputes the totals of the given months, and of the months of `report_ids`, from the
    rows. Call it inside the transaction that changed them, after the change. `projects`: the
    projects whose approved quantities changed, when the caller knows (None: any of them)."""
    wanted = set(months)
    report_ids = list(report_ids)
    if report_ids:
        wanted |= set(ProgressReport.objects.filter(pk__in=report_ids).values_list("year", "month").distinct())
    if not wanted:
        return
    ordered = sorted(wanted)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_months(cursor, ordered)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            in_months = Q()
            for year, month in chunk:
                in_months |= Q(year=year, month=month)
            IndicatorMonthTotal.objects.filter(in_months).delete()
            where, params = _months_sql(chunk, alias="r")
            cursor.execute(_insert_sql(where), [ReportState.APPROVED, *params])
        # Quantities of approved reports may change without their report row (an import of the
        # avance_fisico sheet): the cached figures must see it too.
        bump_stamp(cursor, projects)


def bump_stamp(cursor, projects: Iterable[int] | None = None) -> None:
    """One more change of the approved figures (ApprovedReportsStamp), of `projects` (None: of
    any project), logged in ApprovedReportChange; the triggers of migrations 0015 and 0016 do the
    same for the report rows."""
    table = ApprovedReportsStamp._meta.db_table
    cursor.execute(
        f"INSERT INTO {table} (id, changes) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET changes = {table}.changes + 1"
    )
    ids: list[int | None] = [None] if projects is None else list(sorted(set(projects)))
    if ids:
        cursor.execute(f"SELECT changes FROM {table} WHERE id = 1")
        seq = cursor.fetchone()[0]
        ApprovedReportChange.objects.bulk_create([ApprovedReportChange(seq=seq, project_id=pk) for pk in ids])


def changed_projects(after: int, upto: int) -> set[int] | None:
    """The projects whose approved figures changed after stamp `after` up to `upto` (both read
    from ApprovedReportsStamp); None when a change may have touched any project."""
    found = set(
        ApprovedReportChange.objects.filter(seq__gt=after, seq__lte=upto).values_list("project_id", flat=True).distinct()
    )
    if None in found:
        return None
    return {pk for pk in found if pk is not None}


def product_months(product_ids: Iterable[int]) -> set[Month]:
    """The months in which these products have a quantity in an approved report: what a change
    of their indicator touches."""
    return set(
        ProductProgress.objects.filter(product_id__in=list(product_ids), report__state=ReportState.APPROVED)
        .values_list("report__year", "report__month")
        .distinct()
    )


def recompute_all(*, lock: bool = True) -> None:
    """Rebuilds every total from the rows (check_totals --fix, seed_scale, load_demo). `lock`
    False only inside a transaction that is always rolled back (the as-of rewind): concurrent
    refreshes then merely wait for it."""
    with transaction.atomic(), connection.cursor() as cursor:
        if lock and connection.vendor == "postgresql":
            # Conflicts with itself and with the refreshes' writes: they wait, then see the rebuild.
            cursor.execute(f"LOCK TABLE {IndicatorMonthTotal._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        IndicatorMonthTotal.objects.all().delete()
        cursor.execute(_insert_sql("1 = 1"), [ReportState.APPROVED])
        bump_stamp(cursor)


@dataclass(frozen=True)
class Difference:
    indicator_id: int
    indicator_code: str
    year: int
    month: int
    stored: Decimal | None  # None: no total kept
    recomputed: Decimal | None  # None: no approved quantity

    def __str__(self) -> str:
        def shown(value: Decimal | None) -> str:
            return "sin total" if value is None else f"{value.normalize():f}"

        return (
            f"Indicador {self.indicator_code} (id {self.indicator_id}), {self.month:02d}/{self.year}: "
            f"guardado {shown(self.stored)}, recalculado de los reportes {shown(self.recomputed)}"
        )


def _as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def compare() -> list[Difference]:
    """Every (indicator, month) whose stored total differs from the sum of the approved rows,
    sorted by indicator and month; empty when the totals are exact. Two queries."""
    recomputed = {
        (row["product__indicator_id"], row["report__year"], row["report__month"]): _as_decimal(row["total"])
        for row in ProductProgress.objects.filter(report__state=ReportState.APPROVED)
        .values("product__indicator_id", "report__year", "report__month")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    stored = {
        (indicator_id, year, month): _as_decimal(quantity)
        for indicator_id, year, month, quantity in IndicatorMonthTotal.objects.values_list(
            "indicator_id", "year", "month", "quantity"
        ).order_by()
    }
    keys = sorted(
        key for key in recomputed.keys() | stored.keys()
        if key not in stored or key not in recomputed or not _same(stored[key], recomputed[key])
    )
    if not keys:
        return []
    codes = dict(Indicator.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "code"))
    return [
        Difference(indicator_id, codes.get(indicator_id, "?"), year, month, stored.get(key), recomputed.get(key))
        for key in keys
        for indicator_id, year, month in [key]
    ]


def _same(a: Decimal, b: Decimal) -> bool:
    """Equal at the column's precision (SQLite sums decimals as floats)."""
    quantum = Decimal("0.0001")
    return a.quantize(quantum) == b.quantize(quantum)


# --- The paths without a service: a product saved elsewhere, a report deleted ---------------


def _product_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    # projects cannot call monitoring (apps import only earlier apps); a product's indicator
    # may change on its form, which moves its approved quantities from one indicator's totals to
    # another's. One query when the product has none (every new product).
    if created or raw:
        return
    refresh_totals(months=product_months([instance.pk]))


def _report_deleted(sender, instance, **kwargs) -> None:
    # Deleting a report (the admin, a cascade) deletes its quantities with it.
    if instance.state == ReportState.APPROVED:
        refresh_totals(months=[(instance.year, instance.month)], projects=[instance.project_id])


def connect() -> None:
    """Called by MonitoringConfig.ready."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_product_saved, sender=Product, dispatch_uid="monitoring-totals-product")
    post_delete.connect(_report_deleted, sender=ProgressReport, dispatch_uid="monitoring-totals-report-deleted")

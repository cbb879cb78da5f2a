"""Execution by funding source: the ONE place that decides which source a report's money belongs to.

MATRICES.md "Execution by source": a report carries its committed, obligated and paid amounts per
funding source (SourceExecution rows) adding up to its totals. A report of a project that has
exactly one source among its allocations of the year may leave the split out: all of it belongs
to that source. A report of a project with several sources and no split (data from before sources
existed) stays under ``None``, unassigned, until someone splits it (needs_split lists them).

The budget side of a source (initial, modifications, definitive) is budget.money.source_budgets;
the rows here put both together for the Plan de Acción's `Fuentes` sheet, the dashboard and the
project page. Every function runs a constant number of queries whatever the number of projects.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum

from budget import money as budget_money
from budget.models import BudgetModification, ProjectAllocation
from budget.money import source_order
from isvimed_planning.codes import natural_key
from projects.models import FundingSource, Project

from .models import ProgressReport, ReportState, SourceExecution

ZERO = Decimal(0)
UNASSIGNED_NAME = "Sin fuente asignada"


@dataclass(frozen=True)
class Execution:
    committed: Decimal = ZERO
    obligated: Decimal = ZERO
    paid: Decimal = ZERO

    def __add__(self, other: Execution) -> Execution:
        return Execution(self.committed + other.committed, self.obligated + other.obligated, self.paid + other.paid)

    @property
    def is_zero(self) -> bool:
        return not (self.committed or self.obligated or self.paid)


def _ids(projects):
    return projects if hasattr(projects, "query") else list(projects)


def approved_reports(year: int, first_month: int = 1, last_month: int = 12) -> QuerySet[ProgressReport]:
    """The approved reports of the months first_month … last_month of the year: what counts."""
    return ProgressReport.objects.filter(
        state=ReportState.APPROVED, year=year, month__gte=first_month, month__lte=last_month
    )


def execution_by_source(
    projects: Iterable[int] | QuerySet, year: int, *, first_month: int = 1, last_month: int = 12
) -> dict[int, dict[FundingSource | None, Execution]]:
    """{project_id: {source: its execution}} over the approved reports of months first_month …
    last_month of the year: a report's split rows; a report without rows, all of it to the
    project's single source of the year, else to None (unassigned). Sources in code order, None
    last; a project without execution in the span is absent. Four queries."""
    ids = _ids(projects)
    if not hasattr(ids, "query") and not ids:
        return {}
    reports = approved_reports(year, first_month, last_month).filter(project_id__in=ids)
    sources = budget_money.year_sources(ids, year)
    found: dict[int, dict[FundingSource | None, Execution]] = defaultdict(dict)

    def add(project_id: int, source: FundingSource | None, amounts: Execution) -> None:
        mine = found[project_id]
        mine[source] = mine.get(source, Execution()) + amounts

    split = SourceExecution.objects.filter(report=OuterRef("pk"))
    for row in (
        reports.filter(~Exists(split)).values("project_id")
        .annotate(c=Sum("committed"), o=Sum("obligated"), p=Sum("paid")).order_by()
    ):
        amounts = Execution(row["c"] or ZERO, row["o"] or ZERO, row["p"] or ZERO)
        add(row["project_id"], budget_money.single_source(sources.get(row["project_id"])), amounts)
    # Grouped by ids only (the sources' text read apart): grouping by their code and name too
    # made PostgreSQL sort the 48,000 split rows on disk at 10×.
    split_rows = list(
        SourceExecution.objects.filter(report__in=reports).values("report__project_id", "source_id")
        .annotate(c=Sum("committed"), o=Sum("obligated"), p=Sum("paid")).order_by()
        .values_list("report__project_id", "source_id", "c", "o", "p")
    )
    # Equal to the same sources read elsewhere (model instances compare by pk). All of them (a
    # few dozen): one query whether or not any report is split.
    known = FundingSource.objects.in_bulk()
    for project_id, source_id, c, o, p in split_rows:
        add(project_id, known[source_id], Execution(c or ZERO, o or ZERO, p or ZERO))
    return {pk: dict(sorted(mine.items(), key=lambda item: source_order(item[0]))) for pk, mine in found.items()}


# --- A project's money by source: budget and execution together ------------------------------


class _SourceFigures:
    """What a row of money by source shows: the source's code and name (the unassigned part has
    no code) and its execution ratio, committed over definitive."""

    source: FundingSource | None
    committed: Decimal
    definitive: Decimal

    @property
    def code(self) -> str | None:
        return self.source.code if self.source is not None else None

    @property
    def name(self) -> str:
        return self.source.name if self.source is not None else UNASSIGNED_NAME

    @property
    def execution_ratio(self) -> Decimal | None:
        return self.committed / self.definitive if self.definitive else None


@dataclass(frozen=True)
class SourceRow(_SourceFigures):
    """One (project, source) pair of a year at a cutoff: the Plan de Acción's `Fuentes` row."""

    project_id: int
    source: FundingSource | None  # None: money not assigned to a source yet (needs a split)
    initial: Decimal
    modifications: Decimal
    definitive: Decimal
    committed: Decimal
    obligated: Decimal
    paid: Decimal


def source_rows(projects: Iterable[int] | QuerySet, *, year: int, cutoff: dt.date) -> dict[int, list[SourceRow]]:
    """{project_id: its rows by source}: every pair with an allocation of the year, a
    modification dated on or before the cutoff, or execution in the counted months (1 …
    month(cutoff)); sources in code order, the unassigned part last. For each project the rows
    add up to its budget (budget.money) and its execution. Six queries."""
    ids = _ids(projects)
    budgets = budget_money.source_budgets(ids, year, cutoff)
    execution = execution_by_source(ids, year, last_month=cutoff.month)
    rows: dict[int, list[SourceRow]] = {}
    for project_id in set(budgets) | set(execution):
        money, done = budgets.get(project_id, {}), execution.get(project_id, {})
        pairs = sorted(set(money) | set(done), key=source_order)
        rows[project_id] = []
        for source in pairs:
            budget, spent = money.get(source), done.get(source, Execution())
            rows[project_id].append(
                SourceRow(
                    project_id=project_id, source=source,
                    initial=budget.initial if budget else ZERO,
                    modifications=budget.modifications if budget else ZERO,
                    definitive=budget.definitive if budget else ZERO,
                    committed=spent.committed, obligated=spent.obligated, paid=spent.paid,
                )
            )
    return rows


@dataclass(frozen=True)
class SourceTotal(_SourceFigures):
    """The year's figures of one source over many projects (the dashboard's table)."""

    source: FundingSource | None
    definitive: Decimal
    committed: Decimal
    paid: Decimal


def source_totals(rows: dict[int, list[SourceRow]]) -> list[SourceTotal]:
    """The rows of source_rows() summed per source, in code order (unassigned last)."""
    # Keyed by id: hashing a model instance (Python code) for each of 40,000 rows cost more than the sums.
    sums: dict[int | None, list[Decimal]] = {}
    sources: dict[int | None, FundingSource | None] = {}
    for project_rows in rows.values():
        for row in project_rows:
            key = row.source.pk if row.source is not None else None
            total = sums.get(key)
            if total is None:
                total = sums[key] = [ZERO, ZERO, ZERO]
                sources[key] = row.source
            total[0] += row.definitive
            total[1] += row.committed
            total[2] += row.paid
    return [
        SourceTotal(sources[key], *total)
        for key, total in sorted(sums.items(), key=lambda item: source_order(sources[item[0]]))
    ]


# --- What still needs a split ------------------------------------------------------------------


@dataclass
class SplitNeeded:
    """A project's year whose money cannot be given to a source yet: it has several sources and
    approved reports without a split (`reports`: (report id, month)), or modifications without a
    source (data from before sources existed)."""

    project_id: int
    bpin: str | None
    project_name: str
    year: int
    reports: list[tuple[int, int]]
    modifications: int

    @property
    def months(self) -> list[int]:
        return [month for _, month in self.reports]


def needs_split(*, year: int | None = None, projects: Iterable[int] | QuerySet | None = None) -> list[SplitNeeded]:
    """Projects (of `projects`, else all) and years (`year`, else all) with several sources among
    their allocations and approved reports with amounts but no split, or modifications without a
    source; sorted by year, then BPIN. Four queries."""
    allocations = ProjectAllocation.objects.all()
    reports = ProgressReport.objects.filter(state=ReportState.APPROVED).filter(
        ~Exists(SourceExecution.objects.filter(report=OuterRef("pk")))
    ).exclude(committed=0, obligated=0, paid=0)
    modifications = BudgetModification.objects.filter(source__isnull=True)
    if year is not None:
        allocations = allocations.filter(fiscal_year__year=year)
        reports = reports.filter(year=year)
        modifications = modifications.filter(fiscal_year__year=year)
    if projects is not None:
        ids = _ids(projects)
        allocations = allocations.filter(project_id__in=ids)
        reports = reports.filter(project_id__in=ids)
        modifications = modifications.filter(project_id__in=ids)
    several = {pair for pair, n in _source_counts(allocations).items() if n > 1}
    found: dict[tuple[int, int], SplitNeeded] = {}

    def entry(project_id: int, pair_year: int) -> SplitNeeded:
        key = (project_id, pair_year)
        if key not in found:
            found[key] = SplitNeeded(project_id, None, "", pair_year, [], 0)
        return found[key]

    for pk, project_id, report_year, month in reports.values_list("pk", "project_id", "year", "month").order_by("month"):
        if (project_id, report_year) in several:
            entry(project_id, report_year).reports.append((pk, month))
    for project_id, modification_year in modifications.values_list("project_id", "fiscal_year__year"):
        if (project_id, modification_year) in several:
            entry(project_id, modification_year).modifications += 1
    if not found:
        return []
    names = {
        pk: (bpin, name)
        for pk, bpin, name in Project.objects.filter(pk__in={pk for pk, _ in found}).values_list("pk", "bank_code", "name")
    }
    for (project_id, _), item in found.items():
        item.bpin, item.project_name = names[project_id]
    return sorted(found.values(), key=lambda i: (i.year, natural_key(i.bpin or ""), i.project_id))


def _source_counts(allocations: QuerySet[ProjectAllocation]) -> dict[tuple[int, int], int]:
    """{(project id, year): how many distinct sources its allocations of the year name}."""
    seen: dict[tuple[int, int], set[int]] = defaultdict(set)
    for project_id, year, source_id in allocations.values_list("project_id", "fiscal_year__year", "source_id").order_by():
        seen[(project_id, year)].add(source_id)
    return {pair: len(sources) for pair, sources in seen.items()}


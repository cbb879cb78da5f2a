"""Excel files of step 4.3 (the POAI, and the rows of the year's allocations and unit-costs
downloads), described as sheets for the shared writer: numeric cells with formats.

A whole administration's year has 20,000 projects: every file here reads, computes and writes
them a chunk of CHUNK projects at a time (a constant number of queries each), so that its memory
is that of one chunk; a total over the whole year is the database's or the cached year-wide
figures' (selectors.year_summary), never a sum kept of every row."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from isvimed_planning import xlsx
from strategy.models import Program

from . import selectors
from .models import FiscalYear, ProjectAllocation

# Projects read, computed and written at a time.
CHUNK = 500
ZERO = Decimal(0)

MONEY_FORMAT = '"$" #,##0'
QTY_FORMAT = "#,##0.##"
TITLE = {"bold": True, "font_size": 13}
HEADER = {"bold": True, "bg_color": "#DDEBE3", "pattern": 1, "text_wrap": True, "valign": "top"}
MONEY = {"num_format": MONEY_FORMAT}
QTY = {"num_format": QTY_FORMAT}
BOLD = {"bold": True}
BOLD_MONEY = {"num_format": MONEY_FORMAT, "bold": True}


def header(titles: list[str]) -> list[xlsx.Cell]:
    return [xlsx.Cell(title, HEADER) for title in titles]


def source_label(source) -> str:
    return f"{source.code} {source.name}" if source is not None else "Sin fuente asignada"


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def allocation_lines(
    allocations: QuerySet[ProjectAllocation], year: int, at_date: dt.date,
) -> Iterator[tuple[selectors.AllocationRow, ProjectAllocation, bool]]:
    """The year's allocations download, a line per allocation: (its project's row, the allocation,
    whether it is the project's first), in the order of `allocations` (the budget year page's,
    filtered and scoped), CHUNK projects at a time: one query for the projects, two per chunk."""
    ids = list(dict.fromkeys(allocations.values_list("project_id", flat=True).iterator()))
    for chunk in _chunks(ids):
        for row in selectors.allocation_rows(allocations.filter(project_id__in=chunk), year, at_date):
            for n, allocation in enumerate(row.allocations):
                yield row, allocation, n == 0


def unit_cost_lines(
    projects: QuerySet, year: int, at_date: dt.date,
) -> Iterator[tuple[selectors.ProjectAffordability, selectors.ProductAffordability, bool]]:
    """The unit-costs download, a line per product: (its project's affordability, the product's,
    whether it is the project's first), in the order of `projects` (the unit-costs page's, filtered
    and scoped), CHUNK projects at a time: one query for the projects, four per chunk."""
    ids = list(projects.values_list("pk", flat=True))
    for chunk in _chunks(ids):
        afford = selectors.affordability(chunk, year, at_date)
        for pk in chunk:
            if pk in afford:
                for n, item in enumerate(afford[pk].products):
                    yield afford[pk], item, n == 0
        del afford  # before the next chunk is read: one chunk at a time, not two


@dataclass
class _ProgramTotal:
    """A program's sums, added up as its projects are written (they come together, in POAI order)."""

    program: Program
    initial: Decimal = ZERO
    modifications: Decimal = ZERO
    definitive: Decimal = ZERO
    by_source: dict = field(default_factory=dict)  # {source: Σ definitive}

    def add(self, item: selectors.PoaiProject) -> None:
        self.initial += item.initial
        self.modifications += item.modifications
        self.definitive += item.definitive
        for source, budget in item.sources.items():
            self.by_source[source] = self.by_source.get(source, ZERO) + budget.definitive


def poai_workbook(fiscal_year: FiscalYear, user, at_date: dt.date) -> list[xlsx.Sheet]:
    """The POAI as a Colombian office shows it: per program and project, the budget and its
    definitive amount by funding source (one column per source of the year); then every project's
    money by source, one row per (project, source); then the summary by source.

    The projects the user sees are read CHUNK at a time (poai_projects: four queries each; each
    of the first two sheets reads the chunks again); a program's total row is summed as its
    projects go by, the year's totals and the summary by source are the cached year-wide figures
    (selectors.year_summary: the same money.source_budgets, whose sources add up to each project's
    budget)."""
    year = fiscal_year.year
    summary = selectors.year_summary(fiscal_year, user, at_date).by_source
    ids = selectors.poai_project_ids(fiscal_year, user)
    sources = [row.source for row in summary.rows]
    title = [xlsx.Cell(f"Plan Operativo Anual de Inversiones (POAI) · vigencia {year}", TITLE)]
    subtitle = [f"Presupuesto definitivo con modificaciones hasta el {at_date:%d/%m/%Y}"]

    def by_source(amounts: dict, style) -> list:
        return [xlsx.Cell(amounts[s], style) if s in amounts else None for s in sources]

    def projects() -> Iterator[selectors.PoaiProject]:
        for chunk in _chunks(ids):
            yield from selectors.poai_projects(chunk, year, at_date)

    def program_total(total: _ProgramTotal) -> list:
        return [
            xlsx.Cell(f"Total programa {total.program.code}", BOLD), None, None,
            *(xlsx.Cell(v, BOLD_MONEY) for v in (total.initial, total.modifications, total.definitive)),
            *by_source(total.by_source, BOLD_MONEY),
        ]

    def program_label(item: selectors.PoaiProject) -> str:
        return f"{item.project.program.code} {item.project.program.name}"

    def poai_rows() -> Iterator[list]:
        yield title
        yield subtitle
        yield []
        yield header([
            "Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
            *(f"Definitivo {source_label(s)}" for s in sources),
        ])
        total: _ProgramTotal | None = None
        for item in projects():
            if total is None or item.project.program_id != total.program.pk:
                if total is not None:
                    yield program_total(total)
                total = _ProgramTotal(item.project.program)
            total.add(item)
            yield [
                program_label(item), item.project.bank_code or "", item.project.name,
                *(xlsx.Cell(v, MONEY) for v in (item.initial, item.modifications, item.definitive)),
                *by_source({s: b.definitive for s, b in item.sources.items()}, MONEY),
            ]
        if total is not None:
            yield program_total(total)
        yield [
            xlsx.Cell("Total POAI", BOLD), None, None,
            *(xlsx.Cell(v, BOLD_MONEY) for v in (summary.initial, summary.modifications, summary.definitive)),
            *by_source({r.source: r.definitive for r in summary.rows}, BOLD_MONEY),
        ]

    def detail_rows() -> Iterator[list]:
        yield title
        yield subtitle
        yield []
        yield header([
            "Programa", "BPIN", "Proyecto", "Código fuente", "Fuente de financiación", "Presupuesto inicial",
            "Modificaciones", "Presupuesto definitivo",
        ])
        for item in projects():
            program = program_label(item)
            for source, budget in item.sources.items():
                yield [
                    program, item.project.bank_code or "", item.project.name, source.code if source else "",
                    source.name if source else "Sin fuente asignada",
                    *(xlsx.Cell(v, MONEY) for v in (budget.initial, budget.modifications, budget.definitive)),
                ]

    def summary_rows() -> Iterator[list]:
        yield title
        yield subtitle
        yield []
        yield header(["Código", "Fuente de financiación", "Proyectos", "Presupuesto inicial", "Modificaciones",
                      "Presupuesto definitivo"])
        for r in summary.rows:
            yield [
                r.source.code if r.source else "", r.source.name if r.source else "Sin fuente asignada", r.projects,
                *(xlsx.Cell(v, MONEY) for v in (r.initial, r.modifications, r.definitive)),
            ]
        yield [
            xlsx.Cell("Total", BOLD), None, summary.projects,
            *(xlsx.Cell(v, BOLD_MONEY) for v in (summary.initial, summary.modifications, summary.definitive)),
        ]

    return [
        xlsx.Sheet(name="POAI", rows=poai_rows(), widths=[34, 16, 48, 20, 18, 22, *(22 for _ in sources)], freeze=(4, 3)),
        xlsx.Sheet(
            name="POAI por fuente", rows=detail_rows(), widths=[34, 16, 48, 12, 30, 20, 18, 22], freeze=(4, 3),
            autofilter_to_end=(3, 0, 7),
        ),
        xlsx.Sheet(name="Resumen por fuente", rows=summary_rows(), widths=[12, 34, 12, 20, 18, 22], freeze=(4, 0)),
    ]

"""The action plan as an Excel workbook: sheets `Proyectos` (financial) and `Productos` (physical)."""
from __future__ import annotations

from collections.abc import Iterator

from budget.exports import BOLD, BOLD_MONEY, MONEY, QTY, TITLE, header
from isvimed_planning import xlsx

from .models import ActionPlan
from .selectors import MONTH_LABELS, PlanSheet, PlanSummary, plan_sheet

# Entries read, computed and written at a time: a whole administration's plan has 20,000.
CHUNK = 500


def _chunks(plan: ActionPlan, summary: PlanSummary) -> Iterator[PlanSheet]:
    ids = summary.entry_ids
    for start in range(0, len(ids), CHUNK):
        yield plan_sheet(plan, summary.at_date, entry_ids=ids[start : start + CHUNK], budgets=summary.budgets)


def plan_workbook(plan: ActionPlan, summary: PlanSummary) -> list[xlsx.Sheet]:
    """Both sheets of the plan, their rows generated a chunk of entries at a time (each sheet
    reads the chunks again: the memory stays that of one chunk whatever the plan); the totals row
    is the plan-wide `summary`'s (selectors.plan_summary)."""
    year = plan.fiscal_year.year

    def project_rows() -> Iterator[list]:
        yield [xlsx.Cell(f"Plan de acción institucional · vigencia {year} · {plan.get_state_display()}", TITLE)]
        yield [f"Metas y presupuesto vigentes al {summary.at_date:%d/%m/%Y}"]
        yield []
        yield header(["BPIN", "Proyecto", "Programa", "Responsable", "Presupuesto definitivo"] + MONTH_LABELS + ["Total programado"])
        for sheet in _chunks(plan, summary):
            for line in sheet.entries:
                project = line.entry.project
                yield [
                    project.bank_code or "", project.name, f"{project.program.code} {project.program.name}",
                    line.entry.responsible.display_name,
                    *(xlsx.Cell(v, MONEY) for v in [line.definitive] + line.months + [line.total]),
                ]
        yield [None, xlsx.Cell("Total", BOLD), None, None,
               *(xlsx.Cell(v, BOLD_MONEY) for v in [summary.definitive] + summary.months + [summary.total])]

    def product_rows() -> Iterator[list]:
        yield header(["BPIN", "Proyecto", "Código", "Producto", "Unidad", "Meta anual vigente"] + MONTH_LABELS + ["Total programado"])
        for sheet in _chunks(plan, summary):
            for line in sheet.entries:
                for p in line.products:
                    yield [
                        line.entry.project.bank_code or "", line.entry.project.name, p.product.code, p.product.name,
                        p.product.unit, *(xlsx.Cell(v, QTY) for v in [p.goal] + p.months + [p.total]),
                    ]

    return [
        xlsx.Sheet(name="Proyectos", rows=project_rows(), widths=[16, 44, 28, 24, 20] + [15] * 12 + [18], freeze=(4, 2)),
        xlsx.Sheet(name="Productos", rows=product_rows(), widths=[16, 36, 10, 40, 14, 16] + [10] * 12 + [16], freeze=(1, 4)),
    ]

"""The action plan as an Excel workbook: sheets `Proyectos` (financial) and `Productos` (physical)."""
from __future__ import annotations

from budget.exports import BOLD, BOLD_MONEY, MONEY, QTY, TITLE, header
from isvimed_planning import xlsx

from .selectors import MONTH_LABELS


def plan_workbook(sheet) -> list[xlsx.Sheet]:
    year = sheet.plan.fiscal_year.year
    rows: list[list] = [
        [xlsx.Cell(f"Plan de acción institucional · vigencia {year} · {sheet.plan.get_state_display()}", TITLE)],
        [f"Metas y presupuesto vigentes al {sheet.at_date:%d/%m/%Y}"],
        [],
        header(["BPIN", "Proyecto", "Programa", "Responsable", "Presupuesto definitivo"] + MONTH_LABELS + ["Total programado"]),
    ]
    for line in sheet.entries:
        project = line.entry.project
        rows.append([
            project.bank_code or "", project.name, f"{project.program.code} {project.program.name}",
            line.entry.responsible.display_name,
            *(xlsx.Cell(v, MONEY) for v in [line.definitive] + line.months + [line.total]),
        ])
    rows.append([None, xlsx.Cell("Total", BOLD), None, None,
                 *(xlsx.Cell(v, BOLD_MONEY) for v in [sheet.definitive] + sheet.months + [sheet.total])])
    projects = xlsx.Sheet(name="Proyectos", rows=rows, widths=[16, 44, 28, 24, 20] + [15] * 12 + [18], freeze=(4, 2))

    rows = [header(["BPIN", "Proyecto", "Código", "Producto", "Unidad", "Meta anual vigente"] + MONTH_LABELS + ["Total programado"])]
    for line in sheet.entries:
        for p in line.products:
            rows.append([
                line.entry.project.bank_code or "", line.entry.project.name, p.product.code, p.product.name,
                p.product.unit, *(xlsx.Cell(v, QTY) for v in [p.goal] + p.months + [p.total]),
            ])
    products = xlsx.Sheet(name="Productos", rows=rows, widths=[16, 36, 10, 40, 14, 16] + [10] * 12 + [16], freeze=(1, 4))
    return [projects, products]

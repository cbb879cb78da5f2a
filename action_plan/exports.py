"""The action plan as an Excel workbook: sheets `Proyectos` (financial) and `Productos` (physical)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from budget.exports import MONEY_FORMAT, QTY_FORMAT, write_header
from isvimed_planning.safe_export import put

from .selectors import MONTH_LABELS


def plan_workbook(sheet) -> Workbook:
    year = sheet.plan.fiscal_year.year
    wb = Workbook()
    ws = wb.active
    ws.title = "Proyectos"
    put(ws, 1, 1, f"Plan de acción institucional · vigencia {year} · {sheet.plan.get_state_display()}")
    ws["A1"].font = Font(bold=True, size=13)
    put(ws, 2, 1, f"Metas y presupuesto vigentes al {sheet.at_date:%d/%m/%Y}")
    headers = ["BPIN", "Proyecto", "Programa", "Responsable", "Presupuesto definitivo"] + MONTH_LABELS + ["Total programado"]
    write_header(ws, 4, headers, [16, 44, 28, 24, 20] + [15] * 12 + [18])
    row = 5
    for line in sheet.entries:
        project = line.entry.project
        put(ws, row, 1, project.bank_code or "")
        put(ws, row, 2, project.name)
        put(ws, row, 3, f"{project.program.code} {project.program.name}")
        put(ws, row, 4, line.entry.responsible.display_name)
        for col, value in enumerate([line.definitive] + line.months + [line.total], start=5):
            put(ws, row, col, value).number_format = MONEY_FORMAT
        row += 1
    put(ws, row, 2, "Total").font = Font(bold=True)
    for col, value in enumerate([sheet.definitive] + sheet.months + [sheet.total], start=5):
        cell = put(ws, row, col, value)
        cell.number_format = MONEY_FORMAT
        cell.font = Font(bold=True)
    ws.freeze_panes = "C5"

    ws2 = wb.create_sheet("Productos")
    headers = ["BPIN", "Proyecto", "Código", "Producto", "Unidad", "Meta anual vigente"] + MONTH_LABELS + ["Total programado"]
    write_header(ws2, 1, headers, [16, 36, 10, 40, 14, 16] + [10] * 12 + [16])
    row = 2
    for line in sheet.entries:
        for p in line.products:
            put(ws2, row, 1, line.entry.project.bank_code or "")
            put(ws2, row, 2, line.entry.project.name)
            put(ws2, row, 3, p.product.code)
            put(ws2, row, 4, p.product.name)
            put(ws2, row, 5, p.product.unit)
            for col, value in enumerate([p.goal] + p.months + [p.total], start=6):
                put(ws2, row, col, value).number_format = QTY_FORMAT
            row += 1
    ws2.freeze_panes = "E2"
    return wb

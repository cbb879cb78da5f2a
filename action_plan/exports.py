"""The action plan as an Excel workbook: sheets `Proyectos` (financial) and `Productos` (physical)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from budget.exports import MONEY_FORMAT, QTY_FORMAT, write_header

from .selectors import MONTH_LABELS


def plan_workbook(sheet) -> Workbook:
    year = sheet.plan.fiscal_year.year
    wb = Workbook()
    ws = wb.active
    ws.title = "Proyectos"
    ws["A1"] = f"Plan de acción institucional · vigencia {year} · {sheet.plan.get_state_display()}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Metas y presupuesto vigentes al {sheet.at_date:%d/%m/%Y}"
    headers = ["BPIN", "Proyecto", "Programa", "Responsable", "Presupuesto definitivo"] + MONTH_LABELS + ["Total programado"]
    write_header(ws, 4, headers, [16, 44, 28, 24, 20] + [15] * 12 + [18])
    row = 5
    for line in sheet.entries:
        project = line.entry.project
        ws.cell(row=row, column=1, value=project.bank_code or "")
        ws.cell(row=row, column=2, value=project.name)
        ws.cell(row=row, column=3, value=f"{project.program.code} {project.program.name}")
        ws.cell(row=row, column=4, value=line.entry.responsible.display_name)
        for col, value in enumerate([line.definitive] + line.months + [line.total], start=5):
            ws.cell(row=row, column=col, value=value).number_format = MONEY_FORMAT
        row += 1
    ws.cell(row=row, column=2, value="Total").font = Font(bold=True)
    for col, value in enumerate([sheet.definitive] + sheet.months + [sheet.total], start=5):
        cell = ws.cell(row=row, column=col, value=value)
        cell.number_format = MONEY_FORMAT
        cell.font = Font(bold=True)
    ws.freeze_panes = "C5"

    ws2 = wb.create_sheet("Productos")
    headers = ["BPIN", "Proyecto", "Código", "Producto", "Unidad", "Meta anual vigente"] + MONTH_LABELS + ["Total programado"]
    write_header(ws2, 1, headers, [16, 36, 10, 40, 14, 16] + [10] * 12 + [16])
    row = 2
    for line in sheet.entries:
        for p in line.products:
            ws2.cell(row=row, column=1, value=line.entry.project.bank_code or "")
            ws2.cell(row=row, column=2, value=line.entry.project.name)
            ws2.cell(row=row, column=3, value=p.product.code)
            ws2.cell(row=row, column=4, value=p.product.name)
            ws2.cell(row=row, column=5, value=p.product.unit)
            for col, value in enumerate([p.goal] + p.months + [p.total], start=6):
                ws2.cell(row=row, column=col, value=value).number_format = QTY_FORMAT
            row += 1
    ws2.freeze_panes = "E2"
    return wb

"""Excel files of step 4.3 (the POAI), written with openpyxl: numeric cells with formats."""
from __future__ import annotations

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from isvimed_planning.safe_export import XLSX, put, set_download_name, workbook_bytes

MONEY_FORMAT = '"$" #,##0'
QTY_FORMAT = "#,##0.##"
HEADER_FILL = PatternFill("solid", fgColor="DDEBE3")


def write_header(ws, row: int, headers: list[str], widths: list[int]) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, row, col, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width


def xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    # Every text cell is written as text, whatever the writer did: names are never formulas.
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX)
    return set_download_name(response, filename)


def poai_workbook(data) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "POAI"
    put(ws, 1, 1, f"Plan Operativo Anual de Inversiones (POAI) · vigencia {data.fiscal_year.year}")
    ws["A1"].font = Font(bold=True, size=13)
    put(ws, 2, 1, f"Presupuesto definitivo con modificaciones hasta el {data.at_date:%d/%m/%Y}")
    headers = ["Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo"]
    write_header(ws, 4, headers, [34, 16, 48, 20, 18, 22])
    row = 5
    for group in data.programs:
        for item in group.projects:
            put(ws, row, 1, f"{group.program.code} {group.program.name}")
            put(ws, row, 2, item.project.bank_code or "")
            put(ws, row, 3, item.project.name)
            for col, value in ((4, item.initial), (5, item.modifications), (6, item.definitive)):
                put(ws, row, col, value).number_format = MONEY_FORMAT
            row += 1
        put(ws, row, 1, f"Total programa {group.program.code}").font = Font(bold=True)
        for col, value in ((4, group.initial), (5, group.modifications), (6, group.definitive)):
            cell = put(ws, row, col, value)
            cell.number_format = MONEY_FORMAT
            cell.font = Font(bold=True)
        row += 1
    put(ws, row, 1, "Total POAI").font = Font(bold=True)
    for col, value in ((4, data.initial), (5, data.modifications), (6, data.definitive)):
        cell = put(ws, row, col, value)
        cell.number_format = MONEY_FORMAT
        cell.font = Font(bold=True)
    ws.freeze_panes = "A5"
    return wb

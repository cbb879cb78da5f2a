"""Excel files of step 4.3 (the POAI), described as sheets for the shared writer: numeric cells with formats."""
from __future__ import annotations

from isvimed_planning import xlsx

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


def poai_workbook(data) -> list[xlsx.Sheet]:
    rows: list[list] = [
        [xlsx.Cell(f"Plan Operativo Anual de Inversiones (POAI) · vigencia {data.fiscal_year.year}", TITLE)],
        [f"Presupuesto definitivo con modificaciones hasta el {data.at_date:%d/%m/%Y}"],
        [],
        header(["Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo"]),
    ]
    for group in data.programs:
        for item in group.projects:
            rows.append([
                f"{group.program.code} {group.program.name}", item.project.bank_code or "", item.project.name,
                *(xlsx.Cell(v, MONEY) for v in (item.initial, item.modifications, item.definitive)),
            ])
        rows.append([
            xlsx.Cell(f"Total programa {group.program.code}", BOLD), None, None,
            *(xlsx.Cell(v, BOLD_MONEY) for v in (group.initial, group.modifications, group.definitive)),
        ])
    rows.append([
        xlsx.Cell("Total POAI", BOLD), None, None,
        *(xlsx.Cell(v, BOLD_MONEY) for v in (data.initial, data.modifications, data.definitive)),
    ])
    return [xlsx.Sheet(name="POAI", rows=rows, widths=[34, 16, 48, 20, 18, 22], freeze=(4, 0))]

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


def source_label(source) -> str:
    return f"{source.code} {source.name}" if source is not None else "Sin fuente asignada"


def poai_workbook(data) -> list[xlsx.Sheet]:
    """The POAI as a Colombian office shows it: per program and project, the budget and its
    definitive amount by funding source (one column per source of the year); then every project's
    money by source, one row per (project, source); then the summary by source."""
    sources = data.sources
    title = [xlsx.Cell(f"Plan Operativo Anual de Inversiones (POAI) · vigencia {data.fiscal_year.year}", TITLE)]
    subtitle = [f"Presupuesto definitivo con modificaciones hasta el {data.at_date:%d/%m/%Y}"]

    def by_source(amounts: dict, style) -> list:
        return [xlsx.Cell(amounts[s], style) if s in amounts else None for s in sources]

    rows: list[list] = [
        title, subtitle, [],
        header([
            "Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
            *(f"Definitivo {source_label(s)}" for s in sources),
        ]),
    ]
    detail: list[list] = [
        title, subtitle, [],
        header([
            "Programa", "BPIN", "Proyecto", "Código fuente", "Fuente de financiación", "Presupuesto inicial",
            "Modificaciones", "Presupuesto definitivo",
        ]),
    ]
    for group in data.programs:
        program = f"{group.program.code} {group.program.name}"
        for item in group.projects:
            rows.append([
                program, item.project.bank_code or "", item.project.name,
                *(xlsx.Cell(v, MONEY) for v in (item.initial, item.modifications, item.definitive)),
                *by_source({s: b.definitive for s, b in item.sources.items()}, MONEY),
            ])
            for source, budget in item.sources.items():
                detail.append([
                    program, item.project.bank_code or "", item.project.name, source.code if source else "",
                    source.name if source else "Sin fuente asignada",
                    *(xlsx.Cell(v, MONEY) for v in (budget.initial, budget.modifications, budget.definitive)),
                ])
        rows.append([
            xlsx.Cell(f"Total programa {group.program.code}", BOLD), None, None,
            *(xlsx.Cell(v, BOLD_MONEY) for v in (group.initial, group.modifications, group.definitive)),
            *by_source({r.source: r.definitive for r in group.by_source.rows}, BOLD_MONEY),
        ])
    rows.append([
        xlsx.Cell("Total POAI", BOLD), None, None,
        *(xlsx.Cell(v, BOLD_MONEY) for v in (data.initial, data.modifications, data.definitive)),
        *by_source({r.source: r.definitive for r in data.by_source.rows}, BOLD_MONEY),
    ])
    summary: list[list] = [
        title, subtitle, [],
        header(["Código", "Fuente de financiación", "Proyectos", "Presupuesto inicial", "Modificaciones",
                "Presupuesto definitivo"]),
    ]
    for r in data.by_source.rows:
        summary.append([
            r.source.code if r.source else "", r.source.name if r.source else "Sin fuente asignada", r.projects,
            *(xlsx.Cell(v, MONEY) for v in (r.initial, r.modifications, r.definitive)),
        ])
    summary.append([
        xlsx.Cell("Total", BOLD), None, data.by_source.projects,
        *(xlsx.Cell(v, BOLD_MONEY) for v in (data.initial, data.modifications, data.definitive)),
    ])
    return [
        xlsx.Sheet(name="POAI", rows=rows, widths=[34, 16, 48, 20, 18, 22, *(22 for _ in sources)], freeze=(4, 3)),
        xlsx.Sheet(
            name="POAI por fuente", rows=detail, widths=[34, 16, 48, 12, 30, 20, 18, 22], freeze=(4, 3),
            autofilter=(3, 0, max(len(detail) - 1, 3), 7),
        ),
        xlsx.Sheet(name="Resumen por fuente", rows=summary, widths=[12, 34, 12, 20, 18, 22], freeze=(4, 0)),
    ]

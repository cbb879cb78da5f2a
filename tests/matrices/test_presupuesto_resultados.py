"""Presupuesto por Resultados: every cell of both sheets."""
from tests.matrices.builders import assert_layout

M, N, Q, P = '"$ "#,##0', "#,##0", "#,##0.##", "0.00%"  # money, counts, quantities, ratios
PROGRAM_HEADERS = [
    "Código línea", "Línea", "Código programa", "Programa", "Proyectos", "Presupuesto definitivo", "Comprometido",
    "Pagado", "% ejecución presupuestal", "Cumplimiento físico", "Índice de eficiencia",
    "Código programa presupuestal",
]
PROGRAM_FORMATS = [None] * 4 + [N, M, M, M, P, P, "0.00", None]
RESULT_HEADERS = [
    "Código programa", "Programa", "Código indicador", "Indicador", "Unidad de medida", "Línea base", "Meta vigencia",
    "Avance vigencia", "% cumplimiento vigencia", "Presupuesto definitivo del programa",
]
RESULT_FORMATS = [None] * 5 + [Q, Q, Q, P, M]


def test_presupuesto_por_resultados_programs_sheet(data, workbook):
    wb = workbook("presupuesto-resultados")
    assert wb.sheetnames == ["Programas", "Resultados"]
    execution = 500 / 2050
    physical = (0.7 * 60 + 0.6 * 40) / 100  # weighted by ponderación over the product indicators
    rows = [
        ["4", "Línea 4", "4.2.9", "Vivienda nueva", 2, 2050000000, 500000000, 150000000, execution, physical,
         physical / execution, "4001"],
        # its only product indicator has a zero goal: no physical fulfilment, no index.
        ["4", "Línea 4", "4.2.10", "Reducción del déficit", 1, 700000000, 350000000, 175000000, 0.5, None, None, None],
        # no projects, no indicators: everything undefined is empty.
        ["4", "Línea 4", "4.3.1", "Mejoramiento de vivienda", 0, 0, 0, 0, None, None, None, None],
    ]
    assert_layout(wb["Programas"], title="Presupuesto por Resultados", headers=PROGRAM_HEADERS,
                  formats=PROGRAM_FORMATS, rows=rows)


def test_presupuesto_por_resultados_results_sheet(data, workbook):
    wb = workbook("presupuesto-resultados")
    rows = [
        # 4.2.9.3 is a result indicator without a 2025 target: no row.
        ["4.2.10", "Reducción del déficit", "4.2.10.1", "Déficit cuantitativo de vivienda", "%", 20, 16, 17.5, 0.625,
         700000000],
    ]
    assert_layout(wb["Resultados"], title="Presupuesto por Resultados", headers=RESULT_HEADERS,
                  formats=RESULT_FORMATS, rows=rows)

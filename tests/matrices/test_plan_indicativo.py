"""Plan Indicativo: every cell of the hand-made data set (year 2025, cutoff 30/06/2025)."""
from tests.matrices.builders import ORG, assert_layout

HEADERS = [
    "Código línea", "Línea", "Código componente", "Componente", "Código programa", "Programa", "Código indicador",
    "Indicador", "Tipo", "Unidad de medida", "Sentido", "Acumulación", "Línea base", "Año línea base",
    "Meta cuatrienio", "Meta vigencia", "Avance vigencia", "% cumplimiento vigencia", "Avance cuatrienio",
    "% cumplimiento cuatrienio", "Ponderación", "Semáforo", "Dependencia responsable",
    "Código programa presupuestal", "Código indicador MGA",
]
Q, P = "#,##0.##", "0.00%"
FORMATS = [None] * 12 + [Q, "0", Q, Q, Q, P, Q, P, Q, None, None, None, None]
HEAD_929 = ["4", "Línea 4", "4.2", "Componente 4.2", "4.2.9", "Vivienda nueva"]
HEAD_4210 = ["4", "Línea 4", "4.2", "Componente 4.2", "4.2.10", "Reducción del déficit"]


def test_plan_indicativo_has_every_indicator_with_its_progress_and_fulfilment(data, workbook):
    wb = workbook("plan-indicativo")
    assert wb.sheetnames == ["Plan Indicativo"]
    rows = [
        # cumulative: Jan 10 + Mar 18 (April not approved, July after the cutoff) = 28 of 40 → 70 %;
        # period adds December 2024's 5 → 33 of 100.
        HEAD_929 + ["4.2.9.1", "Viviendas nuevas entregadas", "Producto", "Viviendas", "Incremento", "Acumulativo",
                    0, 2023, 100, 40, 28, 0.7, 33, 0.33, 60, "Satisfactorio", ORG, "4001", "400100100"],
        # non-cumulative: the latest month with a value (March, 18), not the sum; 18 / 30 = 60 %.
        HEAD_929 + ["4.2.9.2", "Hogares con vivienda habitada", "Producto", "Viviendas", "Incremento", "No acumulativo",
                    10, 2023, 50, 30, 18, 0.6, 18, 0.36, 40, "Medio", ORG, "4001", None],
        # no target for the year: empty goal and fulfilment; cumulative progress with no value is 0.
        HEAD_929 + ["4.2.9.3", "Hogares reasentados", "Resultado", "Hogares", "Mantenimiento", "Acumulativo",
                    5, 2023, 5, None, 0, None, 0, 0, 0, "Sin dato", ORG, "4001", None],
        # reduction, non-cumulative: May's 17.5 (August is after the cutoff):
        # (20 − 17.5) / (20 − 16) = 62.5 %; period (20 − 17.5) / (20 − 12) = 31.25 %.
        HEAD_4210 + ["4.2.10.1", "Déficit cuantitativo de vivienda", "Resultado", "%", "Reducción", "No acumulativo",
                     20, 2023, 12, 16, 17.5, 0.625, 17.5, 0.3125, 0, "Medio", ORG, None, None],
        # a zero goal: fulfilment empty, never an error; rating Sin dato.
        HEAD_4210 + ["4.2.10.2", "Subsidios de arrendamiento asignados", "Producto", "Subsidios", "Incremento",
                     "Acumulativo", 0, 2023, 10, 0, 2, None, 2, 0.2, 100, "Sin dato", ORG, None, None],
    ]
    assert_layout(wb["Plan Indicativo"], title="Plan Indicativo", headers=HEADERS, formats=FORMATS, rows=rows)

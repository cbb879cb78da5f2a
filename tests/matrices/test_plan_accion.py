"""Plan de Acción: every cell of both sheets of the hand-made data set."""
from tests.matrices.builders import ORG, assert_layout

M, Q, P = '"$ "#,##0', "#,##0.##", "0.00%"
PROJECT_HEADERS = [
    "Código línea", "Código programa", "Programa", "Código BPIN", "Proyecto", "Dependencia responsable",
    "Responsable", "Tipo de recurso", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
    "Comprometido", "Obligado", "Pagado", "% ejecución presupuestal", "% pagos", "% avance físico", "Semáforo",
    "Programado financiero a la fecha de corte", "% cumplimiento programación financiera", "% avance físico esperado",
    "Brecha física",
]
PROJECT_FORMATS = [None] * 8 + [M] * 6 + [P] * 3 + [None] + [M, P, P, P]
PRODUCT_HEADERS = [
    "Código BPIN", "Proyecto", "Código producto", "Producto", "Código indicador", "Unidad de medida",
    "Meta física vigencia", "Avance físico", "% avance físico", "Código producto MGA", "Programado a la fecha de corte",
    "% avance frente a lo programado",
]
PRODUCT_FORMATS = [None] * 6 + [Q, Q, P, None, Q, P]
# No action plan in the data set: the programmed-to-date columns are empty (see test_plan_accion_programming).
NO_PLAN = [None] * 4
SOURCE_HEADERS = [
    "Código BPIN", "Proyecto", "Código fuente", "Fuente", "Presupuesto inicial", "Modificaciones",
    "Presupuesto definitivo", "Comprometido", "Obligado", "Pagado", "% ejecución presupuestal",
]
SOURCE_FORMATS = [None] * 4 + [M] * 6 + [P]


def test_plan_de_accion_projects_sheet(data, workbook):
    wb = workbook("plan-accion")
    assert wb.sheetnames == ["Proyectos", "Productos", "Fuentes"]
    rows = [
        # 4.2.9 before 4.2.10; inside 4.2.9, BPIN 2025009 before 20250010 (natural order).
        # No report, no product: zero execution, physical progress empty.
        ["4", "4.2.9", "Vivienda nueva", "2025009", "Proyecto C", ORG, "sinnombre", "Ordinario",
         400000000, 0, 400000000, 0, 0, 0, 0, 0, None, "Sin dato", *NO_PLAN],
        # +200 M addition, −50 M counter-credit on the cutoff, the July addition does not count;
        # committed Jan 300 M + Mar 200 M (April submitted, July after the cutoff);
        # physical: mean(min(28/35, 1), min(18/25, 1)) = 76 % (P2 is non-cumulative, see below).
        ["4", "4.2.9", "Vivienda nueva", "20250010", "Proyecto A", ORG, "Luis Líder", "Ordinario",
         1500000000, 150000000, 1650000000, 500000000, 250000000, 150000000, 500 / 1650, 150 / 1650, 0.76,
         "Satisfactorio", *NO_PLAN],
        # participatory; its only product has a zero goal: physical progress empty.
        ["4", "4.2.10", "Reducción del déficit", "2025011", "Proyecto B", ORG, "Lina Lozano",
         "Presupuesto participativo", 800000000, -100000000, 700000000, 350000000, 350000000, 175000000, 0.5, 0.25,
         None, "Sin dato", *NO_PLAN],
    ]
    assert_layout(wb["Proyectos"], title="Plan de Acción", headers=PROJECT_HEADERS, formats=PROJECT_FORMATS, rows=rows)


def test_plan_de_accion_products_sheet(data, workbook):
    wb = workbook("plan-accion")
    rows = [
        # zero goal: % empty.
        ["2025011", "Proyecto B", "P3", "Subsidios asignados", "4.2.10.2", "Subsidios", 0, 2, None, None, None, None],
        # goal in force: May's approved reprogramming (35), not the original 40, not August's 20.
        ["20250010", "Proyecto A", "P1", "Viviendas entregadas", "4.2.9.1", "Viviendas", 35, 28, 0.8, "4001001", None, None],
        # its indicator 4.2.9.2 is non-cumulative: the quantity of the latest counted month that
        # has one (March's 18), not the sum of January's 12 and March's 18, as the indicator's own
        # avance in the Plan Indicativo.
        ["20250010", "Proyecto A", "P2", "Hogares acompañados", "4.2.9.2", "Viviendas", 25, 18, 0.72, None, None, None],
    ]
    assert_layout(wb["Productos"], title="Plan de Acción", headers=PRODUCT_HEADERS, formats=PRODUCT_FORMATS, rows=rows)


def test_plan_de_accion_sources_sheet(data, workbook):
    wb = workbook("plan-accion")
    rows = [
        # BPIN in natural order: 2025009, 2025011, 20250010.
        ["2025009", "Proyecto C", "01", "Recursos propios", 400000000, 0, 400000000, 0, 0, 0, 0],
        # one source: the modification without a source and the report without a split are its own.
        ["2025011", "Proyecto B", "01", "Recursos propios", 800000000, -100000000, 700000000, 350000000, 350000000,
         175000000, 0.5],
        # two sources, but its modifications carry no source and its reports no split (data from
        # before sources existed): that money is unassigned, on a row without a code, so that the
        # rows still add up to the project's Proyectos row.
        ["20250010", "Proyecto A", "01", "Recursos propios", 1000000000, 0, 1000000000, 0, 0, 0, 0],
        ["20250010", "Proyecto A", "02", "SGP", 500000000, 0, 500000000, 0, 0, 0, 0],
        ["20250010", "Proyecto A", None, "Sin fuente asignada", 0, 150000000, 150000000, 500000000, 250000000,
         150000000, 500 / 150],
    ]
    assert_layout(wb["Fuentes"], title="Plan de Acción", headers=SOURCE_HEADERS, formats=SOURCE_FORMATS, rows=rows)

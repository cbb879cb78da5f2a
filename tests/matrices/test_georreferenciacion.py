"""Georreferenciación: every cell of both sheets, city-wide investment included."""
from tests.matrices.builders import assert_layout

M, N, P = '"$ "#,##0', "#,##0", "0.00%"  # money, counts, ratios
PAIR_HEADERS = [
    "Vigencia", "Código BPIN", "Proyecto", "Código programa", "Tipo de recurso", "Código territorio", "Territorio",
    "Tipo de territorio", "Inversión comprometida", "Beneficiarios",
]
PAIR_FORMATS = ["0", None, None, None, None, "0", None, None, M, N]
SUMMARY_HEADERS = [
    "Código territorio", "Territorio", "Tipo de territorio", "Proyectos", "Inversión comprometida", "Beneficiarios",
    "% de la inversión",
]
SUMMARY_FORMATS = ["0", None, None, N, M, N, P]
TERRITORIES = [
    (0, "Ciudad (sin georreferenciar)", "Ciudad"), (1, "Popular", "Comuna"), (2, "Santa Cruz", "Comuna"),
    (3, "Manrique", "Comuna"), (4, "Aranjuez", "Comuna"), (5, "Castilla", "Comuna"), (6, "Doce de Octubre", "Comuna"),
    (7, "Robledo", "Comuna"), (8, "Villa Hermosa", "Comuna"), (9, "Buenos Aires", "Comuna"),
    (10, "La Candelaria", "Comuna"), (11, "Laureles-Estadio", "Comuna"), (12, "La América", "Comuna"),
    (13, "San Javier", "Comuna"), (14, "El Poblado", "Comuna"), (15, "Guayabal", "Comuna"), (16, "Belén", "Comuna"),
    (50, "San Sebastián de Palmitas", "Corregimiento"), (60, "San Cristóbal", "Corregimiento"),
    (70, "Altavista", "Corregimiento"), (80, "San Antonio de Prado", "Corregimiento"),
    (90, "Santa Elena", "Corregimiento"),
]


def test_georreferenciacion_pairs_sheet(data, workbook):
    wb = workbook("georreferenciacion")
    assert wb.sheetnames == ["Georreferenciación", "Resumen por territorio"]
    rows = [
        # BPIN 2025011 before 20250010 (natural order); then territory code as a number (0, 3, 60).
        [2025, "2025011", "Proyecto B", "4.2.10", "Presupuesto participativo", 8, "Villa Hermosa", "Comuna",
         350000000, 70],
        [2025, "20250010", "Proyecto A", "4.2.9", "Ordinario", 0, "Ciudad (sin georreferenciar)", "Ciudad",
         100000000, 0],
        [2025, "20250010", "Proyecto A", "4.2.9", "Ordinario", 3, "Manrique", "Comuna", 350000000, 70],
        [2025, "20250010", "Proyecto A", "4.2.9", "Ordinario", 60, "San Cristóbal", "Corregimiento", 50000000, 10],
        # El Poblado (14) only has a submitted report and a July one: no row.
    ]
    assert_layout(wb["Georreferenciación"], title="Georreferenciación", headers=PAIR_HEADERS, formats=PAIR_FORMATS,
                  rows=rows)


def test_georreferenciacion_summary_has_all_22_territories_with_zeros(data, workbook):
    wb = workbook("georreferenciacion")
    totals = {0: (1, 100000000, 0), 3: (1, 350000000, 70), 8: (1, 350000000, 70), 60: (1, 50000000, 10)}
    rows = []
    for code, name, kind in TERRITORIES:
        projects, committed, beneficiaries = totals.get(code, (0, 0, 0))
        share = committed / 850000000
        rows.append([code, name, kind, projects, committed, beneficiaries, share if committed else 0])
    assert len(rows) == 22
    assert_layout(wb["Resumen por territorio"], title="Georreferenciación", headers=SUMMARY_HEADERS,
                  formats=SUMMARY_FORMATS, rows=rows)


def test_summary_share_is_empty_when_nothing_was_committed(db, workbook):
    wb = workbook("georreferenciacion")
    ws = wb["Resumen por territorio"]
    assert ws.max_row == 5 + 22
    assert [c.value for c in ws[6]] == [0, "Ciudad (sin georreferenciar)", "Ciudad", 0, 0, 0, None]
    assert ws["G6"].number_format == "0.00%"
    assert [c.value for c in wb["Georreferenciación"][6]] == [None] * 10

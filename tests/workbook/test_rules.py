"""One test per rule of WORKBOOK.md: a workbook breaking it gives the exact error line on
stderr, exit status 1, and the database does not change."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.workbook.builders import BPIN, base_data, db_state, refused, run_import, write

pytestmark = pytest.mark.django_db


def test_valid_workbook_imports(tmp_path):
    code, out, err = run_import(base_data(), tmp_path)
    assert code == 0, err
    assert "proyectos: 2 creadas, 0 actualizadas, 0 sin cambios" in out


def test_missing_required_value(tmp_path):
    data = base_data()
    data["proyectos"][0][1] = None
    refused(data, tmp_path, "proyectos:2:nombre: falta el valor (es obligatorio)")


def test_missing_required_column(tmp_path):
    data = base_data()
    data["metas_anuales"] = [row[:2] for row in data["metas_anuales"]]
    path = tmp_path / "libro.xlsx"
    write(data, path, headers={"metas_anuales": ["codigo_indicador", "anio"]})
    before = db_state()
    code, out, err = run_import(path, tmp_path)
    assert code == 1
    assert "metas_anuales:1:meta: falta la columna obligatoria" in err
    assert db_state() == before


def test_number_of_wrong_type(tmp_path):
    data = base_data()
    data["metas_anuales"][0][2] = "cien"
    refused(data, tmp_path, "metas_anuales:2:meta: «cien» no es un número")


def test_number_with_thousands_separators_is_an_error(tmp_path):
    data = base_data()
    data["vigencias"][0][1] = "1.000.000.000"
    refused(
        data, tmp_path,
        "vigencias:2:tope_global: «1.000.000.000» no es un número válido: escríbalo sin separadores de miles "
        "(por ejemplo 1234567,5)",
    )


def test_year_that_is_not_a_whole_number(tmp_path):
    data = base_data()
    data["metas_anuales"][1][1] = 2025.5
    refused(data, tmp_path, "metas_anuales:3:anio: «2025.5» no es un número entero")


def test_date_of_wrong_type(tmp_path):
    data = base_data()
    data["proyectos"][0][7] = "15/01/2024"
    refused(
        data, tmp_path,
        "proyectos:2:fecha_inicio: «15/01/2024» no es una fecha: use una celda de fecha o el texto AAAA-MM-DD",
    )


def test_unknown_enumeration_value(tmp_path):
    data = base_data()
    data["indicadores"][0][2] = "Producto"
    data["indicadores"][1][6] = "acumulado"
    data["proyectos"][0][5] = "mixto"
    data["modificaciones"][0][3] = "credito"
    refused(
        data, tmp_path,
        "indicadores:2:tipo: valor desconocido «Producto»; se espera uno de: resultado, producto",
        "indicadores:3:acumulacion: valor desconocido «acumulado»; se espera uno de: acumulativo, no_acumulativo",
        "proyectos:2:tipo_recurso: valor desconocido «mixto»; se espera uno de: ordinario, participativo",
        "modificaciones:2:tipo: valor desconocido «credito»; se espera uno de: adicion, reduccion, "
        "traslado_credito, traslado_contracredito",
    )


def test_code_that_refers_to_nothing(tmp_path):
    data = base_data()
    data["productos"][0][3] = "9.9.9"
    data["proyectos"][1][3] = "XYZ"
    data["asignaciones"][0][1] = "999"
    refused(
        data, tmp_path,
        "proyectos:3:codigo_dependencia: la dependencia «XYZ» no existe (ni en el libro ni en la base de datos)",
        "productos:2:codigo_indicador: el indicador «9.9.9» no existe (ni en el libro ni en la base de datos)",
        "asignaciones:2:bpin: el proyecto «999» no existe (ni en el libro ni en la base de datos)",
    )


def test_key_repeated_inside_a_sheet(tmp_path):
    data = base_data()
    data["metas_anuales"].append(["4.3.1.1", 2024, 120])
    data["ejecucion_financiera"].append([BPIN, 2024, 1, 0, 0, 0])
    refused(
        data, tmp_path,
        "metas_anuales:4:codigo_indicador: clave repetida (codigo_indicador, anio): ya aparece en la fila 2",
        "ejecucion_financiera:4:bpin: clave repetida (bpin, anio, mes): ya aparece en la fila 2",
    )


def test_negative_amount_or_quantity(tmp_path):
    data = base_data()
    data["asignaciones"][0][3] = -5
    data["avance_fisico"][0][4] = "-1,5"
    refused(
        data, tmp_path,
        "asignaciones:2:valor: no puede ser negativo (-5)",
        "avance_fisico:2:cantidad: no puede ser negativo (-1,5)",
    )


def test_month_outside_1_to_12(tmp_path):
    data = base_data()
    data["ejecucion_financiera"][1][2] = 13
    data["mediciones_resultado"][0][2] = 0
    refused(
        data, tmp_path,
        "ejecucion_financiera:3:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
        "mediciones_resultado:2:mes: el mes debe estar entre 1 y 12 (se leyó 0)",
    )


def test_year_outside_the_plan_period(tmp_path):
    data = base_data()
    data["vigencias"].append([2030, 5])
    data["metas_producto"][0][2] = 2023
    refused(
        data, tmp_path,
        "metas_producto:2:anio: el año 2023 está fuera del periodo del plan (2024–2027)",
        "vigencias:3:anio: el año 2030 está fuera del periodo del plan (2024–2027)",
    )


def test_participatory_project_without_territory(tmp_path):
    data = base_data()
    data["proyectos"][1][6] = None
    refused(data, tmp_path, "proyectos:3:codigo_territorio: un proyecto participativo requiere codigo_territorio")


def test_participatory_project_in_the_city_code_0(tmp_path):
    data = base_data()
    data["proyectos"][1][6] = 0
    refused(data, tmp_path, "proyectos:3:codigo_territorio: debe ser una comuna o un corregimiento, no 0 (Ciudad)")


def test_ordinary_project_with_territory(tmp_path):
    data = base_data()
    data["proyectos"][0][6] = 13
    refused(data, tmp_path, "proyectos:2:codigo_territorio: un proyecto ordinario no lleva codigo_territorio")


def test_allocations_above_the_global_ceiling(tmp_path):
    data = base_data()
    data["asignaciones"].append([2024, BPIN, "04", 200000000])
    refused(
        data, tmp_path,
        "asignaciones:4:valor: las asignaciones de la vigencia 2024 suman $ 1.100.000.000 con esta fila, por encima "
        "del tope global de $ 1.000.000.000",
    )


def test_lowering_the_ceiling_below_allocations_already_in_the_database(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    refused(
        {"vigencias": [[2024, 800000000]]}, tmp_path,
        "vigencias:2:tope_global: las asignaciones de la vigencia 2024 suman $ 900.000.000, por encima de este tope "
        "global de $ 800.000.000",
    )


def test_territorial_committed_not_adding_up_to_financial_committed(tmp_path):
    data = base_data()
    data["distribucion_territorial"][1][4] = 30000000
    refused(
        data, tmp_path,
        "distribucion_territorial:2:comprometido: el comprometido por territorio de 2024050010001 2024-01 suma "
        "$ 90.000.000 y no coincide con el comprometido de ejecucion_financiera ($ 100.000.000)",
    )


def test_running_paid_above_obligated(tmp_path):
    data = base_data()
    data["ejecucion_financiera"][0][5] = 50000001  # month 1: paid 50.000.001 > obligated 50.000.000
    refused(
        data, tmp_path,
        "ejecucion_financiera:2:pagado: el pagado acumulado de 2024050010001 en 2024 hasta el mes 1 ($ 50.000.001) "
        "supera el obligado acumulado ($ 50.000.000)",
    )


def test_running_obligated_above_committed(tmp_path):
    data = base_data()
    data["ejecucion_financiera"][1][4] = 100000001  # obligated 50 + 100.000001 > committed 150
    refused(
        data, tmp_path,
        "ejecucion_financiera:3:obligado: el obligado acumulado de 2024050010001 en 2024 hasta el mes 2 "
        "($ 150.000.001) supera el comprometido acumulado ($ 150.000.000)",
    )


def test_running_totals_include_months_already_in_the_database(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    # Month 2 alone is fine, but with month 1 in the database the paid total passes the obligated one.
    refused(
        {"ejecucion_financiera": [[BPIN, 2024, 2, 50000000, 60000000, 90000001]]}, tmp_path,
        "ejecucion_financiera:2:pagado: el pagado acumulado de 2024050010001 en 2024 hasta el mes 2 ($ 110.000.001) "
        "supera el obligado acumulado ($ 110.000.000)",
    )


def test_plan_has_exactly_one_row_and_four_years(tmp_path):
    data = base_data()
    data["plan"] = [[2024, "Plan", 2028, None], [2028, "Otro", 2031, None]]
    refused(
        data, tmp_path,
        "plan:2:anio_fin: debe ser anio_inicio + 3 (2027)",
        "plan:3:anio_inicio: la hoja plan debe tener exactamente una fila (tiene 2)",
    )


def test_structure_levels_and_parents(tmp_path):
    data = base_data()
    data["estructura"] += [
        ["5", "linea", "Otra línea", "4"],
        ["4.4", "componente", "Sin padre", None],
        ["4.3.2", "programa", "Padre equivocado", "4"],
        ["4.3.3", "programa", "Padre inexistente", "4.9"],
    ]
    refused(
        data, tmp_path,
        "estructura:5:codigo_padre: una línea no lleva codigo_padre",
        "estructura:6:codigo_padre: falta el valor (es obligatorio para un componente)",
        "estructura:7:codigo_padre: el padre de un programa debe ser un componente; «4» es una línea",
        "estructura:8:codigo_padre: el código padre «4.9» no existe (ni en el libro ni en la base de datos)",
    )


def test_product_needs_a_product_indicator(tmp_path):
    data = base_data()
    data["productos"][0][3] = "4.3.1.2"
    refused(
        data, tmp_path,
        "productos:2:codigo_indicador: el indicador 4.3.1.2 es de resultado; un producto requiere un indicador de producto",
    )


def test_measurements_are_of_result_indicators(tmp_path):
    data = base_data()
    data["mediciones_resultado"][0][0] = "4.3.1.1"
    refused(
        data, tmp_path,
        "mediciones_resultado:2:codigo_indicador: el indicador 4.3.1.1 es de producto; las mediciones son de "
        "indicadores de resultado",
    )


def test_reduce_indicator_target_must_be_below_baseline(tmp_path):
    data = base_data()
    data["indicadores"][1][9] = 30
    refused(
        data, tmp_path,
        "indicadores:3:meta_cuatrienio: con sentido «reduccion» la meta del cuatrienio debe ser menor que la línea base",
    )


def test_project_end_before_start(tmp_path):
    data = base_data()
    data["proyectos"][0][8] = dt.date(2023, 1, 1)
    refused(data, tmp_path, "proyectos:2:fecha_fin: la fecha de fin es anterior a la fecha de inicio")


def test_modification_value_must_be_positive(tmp_path):
    data = base_data()
    data["modificaciones"][0][4] = 0
    refused(data, tmp_path, "modificaciones:2:valor: debe ser mayor que cero (el tipo da el signo)")


def test_rows_without_a_plan_are_refused(tmp_path):
    data = {"metas_anuales": [["4.3.1.1", 2024, 1]]}
    refused(data, tmp_path, "metas_anuales:2:anio: no hay plan de desarrollo: incluya la hoja plan en el libro")


def test_every_error_is_reported_at_once_in_sheet_and_row_order(tmp_path):
    data = base_data()
    data["proyectos"][0][1] = None
    data["metas_anuales"][0][2] = "x"
    data["ejecucion_financiera"][1][2] = 13
    data["dependencias"][1][1] = None
    err = refused(data, tmp_path)
    assert err[:4] == [
        "dependencias:3:nombre: falta el valor (es obligatorio)",
        "metas_anuales:2:meta: «x» no es un número",
        "proyectos:2:nombre: falta el valor (es obligatorio)",
        "ejecucion_financiera:3:mes: el mes debe estar entre 1 y 12 (se leyó 13)",
    ]
    # The invalid month 13 leaves month 2 without its financial row, so its territorial rows no longer add up.
    assert err[4] == (
        "distribucion_territorial:4:comprometido: el comprometido por territorio de 2024050010001 2024-02 suma "
        "$ 50.000.000 y no coincide con el comprometido de ejecucion_financiera ($ 0)"
    )
    assert err[-1] == "5 errores: no se importó nada."


def test_not_an_xlsx_file_is_a_clear_error(tmp_path):
    path = tmp_path / "libro.xlsx"
    path.write_text("codigo;nombre\nSUB;Subdirección\n")
    before = db_state()
    code, out, err = run_import(path, tmp_path)
    assert code == 1
    assert err[0] == (
        "libro:-:-: el archivo no es un libro de Excel .xlsx válido (¿es otro tipo de archivo renombrado como .xlsx?)"
    )
    assert db_state() == before


def test_lead_username_must_be_a_valid_username(tmp_path):
    data = base_data()
    data["proyectos"][0][4] = "Luis Pérez"
    refused(
        data, tmp_path,
        "proyectos:2:responsable: «Luis Pérez» no es un nombre de usuario válido (solo letras, números y @ . + - _)",
    )

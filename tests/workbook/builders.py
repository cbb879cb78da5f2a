"""Workbooks for the import tests, built with openpyxl (a fresh clone has no ../shared)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl

HEADERS = {
    "plan": ["anio_inicio", "nombre", "anio_fin", "acuerdo"],
    "dependencias": ["codigo", "nombre"],
    "estructura": ["codigo", "nivel", "nombre", "codigo_padre", "codigo_programa_presupuestal"],
    "indicadores": [
        "codigo", "nombre", "tipo", "codigo_programa", "unidad", "sentido", "acumulacion", "linea_base",
        "anio_linea_base", "meta_cuatrienio", "ponderacion", "codigo_dependencia", "codigo_indicador_mga",
    ],
    "metas_anuales": ["codigo_indicador", "anio", "meta"],
    "proyectos": [
        "bpin", "nombre", "codigo_programa", "codigo_dependencia", "responsable", "tipo_recurso", "codigo_territorio",
        "fecha_inicio", "fecha_fin",
    ],
    "productos": ["bpin", "codigo_producto", "nombre", "codigo_indicador", "unidad", "codigo_producto_mga"],
    "metas_producto": ["bpin", "codigo_producto", "anio", "meta"],
    "reprogramaciones": ["bpin", "codigo_producto", "anio", "fecha", "nueva_meta", "justificacion"],
    "vigencias": ["anio", "tope_global"],
    "fuentes": ["codigo", "nombre"],
    "asignaciones": ["anio", "bpin", "fuente", "valor"],
    "modificaciones": ["anio", "bpin", "fecha", "tipo", "valor", "fuente"],
    "programacion_financiera": ["bpin", "anio", "mes", "valor"],
    "programacion_fisica": ["bpin", "anio", "mes", "codigo_producto", "cantidad"],
    "avance_fisico": ["bpin", "anio", "mes", "codigo_producto", "cantidad"],
    "ejecucion_financiera": [
        "bpin", "anio", "mes", "comprometido", "obligado", "pagado", "logros", "dificultades", "acciones_mejora",
    ],
    "ejecucion_fuente": ["bpin", "anio", "mes", "fuente", "comprometido", "obligado", "pagado"],
    "distribucion_territorial": ["bpin", "anio", "mes", "codigo_territorio", "comprometido", "beneficiarios"],
    "mediciones_resultado": ["codigo_indicador", "anio", "mes", "valor"],
}

BPIN = "2024050010001"
BPIN_PP = "2024050010002"


def base_data() -> dict[str, list[list]]:
    """A small valid workbook: every sheet, one or a few rows, rows as lists in HEADERS order."""
    d = dt.date
    return {
        "plan": [[2024, "Medellín Te Quiere", 2027, "Acuerdo 01 de 2024"]],
        "dependencias": [["SUB", "Subdirección de Dotación de Vivienda"], ["PLA", "Subdirección de Planeación"]],
        "estructura": [
            ["4", "linea", "Infraestructura para el desarrollo", None],
            ["4.3", "componente", "Vivienda y hábitat", "4"],
            ["4.3.1", "programa", "Vivienda nueva", "4.3"],
        ],
        "indicadores": [
            ["4.3.1.1", "Viviendas nuevas entregadas", "producto", "4.3.1", "Número", "incremento", "acumulativo",
             100, 2023, 500, 60, "SUB"],
            ["4.3.1.2", "Déficit cuantitativo (%)", "resultado", "4.3.1", "Porcentaje", "reduccion", "no_acumulativo",
             23.7, 2023, 20.4, 40, "PLA"],
        ],
        "metas_anuales": [["4.3.1.1", 2024, 100], ["4.3.1.1", 2025, 150]],
        "proyectos": [
            [BPIN, "Viviendas nuevas", "4.3.1", "SUB", "resp01", "ordinario", None, d(2024, 1, 15), d(2027, 12, 31)],
            [BPIN_PP, "Viviendas PP comuna 6", "4.3.1", "SUB", "resp02", "participativo", 6, d(2024, 1, 15),
             d(2027, 12, 31)],
        ],
        "productos": [
            [BPIN, "P1", "Viviendas entregadas", "4.3.1.1", "Número"],
            [BPIN_PP, "P1", "Viviendas PP", "4.3.1.1", "Número"],
        ],
        "metas_producto": [[BPIN, "P1", 2024, 40], [BPIN_PP, "P1", 2024, 10]],
        "reprogramaciones": [[BPIN, "P1", 2024, d(2024, 6, 1), 45, "Ajuste por costo unitario"]],
        "vigencias": [[2024, 1000000000]],
        "fuentes": [["01", "Recursos propios"], ["03", "Presupuesto participativo"], ["04", "Recursos del crédito"]],
        "asignaciones": [[2024, BPIN, "01", 600000000], [2024, BPIN_PP, "03", 300000000]],
        "modificaciones": [[2024, BPIN, d(2024, 8, 11), "adicion", 50000000]],
        "avance_fisico": [[BPIN, 2024, 1, "P1", 5], [BPIN, 2024, 2, "P1", 7.5]],
        "ejecucion_financiera": [
            [BPIN, 2024, 1, 100000000, 50000000, 20000000],
            [BPIN, 2024, 2, 50000000, 60000000, 40000000],
        ],
        "distribucion_territorial": [
            [BPIN, 2024, 1, 13, 60000000, 50],
            [BPIN, 2024, 1, 0, 40000000, 0],
            [BPIN, 2024, 2, 13, 50000000, 20],
        ],
        "mediciones_resultado": [["4.3.1.2", 2024, 6, 22.5]],
    }


def write(data: dict[str, list[list]], path: Path | None = None, *, headers: dict[str, list[str]] | None = None):
    """Write `data` ({sheet: rows}) with the header row of each sheet; returns the path or BytesIO."""
    book = openpyxl.Workbook(write_only=True)
    for name, rows in data.items():
        ws = book.create_sheet(name)
        ws.append((headers or {}).get(name) or HEADERS.get(name) or [])
        for row in rows:
            ws.append(list(row))
    target = path if path is not None else io.BytesIO()
    book.save(target)
    if path is None:
        target.seek(0)
        target.name = "libro.xlsx"
    return target


def big_data(projects: int = 250, products: int = 3, territories: int = 4, years=(2024, 2025, 2026, 2027)) -> dict:
    """Many monthly rows: projects × years × 12 × (1 financial + `products` physical + `territories` territorial)."""
    data = base_data()
    for sheet in ("metas_anuales", "proyectos", "productos", "metas_producto", "reprogramaciones", "asignaciones",
                  "modificaciones", "avance_fisico", "ejecucion_financiera", "distribucion_territorial"):
        data[sheet] = []
    codes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 50, 60, 70, 80, 90]
    for p in range(projects):
        bpin = f"202405001{p:04d}"  # a BPIN: year, DANE code 05001, consecutive
        data["proyectos"].append(
            [bpin, f"Proyecto {p}", "4.3.1", "SUB", f"resp{p % 20:02d}", "ordinario", None, dt.date(2024, 1, 1),
             dt.date(2027, 12, 31)]
        )
        for k in range(products):
            data["productos"].append([bpin, f"P{k + 1}", f"Producto {k + 1}", "4.3.1.1", "Número"])
        for year in years:
            for month in range(1, 13):
                data["ejecucion_financiera"].append([bpin, year, month, 1000 * territories, 900, 800])
                for k in range(products):
                    data["avance_fisico"].append([bpin, year, month, f"P{k + 1}", 1.5])
                for t in range(territories):
                    data["distribucion_territorial"].append([bpin, year, month, codes[(p + t) % len(codes)], 1000, 3])
    return data


# --- Running the command and watching the database ---------------------------------------


def run_import(data_or_path, tmp_path, *args, name: str = "libro.xlsx"):
    """`import_workbook` as a user runs it: (exit status, stdout, stderr lines)."""
    from django.core.management import call_command

    if isinstance(data_or_path, dict):
        path = tmp_path / name
        write(data_or_path, path)
    else:
        path = data_or_path
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_workbook", str(path), *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), [line for line in err.getvalue().splitlines() if line.strip()]


def db_state() -> dict[str, int]:
    """Rows and history rows of every model the workbook touches: equal before and after = nothing written."""
    from django.apps import apps

    state = {}
    for label in ("strategy", "projects", "budget", "action_plan", "monitoring", "core"):
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = model._default_manager.count()
    return state


LEADS = [f"resp{n:02d}" for n in range(20)]


def make_leads() -> None:
    """The accounts the test workbooks name as `responsable` (resp00…resp19), with the lead role:
    an import does not create unknown accounts unless asked to (tests/workbook/test_unknown_lead.py)."""
    from django.contrib.auth.models import Group

    from isvimed_planning import roles
    from isvimed_planning.models import User

    group = Group.objects.get_or_create(name=roles.RESPONSABLE)[0]
    existing = set(User.objects.filter(username__in=LEADS).values_list("username", flat=True))
    for username in LEADS:
        if username not in existing:
            user = User(username=username, is_active=False)
            user.set_unusable_password()
            user.save()
            user.groups.add(group)


def refused(data, tmp_path, *expected_lines):
    """The import is refused whole: exit status 1, each expected `hoja:fila:columna: mensaje` line
    printed, and nothing in the database changed. Returns what was printed."""
    before = db_state()
    code, out, err = run_import(data, tmp_path)
    assert code == 1, out
    for line in expected_lines:
        assert line in err, f"{line!r} not in {err!r}"
    assert db_state() == before
    return err

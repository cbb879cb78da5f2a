"""Rows and columns of each matrix, exactly as the matrices' specification lists them."""
from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from budget.money import allocated_project_ids
from monitoring import figures, sources
from monitoring.models import MatrixKind
from strategy.models import Indicator, Program

from .base import (
    COUNT,
    INDEX,
    MONEY,
    PCT,
    PLAIN,
    QTY,
    TITLES,
    Column,
    Matrix,
    Sheet,
    code,
    text,
)


def _budget_program_codes(program_ids: set[int]) -> dict[int, str]:
    """{program id: its DNP budget program code} for the programs that have one (MATRICES.md "DNP codes")."""
    return dict(
        Program.objects.filter(pk__in=program_ids).exclude(budget_program_code="").values_list("pk", "budget_program_code")
    )


def _plan_indicativo(*, year: int, cutoff: dt.date) -> list[Sheet]:
    columns = [
        code("Código línea"), text("Línea"), code("Código componente"), text("Componente"),
        code("Código programa"), text("Programa"), code("Código indicador"), text("Indicador", 40),
        text("Tipo", 12), text("Unidad de medida", 18), text("Sentido", 15), text("Acumulación", 16),
        Column("Línea base", QTY), Column("Año línea base", PLAIN, 10), Column("Meta cuatrienio", QTY),
        Column("Meta vigencia", QTY), Column("Avance vigencia", QTY), Column("% cumplimiento vigencia", PCT),
        Column("Avance cuatrienio", QTY), Column("% cumplimiento cuatrienio", PCT), Column("Ponderación", QTY, 12),
        text("Semáforo", 14), text("Dependencia responsable"), code("Código programa presupuestal"),
        code("Código indicador MGA"),
    ]
    figures_ = figures.indicator_figures(year=year, cutoff=cutoff)
    budget_codes = _budget_program_codes({i.program_id for i in figures_})
    mga_codes = dict(
        Indicator.objects.filter(pk__in=[i.indicator_id for i in figures_]).exclude(mga_indicator_code="")
        .values_list("pk", "mga_indicator_code")
    )
    rows = [
        [
            i.line_code, i.line_name, i.component_code, i.component_name, i.program_code, i.program_name,
            i.code, i.name, i.kind, i.unit, i.direction, i.accumulation, i.baseline, i.baseline_year,
            i.period_target, i.year_target, i.year_progress, i.year_fulfilment, i.period_progress,
            i.period_fulfilment, i.weight, i.rating, i.org_unit, budget_codes.get(i.program_id),
            mga_codes.get(i.indicator_id),
        ]
        for i in figures_
    ]
    return [Sheet("Plan Indicativo", columns, rows)]


def _plan_accion(*, year: int, cutoff: dt.date, stream: bool = False) -> list[Sheet]:
    """Streamed (`stream`): each sheet's rows are computed while the file is written, a chunk of
    projects at a time (figures.PROJECT_CHUNK), in the same order and with the same cells as
    the lists, so that memory does not grow with the number of projects; else three lists."""
    project_columns = [
        code("Código línea"), code("Código programa"), text("Programa"), code("Código BPIN"), text("Proyecto", 40),
        text("Dependencia responsable"), text("Responsable", 24), text("Tipo de recurso", 18),
        Column("Presupuesto inicial", MONEY, 18), Column("Modificaciones", MONEY, 18),
        Column("Presupuesto definitivo", MONEY, 18), Column("Comprometido", MONEY, 18),
        Column("Obligado", MONEY, 18), Column("Pagado", MONEY, 18), Column("% ejecución presupuestal", PCT),
        Column("% pagos", PCT), Column("% avance físico", PCT), text("Semáforo", 14),
        Column("Programado financiero a la fecha de corte", MONEY, 20),
        Column("% cumplimiento programación financiera", PCT), Column("% avance físico esperado", PCT),
        Column("Brecha física", PCT),
    ]
    product_columns = [
        code("Código BPIN"), text("Proyecto", 40), code("Código producto"), text("Producto", 40),
        code("Código indicador"), text("Unidad de medida", 18), Column("Meta física vigencia", QTY),
        Column("Avance físico", QTY), Column("% avance físico", PCT), code("Código producto MGA"),
        Column("Programado a la fecha de corte", QTY), Column("% avance frente a lo programado", PCT),
    ]

    def project_row(p: figures.ProjectFigures) -> list:
        return [
            p.line_code, p.program_code, p.program_name, p.bpin, p.name, p.org_unit, p.lead, p.funding_kind,
            p.initial, p.modifications, p.definitive, p.committed, p.obligated, p.paid, p.execution_ratio,
            p.payments_ratio, p.physical_ratio, p.rating, p.programmed_money, p.programmed_money_ratio,
            p.expected_physical_ratio, p.physical_gap,
        ]

    def product_row(pr: figures.ProductFigures) -> list:
        return [pr.bpin, pr.project_name, pr.code, pr.name, pr.indicator_code, pr.unit, pr.goal, pr.progress,
                pr.physical_ratio, pr.mga_code, pr.programmed, pr.programmed_ratio]

    if not stream:
        projects = figures.project_figures(year=year, cutoff=cutoff)
        products = figures.sort_products(pr for p in projects for pr in p.products)
        by_project = sources.source_rows(allocated_project_ids(year), year=year, cutoff=cutoff)
        fuentes = [
            _fuentes_row(p.bpin, p.name, r)
            for p in figures.sort_projects_by_bpin(projects) for r in by_project.get(p.project_id, [])
        ]
        return [
            Sheet("Proyectos", project_columns, [project_row(p) for p in projects]),
            Sheet("Productos", product_columns, [product_row(pr) for pr in products]),
            Sheet("Fuentes", FUENTES_COLUMNS, fuentes),
        ]
    order = figures.plan_order(year=year)

    def fuentes_rows() -> Iterator[list]:
        for chunk in figures.project_chunks_by_bpin(order):
            by_project = sources.source_rows([pk for pk, _, _ in chunk], year=year, cutoff=cutoff)
            for pk, bpin, name in chunk:
                for r in by_project.get(pk, []):
                    yield _fuentes_row(bpin, name, r)

    return [
        Sheet("Proyectos", project_columns,
              (project_row(p) for p in figures.project_figures_chunked(year=year, cutoff=cutoff, order=order)),
              size=order.projects),
        Sheet("Productos", product_columns,
              (product_row(pr) for pr in figures.product_figures_chunked(year=year, cutoff=cutoff, order=order)),
              size=figures.plan_product_count(year=year)),
        Sheet("Fuentes", FUENTES_COLUMNS, fuentes_rows()),
    ]


# Plan de Acción `Fuentes`: one row per (project, funding source) of the projects of `Proyectos`
# (monitoring.sources: budget and execution by source), by BPIN then source code; money not yet
# assigned to a source (a multi-source project's report without split) is a row without a code,
# so that a project's rows add up to its Proyectos columns 9–14.
FUENTES_COLUMNS = [
    code("Código BPIN"), text("Proyecto", 40), code("Código fuente"), text("Fuente", 30),
    Column("Presupuesto inicial", MONEY, 18), Column("Modificaciones", MONEY, 18),
    Column("Presupuesto definitivo", MONEY, 18), Column("Comprometido", MONEY, 18), Column("Obligado", MONEY, 18),
    Column("Pagado", MONEY, 18), Column("% ejecución presupuestal", PCT),
]


def _fuentes_row(bpin: str | None, name: str, r: sources.SourceRow) -> list:
    return [bpin, name, r.code, r.name, r.initial, r.modifications, r.definitive, r.committed, r.obligated, r.paid,
            r.execution_ratio]


def _georreferenciacion(*, year: int, cutoff: dt.date, stream: bool = False) -> list[Sheet]:
    """Streamed (`stream`): the pairs are read from the database while the file is written
    (figures.territory_pairs, in chunks of projects) and the summary is added up as they go by,
    so that memory does not grow with the number of pairs; else both sheets are lists."""
    pair_columns = [
        Column("Vigencia", PLAIN, 10), code("Código BPIN"), text("Proyecto", 40), code("Código programa"),
        text("Tipo de recurso", 18), Column("Código territorio", PLAIN, 12), text("Territorio", 28),
        text("Tipo de territorio", 16), Column("Inversión comprometida", MONEY, 18), Column("Beneficiarios", COUNT, 14),
    ]
    summary_columns = [
        Column("Código territorio", PLAIN, 12), text("Territorio", 28), text("Tipo de territorio", 16),
        Column("Proyectos", COUNT, 12), Column("Inversión comprometida", MONEY, 18), Column("Beneficiarios", COUNT, 14),
        Column("% de la inversión", PCT),
    ]

    def pair_row(p: figures.TerritoryPairFigures) -> list:
        return [year, p.bpin, p.project_name, p.program_code, p.funding_kind, p.territory_code, p.territory_name,
                p.territory_kind, p.committed, p.beneficiaries]

    def summary_row(t: figures.TerritoryFigures) -> list:
        return [t.code, t.name, t.kind, t.projects, t.committed, t.beneficiaries, t.share]

    if not stream:
        data = figures.territory_figures(year=year, cutoff=cutoff)
        return [
            Sheet("Georreferenciación", pair_columns, [pair_row(p) for p in data.pairs]),
            Sheet("Resumen por territorio", summary_columns, [summary_row(t) for t in data.territories]),
        ]
    totals = figures.TerritoryTotals()
    pairs = (pair_row(p) for p in figures.territory_pairs(cutoff=cutoff, totals=totals))

    def summary() -> Iterator[list]:
        # A generator: totals.summary() runs when the writer reaches this sheet, after every pair.
        for t in totals.summary():
            yield summary_row(t)

    return [
        Sheet("Georreferenciación", pair_columns, pairs, size=figures.territory_pair_count(cutoff=cutoff)),
        Sheet("Resumen por territorio", summary_columns, summary(), size=len(totals.territories)),
    ]


def _presupuesto_resultados(*, year: int, cutoff: dt.date) -> list[Sheet]:
    indicators = figures.indicator_figures(year=year, cutoff=cutoff)
    programs = figures.program_figures(year=year, cutoff=cutoff, indicators=indicators)
    program_columns = [
        code("Código línea"), text("Línea"), code("Código programa"), text("Programa"), Column("Proyectos", COUNT, 12),
        Column("Presupuesto definitivo", MONEY, 18), Column("Comprometido", MONEY, 18), Column("Pagado", MONEY, 18),
        Column("% ejecución presupuestal", PCT), Column("Cumplimiento físico", PCT), Column("Índice de eficiencia", INDEX),
        code("Código programa presupuestal"),
    ]
    budget_codes = _budget_program_codes({p.program_id for p in programs})
    program_rows = [
        [p.line_code, p.line_name, p.code, p.name, p.projects, p.definitive, p.committed, p.paid, p.execution_ratio,
         p.physical_fulfilment, p.efficiency, budget_codes.get(p.program_id)]
        for p in programs
    ]
    definitive = {p.program_id: p.definitive for p in programs}
    result_columns = [
        code("Código programa"), text("Programa"), code("Código indicador"), text("Indicador", 40),
        text("Unidad de medida", 18), Column("Línea base", QTY), Column("Meta vigencia", QTY),
        Column("Avance vigencia", QTY), Column("% cumplimiento vigencia", PCT),
        Column("Presupuesto definitivo del programa", MONEY, 20),
    ]
    result_rows = [
        [i.program_code, i.program_name, i.code, i.name, i.unit, i.baseline, i.year_target, i.year_progress,
         i.year_fulfilment, definitive.get(i.program_id)]
        for i in indicators
        if i.kind_value == "result" and i.year_target is not None
    ]
    return [Sheet("Programas", program_columns, program_rows), Sheet("Resultados", result_columns, result_rows)]


BUILDERS: dict[MatrixKind, Callable[..., list[Sheet]]] = {
    MatrixKind.PLAN_INDICATIVO: _plan_indicativo,
    MatrixKind.PLAN_ACCION: _plan_accion,
    MatrixKind.GEORREFERENCIACION: _georreferenciacion,
    MatrixKind.PRESUPUESTO_RESULTADOS: _presupuesto_resultados,
}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A matrix computed as lists is tens of thousands of new objects (rows of the database,
    figures, rows of cells) that all stay alive until it is used: meanwhile Python's cyclic
    garbage collector walked the whole process several times to free nothing (a fifth of the
    Plan de Acción's computation at 10×). It is paused while the lists are built (reference
    counting still frees everything else at once) and resumed after, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute(kind: str, *, year: int, cutoff: dt.date, stream: bool = False) -> Matrix:
    """The matrix `kind` (plan-indicativo, plan-accion, georreferenciacion, presupuesto-resultados).

    `stream`: for writing the file only (matrices.xlsx.write_xlsx), the Georreferenciación's and
    the Plan de Acción's rows are read from the database while they are written, so they must be
    written where they are computed (not outside an `asof.rewound` block that computed them)."""
    try:
        builder = BUILDERS[MatrixKind(kind)]
    except ValueError:
        raise ValueError(f"Matriz desconocida: {kind}") from None
    if stream:  # rows read while the file is written, a chunk at a time: nothing piles up
        sheets = (
            builder(year=year, cutoff=cutoff, stream=True)
            if builder in (_georreferenciacion, _plan_accion) else builder(year=year, cutoff=cutoff)
        )
    else:
        with _collector_paused():
            sheets = builder(year=year, cutoff=cutoff)
    return Matrix(kind=str(MatrixKind(kind).value), title=TITLES[kind], sheets=sheets)

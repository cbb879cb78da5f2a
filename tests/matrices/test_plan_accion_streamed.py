"""The Plan de Acción file is written from rows computed a chunk of projects at a time
(`compute(stream=True)`, figures.PROJECT_CHUNK); it has exactly the cells of the matrix computed
as lists (the pages, the as-of recomputation), at two sizes, with chunks that split the
projects of a program and of a sheet's order anywhere."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import figures
from monitoring.matrices import compute, write_xlsx
from tests.matrices.builders import CUTOFF, YEAR, load, scaled

SHEETS = ["Proyectos", "Productos", "Fuentes"]


@pytest.fixture
def chunks_of(monkeypatch):
    def set_size(size: int) -> None:
        monkeypatch.setattr(figures, "PROJECT_CHUNK", size)

    return set_size


def _cells(matrix) -> dict[str, list[tuple]]:
    buffer = io.BytesIO()
    write_xlsx(matrix, buffer, year=YEAR, cutoff=CUTOFF)
    wb = load(buffer.getvalue())
    return {
        ws.title: [tuple((c.value, c.number_format) for c in row) for row in ws.iter_rows()]
        for ws in wb.worksheets
    }


def _assert_same(listed_rows: dict[str, list[list]]) -> None:
    streamed = compute("plan-accion", year=YEAR, cutoff=CUTOFF, stream=True)
    assert [s.name for s in streamed.sheets] == SHEETS
    assert {s.name: list(s.rows) for s in streamed.sheets} == listed_rows


@pytest.mark.parametrize("chunk", [1, 3])
def test_the_streamed_plan_de_accion_has_the_rows_of_the_listed_one_at_two_sizes(data, lead, chunks_of, chunk):
    chunks_of(chunk)
    for n, start in ((2, 0), (6, 2)):  # 3 + 2 projects, then 3 + 8
        scaled(n, lead=lead, start=start)
        listed = compute("plan-accion", year=YEAR, cutoff=CUTOFF)
        rows = {s.name: s.rows for s in listed.sheets}
        assert all(rows[name] for name in SHEETS)
        _assert_same(rows)


def test_the_streamed_plan_de_accion_file_has_the_cells_of_the_listed_one(data, lead, chunks_of):
    scaled(6, lead=lead)
    chunks_of(2)
    listed = _cells(compute("plan-accion", year=YEAR, cutoff=CUTOFF))
    streamed = _cells(compute("plan-accion", year=YEAR, cutoff=CUTOFF, stream=True))
    assert list(streamed) == SHEETS
    assert streamed == listed


def test_the_streamed_plan_de_accion_reads_the_same_queries_per_chunk_at_both_sizes(db, lead, chunks_of):
    """Its queries are a few for the order and the same number per chunk of projects, never one
    per project or product: one chunk of 2 projects reads as much as one chunk of 8."""
    chunks_of(1000)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            write_xlsx(compute("plan-accion", year=YEAR, cutoff=CUTOFF, stream=True), io.BytesIO(), year=YEAR,
                       cutoff=CUTOFF)
        return len(ctx.captured_queries)

    scaled(2, lead=lead)
    small = queries()
    scaled(6, lead=lead, start=2)
    assert queries() == small

"""Each matrix runs the same number of queries at two data sizes (counts, not timings)."""
import datetime as dt

import pytest

from tooling.management.commands.benchmark import count_queries

from .builders import LARGER, SMALL, YEAR, at_size

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """The file export reads the Georreferenciación 1,000 projects at a time and the Plan de
    Acción 500; at these test sizes that is one chunk, so a chunked read leaking into the
    in-memory figures (pages, the accountability report, these counts) would pass unseen. Chunks
    of 2 make it show."""
    from monitoring import figures

    monkeypatch.setattr(figures, "PAIR_CHUNK", 2)
    monkeypatch.setattr(figures, "PROJECT_CHUNK", 2)


@pytest.mark.parametrize("kind", ["plan-indicativo", "plan-accion", "georreferenciacion", "presupuesto-resultados"])
def test_matrix_queries_do_not_grow_with_the_data(kind):
    from monitoring.matrices import compute

    def measure():
        queries, matrix = count_queries(lambda: compute(kind, year=YEAR, cutoff=dt.date(YEAR, 12, 31)))
        return queries, sum(len(s.rows) for s in matrix.sheets)

    small_queries, small_rows = at_size(SMALL, measure)
    larger_queries, larger_rows = at_size(LARGER, measure)
    assert larger_rows > small_rows  # the larger data really is larger
    assert larger_queries == small_queries


@pytest.mark.parametrize("kind", ["plan-accion", "georreferenciacion"])
def test_a_streamed_matrix_reads_the_same_queries_per_chunk_at_both_sizes(kind, monkeypatch):
    """The file export (compute(stream=True)) reads a chunk of projects at a time: with chunks
    larger than the data, one chunk at each size, it runs as many queries at both sizes."""
    import io

    from monitoring import figures
    from monitoring.matrices import compute, write_xlsx

    monkeypatch.setattr(figures, "PAIR_CHUNK", 100_000)
    monkeypatch.setattr(figures, "PROJECT_CHUNK", 100_000)
    cutoff = dt.date(YEAR, 12, 31)

    def measure():
        def write():
            matrix = compute(kind, year=YEAR, cutoff=cutoff, stream=True)
            write_xlsx(matrix, io.BytesIO(), year=YEAR, cutoff=cutoff)
            return matrix

        return count_queries(write)[0]

    assert at_size(LARGER, measure) == at_size(SMALL, measure)

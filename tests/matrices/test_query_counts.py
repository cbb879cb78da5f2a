"""Producing a matrix runs the same number of queries with 2 projects as with 8."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.matrices import KINDS, compute, write_xlsx
from tests.matrices.builders import CUTOFF, YEAR, scaled


def _queries(kind) -> int:
    with CaptureQueriesContext(connection) as ctx:
        write_xlsx(compute(kind, year=YEAR, cutoff=CUTOFF), io.BytesIO(), year=YEAR, cutoff=CUTOFF)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", KINDS)
def test_queries_do_not_grow_with_the_number_of_projects(db, lead, kind):
    scaled(2, lead=lead)
    small = _queries(kind)
    scaled(6, lead=lead, start=2)  # 8 projects, 2 programs now
    large = _queries(kind)
    assert small == large, f"{kind}: {small} queries with 2 projects, {large} with 8"
    assert large <= 25


def test_the_plan_de_accion_counts_as_many_queries_with_its_money_split_by_source(db, lead):
    """Half the scaled projects have two sources and split every report: their Fuentes rows are
    there, and the count is still the same at both sizes."""
    scaled(2, lead=lead)
    small = _queries("plan-accion")
    scaled(6, lead=lead, start=2)
    large = _queries("plan-accion")
    fuentes = compute("plan-accion", year=YEAR, cutoff=CUTOFF).sheet("Fuentes").rows
    assert [row[2] for row in fuentes].count(None) == 0  # every split adds up: nothing unassigned
    assert len(fuentes) == 8 + 4  # four single-source projects, four with two sources
    assert small == large

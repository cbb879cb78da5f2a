"""A workbook of ~5,000 monthly rows imports in bulk: few queries whatever the number of rows,
well within the time a user waits."""
from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import ProductProgress, ProgressReport, TerritorialDistribution
from tests.workbook.builders import big_data, run_import, write

pytestmark = pytest.mark.django_db


def test_five_thousand_monthly_rows_import_in_bulk(tmp_path):
    data = big_data(projects=13)
    rows = sum(len(data[s]) for s in ("avance_fisico", "ejecucion_financiera", "distribucion_territorial"))
    assert rows >= 4900
    path = tmp_path / "grande.xlsx"
    write(data, path)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        code, out, err = run_import(path, tmp_path)
    elapsed = time.monotonic() - started
    assert code == 0, err[:5]
    assert ProgressReport.objects.count() == 13 * 48
    assert ProductProgress.objects.count() == 13 * 48 * 3
    assert TerritorialDistribution.objects.count() == 13 * 48 * 4
    # Batches of 2,000 records (and their history; SQLite splits them further): the query count
    # follows the batches and the 13 new leads, not the 5,000 rows.
    assert len(queries) < 250, len(queries)
    assert elapsed < 60
    # The second import finds every row unchanged, again in bulk.
    with CaptureQueriesContext(connection) as queries:
        code, out, err = run_import(path, tmp_path)
    assert "distribucion_territorial: 0 creadas, 0 actualizadas, 2496 sin cambios" in out
    assert len(queries) < 60, len(queries)


def test_progress_is_reported_while_reading_and_writing(tmp_path):
    from isvimed_planning.workbook.importer import import_workbook

    path = tmp_path / "grande.xlsx"
    write(big_data(projects=6), path)
    seen: list[tuple[int, str]] = []
    result = import_workbook(str(path), filename="grande.xlsx", progress=lambda p, label: seen.append((p, label)))
    assert result.written
    percents = [p for p, _ in seen]
    assert percents == sorted(percents)
    assert any(0 < p < 80 and label == "Leyendo la hoja distribucion_territorial" for p, label in seen)
    assert seen[-1] == (100, "Guardando la hoja mediciones_resultado")

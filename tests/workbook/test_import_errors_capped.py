"""A workbook of thousands of bad rows keeps the first errors of each sheet and counts the rest
(issue 15, 2.2: 700,000 error lines, 1.2 GB in the web process, 130 MB of stored preview)."""
from __future__ import annotations

import io
import json

import pytest

from isvimed_planning.workbook import services
from isvimed_planning.workbook.importer import import_workbook
from isvimed_planning.workbook.models import ImportJob
from tests.conftest import client_for
from tests.workbook.builders import run_import
from tests.workbook.hostile import book, inline_row, sheet_xml

pytestmark = pytest.mark.django_db

ROWS = 20_000  # two errors each


def bad_vigencias(rows: int = ROWS) -> bytes:
    lines = [inline_row(1, ["anio", "tope_global"])] + [inline_row(n, [3000 + n, "mil"]) for n in range(2, rows + 2)]
    return book({"vigencias": sheet_xml(lines)})


def test_only_the_first_200_errors_of_a_sheet_are_kept_and_the_rest_counted():
    source = io.BytesIO(bad_vigencias())
    result = import_workbook(source, filename="libro.xlsx", dry_run=True)
    lines = [e.line for e in result.errors]
    assert len(lines) == 201
    assert lines[:2] == [
        "vigencias:2:anio: «3002» no es un año válido",
        "vigencias:2:tope_global: «mil» no es un número",
    ]
    assert lines[-1] == "vigencias:-:-: … y 39.800 errores más en la hoja vigencias"
    assert result.error_total == 2 * ROWS


def test_the_cap_is_a_setting(settings):
    settings.WORKBOOK_MAX_ERRORS_PER_SHEET = 3
    result = import_workbook(io.BytesIO(bad_vigencias(10)), filename="libro.xlsx", dry_run=True)
    assert [e.line for e in result.errors] == [
        "vigencias:2:anio: «3002» no es un año válido",
        "vigencias:2:tope_global: «mil» no es un número",
        "vigencias:3:anio: «3003» no es un año válido",
        "vigencias:-:-: … y 17 errores más en la hoja vigencias",
    ]


def test_the_command_prints_the_kept_errors_and_the_total(tmp_path):
    path = tmp_path / "malo.xlsx"
    path.write_bytes(bad_vigencias())
    code, out, err = run_import(path, tmp_path)
    assert code == 1
    assert len(err) == 202
    assert err[-2:] == ["vigencias:-:-: … y 39.800 errores más en la hoja vigencias", "40.000 errores: no se importó nada."]


@pytest.fixture
def eager():
    """The worker's work, run here. Set on the Celery app itself: once its configuration has been
    read (by any earlier test), changing Django's CELERY_* settings no longer reaches it."""
    from isvimed_planning.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_the_stored_preview_and_the_page_stay_small(planner, eager, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/libro/", {"file": SimpleUploadedFile("malo.xlsx", bad_vigencias())})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.state == "invalid"
    assert len(json.dumps(job.preview)) < 60_000
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert "El libro tiene 40.000 errores: no se guardó nada." in page
    assert "… y 39.800 errores más en la hoja vigencias" in page
    assert len(page) < 150_000
    assert services.job_result(job).error_total == 40_000

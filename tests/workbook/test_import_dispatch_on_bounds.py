"""The web request validates a workbook only when it is small by every measure taken on the zip
(file size, rows, cells, bytes unzipped); a small file holding many rows goes to the worker, and
the request never parses it (issue 15, 2.2: three uploads at once got gunicorn's workers killed)."""
from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.workbook.models import ImportJob
from tests.conftest import client_for
from tests.workbook.builders import base_data, write
from tests.workbook.hostile import book, inline_row, sheet_xml

pytestmark = pytest.mark.django_db


def post(client, content: bytes, django_capture_on_commit_callbacks):
    with mock.patch("isvimed_planning.workbook.tasks.process_import_job.delay") as delay, \
            mock.patch("isvimed_planning.workbook.importer.open_workbook") as opened:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/libro/", {"file": SimpleUploadedFile("libro.xlsx", content)})
    return response, delay, opened


def test_a_small_file_with_many_rows_goes_to_the_worker_unparsed(planner, django_capture_on_commit_callbacks):
    rows = [inline_row(1, ["anio", "tope_global"])] + [inline_row(n, [2024, n]) for n in range(2, 6003)]
    content = book({"vigencias": sheet_xml(rows)})
    assert len(content) < 256 * 1024
    response, delay, opened = post(client_for(planner), content, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert delay.call_args == mock.call(job.pk, False)
    assert not opened.called  # openpyxl never opened it in the request
    assert job.state == "checking"
    assert job.preview["bounds"]["rows"] == 6002


def test_a_file_large_unzipped_is_only_measured_from_its_directory(
    planner, settings, django_capture_on_commit_callbacks
):
    settings.WORKBOOK_SYNC_MAX_BYTES = 64 * 1024  # the request scans up to 16 × that unzipped: 1 MB
    rows = [inline_row(1, ["anio", "tope_global"])] + [inline_row(n, [2024, "x" * 2000]) for n in range(2, 352)]
    content = book({"vigencias": sheet_xml(rows), "notas": sheet_xml(rows)})
    assert len(content) < 64 * 1024
    response, delay, opened = post(client_for(planner), content, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert delay.called and not opened.called
    assert job.preview["bounds"]["scanned"] is False
    assert job.preview["bounds"]["uncompressed"] > 1024 * 1024


def test_a_small_workbook_is_validated_within_the_request(planner, django_capture_on_commit_callbacks):
    with mock.patch("isvimed_planning.workbook.tasks.process_import_job.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            client_for(planner).post("/libro/", {"file": SimpleUploadedFile("libro.xlsx", write(base_data()).getvalue())})
    job = ImportJob.objects.get()
    assert not delay.called
    assert job.state == "checked"
    assert job.preview["bounds"]["scanned"] is True

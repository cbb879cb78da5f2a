"""A database error inside a job fails it with a Spanish message its page shows (not a Python
trace, not a job left "Validando" forever), tells who asked once, and the retry runs it again."""
from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from isvimed_planning.workbook.models import ImportJob
from isvimed_planning.workbook.tasks import process_import_job
from monitoring.matrix_services import snapshot_request
from monitoring.models import MatrixSnapshot
from monitoring.tasks import generate_matrix_snapshot
from tests.failure.builders import import_job
from tests.matrices.builders import CUTOFF, dataset

pytestmark = pytest.mark.django_db

DATABASE_ERROR = "La tarea falló por un error de la base de datos; no se guardó nada. Puede reintentarla."


def test_a_database_error_in_an_import_fails_it_with_its_message_and_the_retry_works(media, login, planner, settings):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0
    job = import_job(planner)
    with mock.patch("isvimed_planning.workbook.services.import_workbook",
                    side_effect=OperationalError("server closed the connection unexpectedly")):
        process_import_job.apply(args=[job.pk, False])
    job.refresh_from_db()
    assert (job.state, job.error, job.label) == ("failed", DATABASE_ERROR, "Falló")
    client = login(planner)
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert DATABASE_ERROR in page
    assert "server closed" not in page
    assert planner.notices.get(kind="job_failed").body == DATABASE_ERROR

    with mock.patch("isvimed_planning.workbook.tasks.process_import_job.delay"):
        response = client.post(f"/libro/importaciones/{job.pk}/reintentar/")
    assert response["Location"] == f"/libro/importaciones/{job.pk}/"
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts, job.started_at) == ("checking", "", 0, None)
    process_import_job.apply(args=[job.pk, False])
    job.refresh_from_db()
    assert job.state == "checked", job.error


def test_a_database_error_in_a_matrix_fails_it_after_its_retries_with_its_message(media, login, planner, lead, lead2):
    dataset(lead=lead, lead2=lead2)
    with mock.patch("monitoring.tasks.generate_matrix_snapshot.delay"):
        snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
    with mock.patch("monitoring.matrix_services.compute", side_effect=OperationalError("deadlock detected")) as compute:
        generate_matrix_snapshot.apply(args=[snapshot.pk])
    assert compute.call_count == 1 + generate_matrix_snapshot.max_retries
    snapshot = MatrixSnapshot.objects.get(pk=snapshot.pk)
    assert (snapshot.state, snapshot.error) == ("failed", DATABASE_ERROR)
    page = login(planner).get(f"/seguimiento/matrices/{snapshot.pk}/").content.decode()
    assert DATABASE_ERROR in page
    assert "Reintentar la generación" in page
    assert planner.notices.filter(kind="job_failed").count() == 1
    assert ImportJob.objects.count() == 0

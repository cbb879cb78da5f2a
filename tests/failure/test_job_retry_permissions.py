"""Retrying a failed job is a POST that the server checks: who may start the job may retry it
(planeación/admin for imports; planeación, dirección, financiera, admin for matrices); others
get 403 and the job stays as it was; a job that did not fail is not retried."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from isvimed_planning.workbook.services import retry_job
from monitoring.models import MatrixSnapshot
from tests.failure.builders import import_job

pytestmark = pytest.mark.django_db

FAILED = {"state": "failed", "error": "La tarea falló por un error inesperado; no se guardó nada. Puede reintentarla."}


def test_only_who_may_import_retries_an_import(media, login, planner, lead, reader):
    job = import_job(planner, **FAILED)
    for user in (lead, reader):
        assert login(user).post(f"/libro/importaciones/{job.pk}/reintentar/").status_code == 403
        with pytest.raises(PermissionDenied):
            retry_job(job=job, user=user)
    job.refresh_from_db()
    assert job.state == "failed"
    assert login(planner).get(f"/libro/importaciones/{job.pk}/reintentar/").status_code == 405


def test_an_import_that_did_not_fail_is_not_retried(media, login, planner):
    job = import_job(planner, state="checked")
    response = login(planner).post(f"/libro/importaciones/{job.pk}/reintentar/", follow=True)
    assert "Esta importación no falló: no hay nada que reintentar." in response.content.decode()
    job.refresh_from_db()
    assert job.state == "checked"


def test_a_confirmed_import_that_failed_is_retried_as_an_import(media, login, planner, settings):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0
    job = import_job(planner, confirmed_at=dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc), **FAILED)
    client = login(planner)
    assert "Reintentar la importación" in client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    with mock.patch("isvimed_planning.workbook.tasks.process_import_job.delay"):
        client.post(f"/libro/importaciones/{job.pk}/reintentar/")
    job.refresh_from_db()
    assert (job.state, job.error, job.label) == ("importing", "", "En cola para importar")


def test_only_who_may_generate_a_matrix_retries_it(
    media, login, director, reader, lead, django_capture_on_commit_callbacks
):
    snapshot = MatrixSnapshot.objects.create(
        kind="plan-accion", year=2025, cutoff=dt.date(2025, 6, 30), requested_by=director, **FAILED
    )
    url = f"/seguimiento/matrices/{snapshot.pk}/"
    page = login(reader).get(url).content.decode()
    assert FAILED["error"] in page
    assert "Reintentar la generación" not in page
    for user in (reader, lead):
        assert login(user).post(f"{url}reintentar/").status_code in (403, 404)
    assert MatrixSnapshot.objects.get(pk=snapshot.pk).state == "failed"

    with mock.patch("monitoring.tasks.generate_matrix_snapshot.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = login(director).post(f"{url}reintentar/")
    assert response["Location"] == url
    delay.assert_called_once_with(snapshot.pk)
    snapshot.refresh_from_db()
    assert (snapshot.state, snapshot.error, snapshot.attempts) == ("queued", "", 0)

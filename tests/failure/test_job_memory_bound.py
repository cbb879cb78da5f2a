"""An import that needs more memory than JOB_MEMORY_LIMIT_MB is stopped inside the worker with a
MemoryError (RLIMIT_AS) and failed with a Spanish message, instead of the kernel killing the
whole worker; the process's own limit is restored afterwards."""
from __future__ import annotations

import resource
from unittest import mock

import pytest

from isvimed_planning.workbook.tasks import process_import_job
from tests.failure.builders import import_job

pytestmark = pytest.mark.django_db


def _greedy(*args, **kwargs):
    return bytearray(1024 * 1024 * 1024)  # 1 GB


def test_an_import_past_its_memory_bound_is_failed_with_its_message(media, planner, settings):
    settings.JOB_MEMORY_LIMIT_MB = 200
    before = resource.getrlimit(resource.RLIMIT_AS)
    job = import_job(planner)
    with mock.patch("isvimed_planning.workbook.services.import_workbook", side_effect=_greedy):
        process_import_job.apply(args=[job.pk, False])
    job.refresh_from_db()
    assert (job.state, job.error) == (
        "failed", "La tarea se detuvo porque necesitaba más de 200 MB de memoria; no se guardó nada. Puede reintentarla."
    )
    assert resource.getrlimit(resource.RLIMIT_AS) == before

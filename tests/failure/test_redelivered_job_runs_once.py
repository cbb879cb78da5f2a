"""A job is claimed by one message with a conditional update: a second message for it does
nothing while the first owns it; the same message delivered again (its worker died) runs it
again, until the job has used JOB_MAX_ATTEMPTS; then it is failed with its message instead."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from isvimed_planning.workbook.services import process_job
from tests.failure.builders import import_job

pytestmark = pytest.mark.django_db

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."
CLAIMED = {"started_at": dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc), "attempts": 1, "task_id": "msg-a"}


def test_a_second_message_does_not_run_a_claimed_job(media, planner):
    job = import_job(planner, **CLAIMED)
    with mock.patch("isvimed_planning.workbook.services.import_workbook") as run:
        process_job(job_id=job.pk, confirm=False, task_id="msg-b")
        process_job(job_id=job.pk, confirm=False)
    run.assert_not_called()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.task_id) == ("checking", 1, "msg-a")


def test_the_redelivered_message_runs_it_again_within_its_attempts(media, planner, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job = import_job(planner, **CLAIMED)
    process_job(job_id=job.pk, confirm=False, task_id="msg-a", redelivered=True)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("checked", 2)


def test_the_redelivered_message_past_its_attempts_fails_the_job(media, planner, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    job = import_job(planner, **CLAIMED)
    with mock.patch("isvimed_planning.workbook.services.import_workbook") as run:
        process_job(job_id=job.pk, confirm=False, task_id="msg-a", redelivered=True)
        process_job(job_id=job.pk, confirm=False, task_id="msg-a", redelivered=True)
    run.assert_not_called()
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == ("failed", INTERRUPTED, 1)
    assert planner.notices.filter(kind="job_failed").count() == 1

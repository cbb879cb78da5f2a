"""The job tasks acknowledge late, are requeued when their worker is lost, carry soft and hard
time limits, and Redis's visibility timeout is above every hard limit (or Redis would hand a
job still running to a second worker); prefork children are recycled past a memory size."""
from __future__ import annotations

from django.conf import settings

from isvimed_planning.workbook.tasks import process_import_job
from monitoring.tasks import generate_matrix_snapshot


def test_job_tasks_ack_late_with_time_limits_below_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    for task, kind in ((process_import_job, "workbook"), (generate_matrix_snapshot, "matrix")):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        assert task.soft_time_limit == settings.JOB_TIME_LIMITS[kind]
        assert task.time_limit == task.soft_time_limit + settings.JOB_HARD_LIMIT_MARGIN
        assert task.time_limit + 300 <= visibility
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD == 512 * 1024

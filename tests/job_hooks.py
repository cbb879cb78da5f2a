"""The Celery app of a real test worker that can be made to stop in the middle of a job.

`running_worker(app="tests.job_hooks")` runs `celery -A tests.job_hooks worker`: the project's
app plus, when the worker's environment sets BLOCK_AT, a wrapper around the progress reports
of the workbook import and the matrix generation that blocks once a job reaches that
percentage. The test then kills the worker from outside (SIGKILL), or lets a time limit stop
the job. Nothing of this is in the application's code."""
from __future__ import annotations

import os
import time

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_prerun

from isvimed_planning.celery import app

__all__ = ["app", "BLOCK_AT", "IGNORE_SOFT_LIMIT"]

BLOCK_AT = "ISVIMED_TEST_JOB_BLOCK_AT"
# Set to make the blocked job swallow the soft time limit, so that the hard limit kills it.
IGNORE_SOFT_LIMIT = "ISVIMED_TEST_JOB_IGNORE_SOFT_LIMIT"


def _maybe_block(percent: int) -> None:
    if percent < int(os.environ[BLOCK_AT]):
        return
    while True:
        try:
            time.sleep(3600)
        except SoftTimeLimitExceeded:
            if not os.environ.get(IGNORE_SOFT_LIMIT):
                raise


@task_prerun.connect
def _install_hooks(**_):
    if BLOCK_AT not in os.environ:
        return
    from isvimed_planning.workbook import services
    from monitoring import matrix_services

    if getattr(services, "_blocking_hook", False):
        return
    services._blocking_hook = True
    set_progress = matrix_services._set_progress

    def blocking_set_progress(snapshot_id, percent):
        set_progress(snapshot_id, percent)
        _maybe_block(percent)

    matrix_services._set_progress = blocking_set_progress
    import_workbook = services.import_workbook

    def blocking_import_workbook(source, *, progress=None, **kwargs):
        def report(percent, label):
            if progress is not None:
                progress(percent, label)
            _maybe_block(percent)

        return import_workbook(source, progress=report, **kwargs)

    services.import_workbook = blocking_import_workbook

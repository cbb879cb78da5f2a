"""The periodic sweep fails the jobs whose worker is gone (claimed, no sign of life for longer
than their hard time limit) and those that never left the queue, with a message their page
shows; run twice it fails each once and tells each requester once; live jobs are left alone."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from celery.schedules import crontab

from isvimed_planning import jobs
from isvimed_planning.celery import app
from isvimed_planning.workbook.models import ImportJob
from isvimed_planning.workbook.tasks import HARD_LIMIT as IMPORT_HARD_LIMIT
from isvimed_planning.workbook.tasks import sweep_stuck_imports
from monitoring.models import MatrixSnapshot
from monitoring.tasks import sweep_stuck_snapshots
from tests.failure.builders import import_job

MATRIX_HARD_LIMIT = jobs.time_limits("matrix")[1]

pytestmark = pytest.mark.django_db

INTERRUPTED = "La tarea se interrumpió: el proceso de segundo plano terminó inesperadamente. Puede reintentarla."
NEVER_STARTED = "La tarea no empezó: el servicio de tareas en segundo plano no la tomó a tiempo. Puede reintentarla."
T0 = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc)


def _claimed(**fields):
    return {"started_at": T0, "heartbeat_at": T0, "attempts": 1, "task_id": "a1", **fields}


def test_the_sweep_run_twice_fails_each_stuck_job_once_and_notifies_once(media, login, planner, director):
    with time_machine.travel(T0, tick=False):
        dead = import_job(planner, progress=16, label="Leyendo la hoja proyectos", **_claimed())
        never = import_job(planner, state="importing", heartbeat_at=T0)
        alive = import_job(planner, **_claimed(heartbeat_at=T0 + dt.timedelta(hours=1, minutes=50)))  # progressing
        done = import_job(planner, state="checked", **_claimed())
        matrix = MatrixSnapshot.objects.create(
            kind="plan-accion", year=2025, cutoff=dt.date(2025, 6, 30), requested_by=director, state="running",
            progress=40, **_claimed(),
        )

    with time_machine.travel(T0 + dt.timedelta(seconds=min(IMPORT_HARD_LIMIT, MATRIX_HARD_LIMIT)), tick=False):
        assert (sweep_stuck_imports(), sweep_stuck_snapshots()) == (0, 0)  # may still be running

    later = T0 + dt.timedelta(seconds=max(IMPORT_HARD_LIMIT, MATRIX_HARD_LIMIT) + 61)
    with time_machine.travel(later, tick=False):
        assert (sweep_stuck_imports(), sweep_stuck_snapshots()) == (1, 1)
        assert (sweep_stuck_imports(), sweep_stuck_snapshots()) == (0, 0)
    with time_machine.travel(T0 + dt.timedelta(hours=2, seconds=1), tick=False):
        assert sweep_stuck_imports() == 1  # the one that waited in the queue past JOB_QUEUE_TIMEOUT
        assert sweep_stuck_imports() == 0

    states = dict(ImportJob.objects.values_list("pk", "state"))
    assert states == {dead.pk: "failed", never.pk: "failed", alive.pk: "checking", done.pk: "checked"}
    dead.refresh_from_db()
    never.refresh_from_db()
    matrix.refresh_from_db()
    assert (dead.error, dead.label, dead.finished_at) == (INTERRUPTED, "Falló", later)
    assert never.error == NEVER_STARTED
    assert (matrix.state, matrix.error) == ("failed", INTERRUPTED)

    notices = planner.notices.filter(kind="job_failed").order_by("pk")
    assert [(n.title, n.url) for n in notices] == [
        ("Falló la importación de plan.xlsx", f"/libro/importaciones/{dead.pk}/"),
        ("Falló la importación de plan.xlsx", f"/libro/importaciones/{never.pk}/"),
    ]
    assert [(n.title, n.body) for n in director.notices.filter(kind="job_failed")] == [
        ("Falló la generación de la matriz Plan de Acción 2025", INTERRUPTED)
    ]
    page = login(planner).get(f"/libro/importaciones/{dead.pk}/").content.decode()
    assert INTERRUPTED in page and "Reintentar la validación" in page
    page = login(director).get(f"/seguimiento/matrices/{matrix.pk}/").content.decode()
    assert INTERRUPTED in page and "Reintentar la generación" in page


def test_beat_runs_both_sweeps_every_five_minutes():
    schedule = app.conf.beat_schedule
    assert schedule["sweep-stuck-imports"]["task"] == sweep_stuck_imports.name == "workbook.sweep_stuck_imports"
    assert schedule["sweep-stuck-snapshots"]["task"] == sweep_stuck_snapshots.name == "monitoring.sweep_stuck_snapshots"
    for name in ("sweep-stuck-imports", "sweep-stuck-snapshots"):
        assert schedule[name]["schedule"] == crontab(minute="*/5")

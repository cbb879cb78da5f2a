"""The beat schedule lives in the database (django-celery-beat), one for the cluster: `migrate`
writes the jobs declared in isvimed_planning/celery.py there; writing again changes nothing, a
changed schedule updates its row, a job gone from the code is deleted, a pause set in the admin
stays. Beat's health check reads the database, not a local schedule file."""
import copy
import io
import datetime as dt

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from isvimed_planning.beat import OWNED, Scheduler, sync_periodic_tasks
from isvimed_planning.celery import app

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def rows():
    return sorted(
        PeriodicTask.objects.values_list(
            "pk", "name", "task", "crontab__minute", "crontab__hour", "crontab__timezone", "expire_seconds", "enabled",
            "date_changed",
        ),
        key=str,
    )


def test_migrate_installed_every_job_of_the_code_in_bogota_time_with_its_expiry():
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) == set(app.conf.beat_schedule)
    sweep = tasks["sweep-stuck-imports"]
    assert (sweep.task, sweep.crontab.minute, sweep.crontab.hour, str(sweep.crontab.timezone)) == (
        "workbook.sweep_stuck_imports", "*/5", "*", "America/Bogota",
    )
    assert sweep.expire_seconds == 4 * 60
    ans = tasks["ans-daily-sweep"]
    assert (ans.crontab.minute, ans.crontab.hour, ans.expire_seconds) == ("0", "6", 6 * 3600)
    assert all(task.enabled and task.description == OWNED for task in tasks.values())


def test_syncing_twice_writes_nothing_and_leaves_the_same_rows():
    before = rows()
    first, second = sync_periodic_tasks(), sync_periodic_tasks()
    call_command("sync_beat_schedule", stdout=io.StringIO())
    assert (first.created, first.updated, first.deleted) == ([], [], [])
    assert (second.created, second.updated, second.deleted) == ([], [], [])
    assert rows() == before
    assert CrontabSchedule.objects.count() == 6  # */5 shared by both sweeps, */15, every minute, three daily times


def test_a_changed_interval_updates_the_row_and_drops_the_unused_schedule():
    schedule = copy.deepcopy(app.conf.beat_schedule)
    schedule["clean-login-records"]["schedule"] = crontab(hour=4, minute=45)
    schedule["sweep-stuck-imports"]["options"] = {"expires": 9 * 60}
    result = sync_periodic_tasks(schedule)

    assert sorted(result.updated) == ["clean-login-records", "sweep-stuck-imports"]
    task = PeriodicTask.objects.get(name="clean-login-records")
    assert (task.crontab.minute, task.crontab.hour) == ("45", "4")
    assert PeriodicTask.objects.get(name="sweep-stuck-imports").expire_seconds == 9 * 60
    assert not CrontabSchedule.objects.filter(minute="15", hour="3").exists()
    assert sync_periodic_tasks(schedule).updated == []


def test_a_job_removed_from_the_code_is_deleted_but_one_made_in_the_admin_is_kept():
    manual = PeriodicTask.objects.create(
        name="a-mano", task="core.clean_login_records", crontab=CrontabSchedule.objects.first(),
    )
    schedule = {name: entry for name, entry in app.conf.beat_schedule.items() if name != "ans-daily-sweep"}
    assert sync_periodic_tasks(schedule).deleted == ["ans-daily-sweep"]
    assert not PeriodicTask.objects.filter(name="ans-daily-sweep").exists()
    assert PeriodicTask.objects.filter(pk=manual.pk).exists()


def test_a_job_paused_in_the_admin_stays_paused():
    PeriodicTask.objects.filter(name="monthly-follow-up-cycle").update(enabled=False)
    sync_periodic_tasks()
    assert PeriodicTask.objects.get(name="monthly-follow-up-cycle").enabled is False


def test_beat_uses_the_database_scheduler_and_no_schedule_file():
    assert settings.CELERY_BEAT_SCHEDULER == "isvimed_planning.beat:Scheduler"
    assert app.conf.beat_scheduler == "isvimed_planning.beat:Scheduler"
    assert issubclass(Scheduler, DatabaseScheduler)
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE_FILENAME")


def test_the_beat_health_check_reads_the_last_run_from_the_database():
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(CommandError, match=r"^Beat no ha ejecutado tareas en los últimos 900 segundos \(última: nunca\)\.$"):
            call_command("beat_health")
        PeriodicTask.objects.filter(name="sweep-stuck-imports").update(last_run_at=NOW - dt.timedelta(minutes=20))
        with pytest.raises(CommandError, match=r"última: 2026-03-10T08:40:00\+00:00"):
            call_command("beat_health", "--max-age", "900")
        PeriodicTask.objects.filter(name="sweep-stuck-snapshots").update(last_run_at=NOW - dt.timedelta(minutes=4))
        call_command("beat_health", "--max-age", "900", stdout=io.StringIO())

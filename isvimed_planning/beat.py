"""The beat schedule lives in the database (django-celery-beat), so the cluster has one schedule
and any machine may run the one beat; nothing is kept in a local schedule file.

The periodic jobs are still declared in code (isvimed_planning/celery.py, `beat_schedule`), the
one place that names them. `sync_periodic_tasks` writes them into django-celery-beat's tables:

- after every `manage.py migrate` (the post_migrate hook in apps.py), so `make run` and the
  compose `migrate` service install them with no extra step;
- when beat starts (`Scheduler.setup_schedule`), so a beat started on a new release runs it;
- by hand with `manage.py sync_beat_schedule`.

It is idempotent: a row that already says what the code says is not written (beat is not told
to reload); a changed schedule, task or expiry updates the row; a job removed from the code
is deleted. `enabled` is left as the admin set it, so a job can be paused in the admin.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from celery.schedules import crontab, schedule as interval_schedule
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Max
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

# Marks the rows this module owns: only those are deleted when their job leaves the code.
OWNED = "Definida en isvimed_planning/celery.py (manage.py sync_beat_schedule); no se edita aquí."


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _crontab_row(spec: crontab) -> CrontabSchedule:
    row, _ = CrontabSchedule.objects.get_or_create(
        minute=str(spec._orig_minute), hour=str(spec._orig_hour), day_of_week=str(spec._orig_day_of_week),
        day_of_month=str(spec._orig_day_of_month), month_of_year=str(spec._orig_month_of_year),
        timezone=settings.CELERY_TIMEZONE,
    )
    return row


def _interval_row(every: dt.timedelta) -> IntervalSchedule:
    row, _ = IntervalSchedule.objects.get_or_create(every=int(every.total_seconds()), period=IntervalSchedule.SECONDS)
    return row


def _schedule_fields(value) -> dict:
    if isinstance(value, crontab):
        return {"crontab": _crontab_row(value), "interval": None}
    if isinstance(value, (int, float)):
        value = dt.timedelta(seconds=value)
    if isinstance(value, interval_schedule):
        value = value.run_every
    if isinstance(value, dt.timedelta):
        return {"crontab": None, "interval": _interval_row(value)}
    raise TypeError(f"Unsupported beat schedule: {value!r} (use a crontab or a timedelta).")


def _expire_seconds(options: dict) -> int | None:
    expires = options.get("expires")
    if isinstance(expires, dt.timedelta):
        return int(expires.total_seconds())
    return int(expires) if expires is not None else None


def _desired(entry: dict) -> dict:
    options = entry.get("options") or {}
    return {
        "task": entry["task"],
        **_schedule_fields(entry["schedule"]),
        "args": json.dumps(list(entry.get("args") or [])),
        "kwargs": json.dumps(dict(entry.get("kwargs") or {})),
        "queue": options.get("queue"),
        "expire_seconds": _expire_seconds(options),
        "description": OWNED,
    }


def _drop_if_unused(schedules) -> None:
    for row in schedules:
        if row is not None and not row.periodictask_set.exists():
            row.delete()


@transaction.atomic
def sync_periodic_tasks(beat_schedule: dict | None = None) -> SyncResult:
    """Make django-celery-beat's rows say what `beat_schedule` (by default the app's) says."""
    if beat_schedule is None:
        from .celery import app

        beat_schedule = app.conf.beat_schedule
    result = SyncResult()
    existing = {task.name: task for task in PeriodicTask.objects.select_related("crontab", "interval")}
    for name, entry in beat_schedule.items():
        desired = _desired(entry)
        task = existing.get(name)
        if task is None:
            PeriodicTask.objects.create(name=name, **desired)
            result.created.append(name)
            continue
        changed = {key: value for key, value in desired.items() if getattr(task, key) != value}
        if changed:
            previous = [task.crontab, task.interval]
            for key, value in changed.items():
                setattr(task, key, value)
            task.save()
            _drop_if_unused(previous)
            result.updated.append(name)
    for name, task in existing.items():
        if name not in beat_schedule and task.description == OWNED:
            previous = [task.crontab, task.interval]
            task.delete()
            _drop_if_unused(previous)
            result.deleted.append(name)
    return result


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate hook (apps.py): the schedule is installed by every `migrate`."""
    # A partial `migrate <app>` may run before django-celery-beat's tables exist: the next full one syncs.
    if using == "default" and PeriodicTask._meta.db_table in connections[using].introspection.table_names():
        sync_periodic_tasks()


class Scheduler(DatabaseScheduler):
    """django-celery-beat's DatabaseScheduler, which installs the code's schedule through
    sync_periodic_tasks instead of its own update_from_dict (which drops `options["expires"]`
    and resets rows at every start). Named in settings.CELERY_BEAT_SCHEDULER."""

    def setup_schedule(self):
        sync_periodic_tasks(self.app.conf.beat_schedule)


def beat_last_seen() -> dt.datetime | None:
    """When beat last recorded running a job (it writes last_run_at every few minutes)."""
    return PeriodicTask.objects.filter(enabled=True).aggregate(latest=Max("last_run_at"))["latest"]


def beat_is_alive(max_age_seconds: int) -> bool:
    seen = beat_last_seen()
    return seen is not None and timezone.now() - seen <= dt.timedelta(seconds=max_age_seconds)

"""Scheduled jobs of the ANS (schedules declared in isvimed_planning/celery.py); RETRY is the
retry policy of every daily job, the apps' included."""
from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

RETRY = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def day_argument(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def command_day(value: str | None) -> dt.date | None:
    """The --date of a daily job's command, or a Spanish CommandError."""
    from django.core.management.base import CommandError

    try:
        return day_argument(value)
    except ValueError:
        raise CommandError("La fecha debe tener el formato AAAA-MM-DD.") from None


@shared_task(name="deadlines.ans_sweep", **RETRY)
def ans_sweep(self, today: str | None = None) -> dict:
    """Daily: synchronise the instances, update their states, warn and escalate (each notice once)."""
    from isvimed_planning.tasks import resend_pending_emails

    from .services import sweep

    result = sweep(today=day_argument(today))
    result["emails_requeued"] = resend_pending_emails()
    return result


@shared_task(name="deadlines.ans_sync", **RETRY)
def ans_sync(self, steps: list[str]) -> dict:
    """Queued when a change a step watches commits (live.py): synchronise those steps now."""
    from .services import sync_steps

    return sync_steps(steps=steps)

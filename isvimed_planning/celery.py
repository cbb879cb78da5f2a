"""The Celery application and every periodic job of the project (the ONE place for schedules).

Beat reads them from the database (django-celery-beat), where every `migrate` writes them
(isvimed_planning/beat.py): one schedule for the cluster, run by exactly one beat.
Times are in America/Bogota (CELERY_TIMEZONE). Every job is idempotent: running it twice, or
again after a worker died half way, sends each notice once and produces each snapshot once.
"""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")

app = Celery("isvimed_planning")


@app.on_configure.connect
def _load_django_settings(sender, **kwargs):
    # The worker and beat read the settings here first: a wrong variable stops them with one line.
    from django.conf import settings

    from .env import exit_on_bad_settings

    with exit_on_bad_settings():
        settings.INSTALLED_APPS  # noqa: B018


app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.timezone = "America/Bogota"
app.conf.enable_utc = False
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # ANS: synchronise every step's clocks, update states, warn at risk, escalate overdue.
    "ans-daily-sweep": {
        "task": "deadlines.ans_sweep",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 6 * 3600},
    },
    # Monthly follow-up cycle: opens the month's period, reminds leads before the report
    # deadline, lists missing reports at the deadline, produces the matrices at the cutoff.
    # It runs every day at the end of the working day and acts only on the days each part is due.
    "monthly-follow-up-cycle": {
        "task": "monitoring.monthly_cycle",
        "schedule": crontab(hour=18, minute=30),
        "options": {"expires": 5 * 3600},
    },
    # Login throttling: failure counts past their cool-off, login records past retention.
    "clean-login-records": {
        "task": "core.clean_login_records",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 3600},
    },
    # Background jobs whose worker died, or that never left the queue, are marked failed with a
    # message their page shows (isvimed_planning/jobs.py). Idempotent.
    "sweep-stuck-imports": {
        "task": "workbook.sweep_stuck_imports",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # A petitioner's legal notice (Ley 1755) whose e-mail could not be queued or sent is sent later.
    "resend-petitioner-notices": {
        "task": "accountability.resend_petitioner_notices",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # The institute's figures of the current cycle brought up to date after any change, so that
    # no dashboard view computes them while its user waits (monitoring.selectors.refresh_figures).
    # Expires before the next run: a queue that fell behind does not pile them up.
    "refresh-institute-figures": {
        "task": "monitoring.refresh_figures",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    "sweep-stuck-snapshots": {
        "task": "monitoring.sweep_stuck_snapshots",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
}

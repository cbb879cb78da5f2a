"""The Celery application and every periodic job of the project (the ONE place for schedules).

Times are in America/Bogota (CELERY_TIMEZONE). Every job is idempotent: running it twice, or
again after a worker died half way, sends each notice once and produces each snapshot once.
"""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")

app = Celery("isvimed_planning")
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
}

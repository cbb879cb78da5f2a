"""Failure counts are deleted once past their cool-off, by the daily beat job, even when nobody logs in."""
import datetime as dt

import time_machine
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from isvimed_planning import tasks
from isvimed_planning.celery import app
from tests.conftest import PASSWORD

START = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc)


def _login(username, password):
    Client().post("/cuenta/ingresar/", {"username": username, "password": password})


def test_the_daily_job_deletes_expired_failure_rows_and_old_login_records(planner, lead):
    with time_machine.travel(START, tick=False) as clock:
        _login("planeador", "mala")
        _login("planeador", PASSWORD)
        clock.shift(dt.timedelta(minutes=30))
        _login("nadie", "mala")
        clock.shift(dt.timedelta(minutes=10))
        _login("lider1", "mala")
        assert AccessAttempt.objects.count() == 2
        assert AccessLog.objects.count() == 1
        clock.shift(dt.timedelta(minutes=10))  # nobody logs in: axes itself deletes nothing now

        assert tasks.clean_login_records.apply().get() == {"attempts": 1, "logs": 0}
        assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["lider1"]

        clock.shift(dt.timedelta(days=181))
        assert tasks.clean_login_records.apply().get() == {"attempts": 1, "logs": 1}

    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()


def test_the_job_is_in_the_beat_schedule():
    assert app.conf.beat_schedule["clean-login-records"]["task"] == tasks.clean_login_records.name == "core.clean_login_records"

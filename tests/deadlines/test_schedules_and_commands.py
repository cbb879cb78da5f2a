"""The beat schedule (America/Bogota) runs both jobs every day; each job can be run by hand."""
import datetime as dt

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command

from isvimed_planning.celery import app
from isvimed_planning.deadlines import tasks
from monitoring import tasks as monitoring_tasks


def test_the_beat_schedule_declares_the_daily_sweep_and_the_monthly_cycle_in_bogota_time():
    schedule = app.conf.beat_schedule
    assert schedule["ans-daily-sweep"]["task"] == tasks.ans_sweep.name == "deadlines.ans_sweep"
    assert schedule["monthly-follow-up-cycle"]["task"] == monitoring_tasks.monthly_cycle.name == "monitoring.monthly_cycle"
    assert schedule["ans-daily-sweep"]["schedule"] == crontab(hour=6, minute=0)
    assert schedule["monthly-follow-up-cycle"]["schedule"] == crontab(hour=18, minute=30)
    assert app.conf.timezone == "America/Bogota"
    assert "deadlines.ans_sweep" in app.tasks and "monitoring.monthly_cycle" in app.tasks


def test_the_jobs_retry_with_backoff_a_bounded_number_of_times_and_ack_late():
    for task in (tasks.ans_sweep, monitoring_tasks.monthly_cycle):
        assert task.acks_late is True
        assert task.max_retries == 5
        assert task.retry_backoff
        assert OSError in task.autoretry_for


def test_the_commands_report_what_they_did(db, lead, capsys):
    call_command("ans_sweep", "--date", "2025-03-10")
    call_command("monthly_cycle", "--date", "2025-03-10")
    out = capsys.readouterr().out
    assert "Barrido ANS del 2025-03-10:" in out
    assert "Ciclo mensual del 2025-03-10: periodo abierto: 03/2025; 0 recordatorios; 0 avisos de faltantes; 0 matrices." in out


def test_a_bad_date_is_refused_with_a_spanish_message(db):
    with pytest.raises(CommandError, match="La fecha debe tener el formato AAAA-MM-DD."):
        call_command("monthly_cycle", "--date", "31/03/2025")

"""A petitioner's notice whose e-mail could not be queued (the broker was down when the planner
registered the petition) is sent by the periodic job, once, and not while it may still be queued."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from accountability import services
from accountability.models import PetitionerNotice
from accountability.tasks import resend_pending, send_petitioner_notices
from isvimed_planning.celery import app

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2026, 8, 14)
NOON = dt.datetime(2026, 8, 14, 17, 0, tzinfo=dt.timezone.utc)


def _broker_down(ids):
    raise ConnectionError("broker down")


def test_a_notice_the_broker_lost_is_sent_later_once(planner, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(send_petitioner_notices, "delay", _broker_down)
    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.request_register(
            by=planner, filing_number="RAD-2026-0200", requester_name="María Pérez Gómez", requester_kind="citizen",
            requester_email="maria.perez@example.com", channel="email", received_on=RECEIVED, kind="general",
            subject="Estado de mi postulación al subsidio")
    assert mail.outbox == []
    assert PetitionerNotice.objects.get().sent_at is None

    monkeypatch.setattr(send_petitioner_notices, "delay", lambda ids: send_petitioner_notices(ids))
    with time_machine.travel(NOON + dt.timedelta(minutes=5), tick=False):
        assert resend_pending() == 0  # may still be on its way: not queued twice
    with time_machine.travel(NOON + dt.timedelta(minutes=15), tick=False):
        assert resend_pending() == 1
        assert resend_pending() == 0
    assert [m.subject for m in mail.outbox] == [
        "Radicado RAD-2026-0200: recibimos su petición (respuesta a más tardar el 07/09/2026)"]
    assert PetitionerNotice.objects.get().sent_at == NOON + dt.timedelta(minutes=15)


def test_the_job_runs_every_quarter_of_an_hour():
    entry = app.conf.beat_schedule["resend-petitioner-notices"]
    assert entry["task"] == resend_pending.name == "accountability.resend_petitioner_notices"
    assert entry["schedule"].minute == {0, 15, 30, 45}

"""The institute's figures are brought up to date by a job every minute (and by `manage.py
refresh_figures` after a deploy), so the first dashboard view after a change reads them instead
of computing them while the planner waits. The data set is the matrices' (tests/matrices),
current cycle June 2025."""
import datetime as dt
import re

import pytest
from django.core.management import call_command

from isvimed_planning.caching import clear_local
from isvimed_planning.celery import app
from monitoring import institute, tasks
from monitoring.models import ProgressReport
from tests.matrices.builders import dataset


@pytest.fixture
def data(db, lead, lead2, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))  # no reporting period: the cycle is June 2025
    return dataset(lead=lead, lead2=lead2)


@pytest.fixture
def nothing_computed_on_a_view(monkeypatch):
    """From here on, computing or patching the figures fails the test; `allowed()` lifts it for
    the job. Each process keeps what it computed: forgotten, so the view reads the shared cache
    as another gunicorn worker would."""
    real = institute._computed, institute._patched

    def refuse(*args, **kwargs):
        raise AssertionError("Las cifras se calcularon al ver el tablero.")

    def refused():
        clear_local()
        monkeypatch.setattr(institute, "_computed", refuse)
        monkeypatch.setattr(institute, "_patched", refuse)

    def allowed():
        monkeypatch.setattr(institute, "_computed", real[0])
        monkeypatch.setattr(institute, "_patched", real[1])

    return refused, allowed


def _committed(page: str) -> str:
    return re.search(r'Comprometido</div><div class="value">([^<]+)<', page).group(1)


def test_the_first_view_after_an_approval_reads_what_the_job_computed(login, planner, data, nothing_computed_on_a_view):
    refused, allowed = nothing_computed_on_a_view
    client = login(planner)
    assert tasks.refresh_figures() == "2025-06"
    refused()
    before = _committed(client.get("/seguimiento/").content.decode())

    allowed()
    approved = ProgressReport.objects.filter(project=data.a, year=2025, state="approved").order_by("month").first()
    ProgressReport.objects.filter(pk=approved.pk).update(committed=approved.committed + 100_000_000)
    tasks.refresh_figures()
    refused()
    after = _committed(client.get("/seguimiento/").content.decode())
    as_number = lambda text: int(re.sub(r"\D", "", text))  # noqa: E731
    assert as_number(after) - as_number(before) == 100_000_000


def test_without_the_job_the_view_would_compute_them(login, planner, data, nothing_computed_on_a_view):
    refused, _ = nothing_computed_on_a_view
    refused()
    with pytest.raises(AssertionError, match="Las cifras se calcularon al ver el tablero."):
        login(planner).get("/seguimiento/")


def test_the_command_fills_an_emptied_cache(login, planner, data, nothing_computed_on_a_view, capsys):
    refused, _ = nothing_computed_on_a_view
    call_command("refresh_figures")
    assert "Cifras del instituto al corte de 06/2025 al día" in capsys.readouterr().out
    refused()
    assert login(planner).get("/seguimiento/").status_code == 200


def test_the_job_runs_every_minute_and_does_not_pile_up():
    entry = app.conf.beat_schedule["refresh-institute-figures"]
    assert entry["task"] == tasks.refresh_figures.name == "monitoring.refresh_figures"
    assert entry["options"]["expires"] < 60
    assert entry["schedule"].minute == set(range(60))

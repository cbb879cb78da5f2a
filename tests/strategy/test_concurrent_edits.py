"""Two planners save the same line at the same moment from forms of the same version: one is
saved, the other refused, whatever the timing (the lock is one conditional UPDATE; PostgreSQL)."""
import threading

import pytest
from django.db import connection, connections

from strategy import services
from strategy.models import StrategicLine
from isvimed_planning.workflow import DomainError
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no concurrent writers; runs on PostgreSQL"),
]

STALE = "Otra persona modificó esta línea mientras usted la editaba. Revise los cambios y vuelva a intentarlo."


def test_two_saves_of_the_same_version_at_once_cannot_both_win(planner):
    line = StrategicLine.objects.create(plan=factories.plan(), code="4", name="Infraestructura")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(name):
        try:
            mine = StrategicLine.objects.get(pk=line.pk)
            barrier.wait(timeout=10)
            services.line_save(by=planner, plan=mine.plan, line=mine, code="4", name=name, version=1)
            results[name] = "saved"
        except DomainError as error:
            results[name] = error.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("Vivienda", "Hábitat")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == sorted(["saved", STALE])
    winner = next(name for name, outcome in results.items() if outcome == "saved")
    line.refresh_from_db()
    assert (line.name, line.version) == (winner, 2)
    assert line.history.count() == 2  # created, then the one saved edit

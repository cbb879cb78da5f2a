"""Two refreshes of the same month at once (two approvals of the month): the second waits for
the first and both commit; without the per-month lock the second's INSERT collided with the rows
the first had just inserted (duplicate key), under READ COMMITTED."""
from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from monitoring import totals
from tests.matrices.builders import dataset


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no concurrent writers; runs on PostgreSQL")
def test_two_refreshes_of_the_same_month_at_once_both_commit_and_stay_exact(lead, lead2):
    dataset(lead=lead, lead2=lead2)
    first_refreshed = threading.Event()
    errors: list[str] = []

    def first():
        try:
            with transaction.atomic():
                totals.refresh_totals(months=[(2025, 1)])
                first_refreshed.set()
                time.sleep(1)  # still inside its transaction: the second one comes now
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(f"first: {error!r}")
        finally:
            first_refreshed.set()
            connections.close_all()

    def second():
        try:
            first_refreshed.wait(timeout=10)
            with transaction.atomic():
                totals.refresh_totals(months=[(2025, 1)])
        except Exception as error:  # noqa: BLE001
            errors.append(f"second: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert totals.compare() == []

import datetime as dt

import pytest
import time_machine

from monitoring.models import ReportingPeriod


@pytest.fixture(autouse=True)
def april_3rd(db):
    """Today is Thursday 03/04/2025 in Bogotá (the week runs 31/03 – 06/04) and the cycle being
    reported is March 2025 (its period exists)."""
    ReportingPeriod.objects.create(year=2025, month=3, cutoff=dt.date(2025, 3, 31), report_deadline=dt.date(2025, 4, 7))
    with time_machine.travel(dt.datetime(2025, 4, 3, 15, 0, tzinfo=dt.UTC)):
        yield

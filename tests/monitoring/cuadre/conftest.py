import datetime as dt

import pytest
import time_machine

from monitoring.models import ReportingPeriod

from .ui_builders import CUTOFF


@pytest.fixture
def march_cycle(db):
    """The cycle being reported is March 2025 (its period exists; today is 03/04/2025 in Bogotá):
    the run the project, report, indicator and home pages show is that cutoff's."""
    ReportingPeriod.objects.create(year=2025, month=3, cutoff=CUTOFF, report_deadline=dt.date(2025, 4, 7))
    with time_machine.travel(dt.datetime(2025, 4, 3, 15, 0, tzinfo=dt.UTC)):
        yield

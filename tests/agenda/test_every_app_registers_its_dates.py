"""The base draws the agenda without knowing the apps: each app that owns a legal or procedure
date registers its provider in its own agenda.py, found by autodiscovery."""
from isvimed_planning import agenda


def test_each_owner_of_dates_registers_its_provider():
    found = {f"{p.__module__}.{p.__qualname__}" for p in agenda.providers()}

    assert found == {
        "accountability.agenda.requests_and_commitments",
        "accountability.agenda.public_hearings",
        "action_plan.agenda.legal_publication",
        "monitoring.agenda.reporting_cycle",
        "isvimed_planning.deadlines.agenda.open_clocks",
    }

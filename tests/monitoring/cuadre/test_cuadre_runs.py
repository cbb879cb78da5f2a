"""The cuadre's runs: a planner asking for the cuadre of a cutoff gets the run already made (or
being made) while the data it read have not changed, and a new one, queued, once they have; the
run fills its findings with its progress at 100; who has no role may not run it."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from monitoring import cuadre_services
from monitoring.models import CuadreRun, SnapshotState
from tests.monitoring.builders import allocate, period, report, reporting_project

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 3, 31)


@pytest.fixture
def owed_march(lead):
    """A project that owes March 2025 and has not reported it."""
    project = reporting_project(lead=lead, name="Mejoramiento Moravia")
    allocate(project)
    period(2025, 3)
    return project


def test_the_same_run_while_the_data_hold_a_new_one_when_a_report_changes(planner, owed_march,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        first = cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner)
    assert len(queued) == 1  # sent to the worker once the request commits
    assert (first.state, first.requested_by) == (SnapshotState.QUEUED, planner)

    with django_capture_on_commit_callbacks() as queued:
        assert cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner) == first
    assert queued == []

    done = cuadre_services.cuadre_generate(run_id=first.pk)
    assert (done.state, done.progress) == (SnapshotState.DONE, 100)
    # (The project's product has no unit cost, which the planning rules find too: not this story.)
    assert list(done.finding_rows.filter(rule="CU05").values_list("rule", "object_id", "message")) == [
        ("CU05", owed_march.pk, "Falta el reporte de marzo de 2025.")
    ]
    assert cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner) == first  # finished, still current

    report(owed_march, month=3, state="submitted", evidence=False)
    second = cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner)
    assert second != first and second.data_version != first.data_version
    assert not cuadre_services.cuadre_generate(run_id=second.pk).finding_rows.filter(rule="CU05").exists()
    assert CuadreRun.objects.count() == 2


def test_someone_without_a_role_may_not_run_the_cuadre(outsider, owed_march):
    with pytest.raises(PermissionDenied):
        cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=outsider)
    assert not CuadreRun.objects.exists()


def test_a_new_reporting_period_or_a_projects_territory_makes_a_new_run(planner, owed_march):
    """What the checks of the reports read beyond the reports themselves is in the data version."""
    from projects.models import ProjectTerritory

    first = cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner)
    period(2025, 2)  # February now counts for CU05
    second = cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner)
    assert second != first
    territory = ProjectTerritory.objects.get(project=owed_march)
    territory.share = 50  # saved alone, as the admin would: only its own history tells
    territory.save()
    assert cuadre_services.cuadre_request(year=2025, cutoff=CUTOFF, by=planner) not in (first, second)

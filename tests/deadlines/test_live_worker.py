"""Live ANS through the real worker: planeación's change commits, the synchronisation is queued
on commit and the worker updates the ANS page's clocks, with no daily sweep."""
import pytest
from django.utils import timezone

from isvimed_planning.deadlines.models import DeadlineInstance
from tests import factories
from tests.worker import wait_for

from .builders import ans_row

pytestmark = pytest.mark.celery_worker


def test_the_worker_synchronises_a_committed_change(lead, director, login, celery_worker):
    project = factories.project(lead=lead, name="Vivienda digna")  # committed at once (no test transaction)
    wait_for(lambda: DeadlineInstance.objects.filter(step="project", object_id=project.pk).exists(), timeout=60)
    assert ans_row(login(director), "project")["open"] == 1

    project.registered_on = timezone.localdate()
    project.save()
    wait_for(lambda: DeadlineInstance.objects.get(step="project", object_id=project.pk).completed_on is not None, timeout=60)
    assert ans_row(login(director), "project") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}
    log = celery_worker.log_path.read_text()
    assert "deadlines.ans_sync" in log and "succeeded" in log

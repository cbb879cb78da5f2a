"""End to end through a real Celery worker over Redis: the daily sweep escalates an overdue
project (in-app and e-mail, once even when sent twice) and the monthly cycle opens the period and
produces the four matrices at the cutoff."""
import datetime as dt

import pytest
from django.utils import timezone

from isvimed_planning.deadlines.tasks import ans_sweep
from monitoring.tasks import monthly_cycle
from isvimed_planning.models import Notice
from monitoring.models import MatrixSnapshot, ReportingPeriod
from tests import factories
from tests.worker import wait_for

from .builders import formulating_project, notices

pytestmark = pytest.mark.celery_worker


def test_the_worker_runs_the_sweep_and_the_monthly_cycle(media, planner, lead, lead2, celery_worker):
    today = timezone.localdate()
    formulating_project(lead=lead, started=today - dt.timedelta(days=45))
    factories.project(lead=lead2, state="in_execution", name="Proyecto en ejecución")

    ans_sweep.delay()
    ans_sweep.delay()
    wait_for(lambda: Notice.objects.filter(kind="ans_overdue", emailed_at__isnull=False).count() == 2, timeout=60)
    monthly_cycle.delay("2025-03-31")
    monthly_cycle.delay("2025-03-31")
    wait_for(lambda: MatrixSnapshot.objects.filter(state="done").count() == 4, timeout=120)
    assert ReportingPeriod.objects.filter(year=2025, month=3, cutoff=dt.date(2025, 3, 31)).exists()
    assert sorted(MatrixSnapshot.objects.values_list("kind", "cutoff")) == [
        (kind, dt.date(2025, 3, 31))
        for kind in ("georreferenciacion", "plan-accion", "plan-indicativo", "presupuesto-resultados")
    ]
    assert sorted(notices("ans_overdue")) == [("lider1", "ans_overdue"), ("planeador", "ans_overdue")]
    log = celery_worker.log_path.read_text()
    assert "deadlines.ans_sweep" in log and "succeeded" in log

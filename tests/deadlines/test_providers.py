"""Each app plugs its own clocks into the shared mechanism: what starts them, when they are due
and what ends them, as the procedure says."""
import datetime as dt
from decimal import Decimal

import time_machine
from django.utils import timezone

from accountability.models import AccountabilityReport, CouncilCommitment, CouncilSession
from action_plan.models import ActionPlan
from budget.models import FiscalYear
from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.deadlines.registry import providers
from isvimed_planning.deadlines.services import sync_all
from monitoring.models import MatrixSnapshot, ProgressReport, ReportingPeriod
from strategy.models import DevelopmentPlan, StrategicPlatform
from tests import factories

D = dt.date
BOGOTA = timezone.get_fixed_timezone(-300)


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=BOGOTA)


def _clock(step, obj):
    c = DeadlineInstance.objects.get(step=step, object_id=obj.pk)
    return c.start, c.due, c.completed_on, c.state


def test_every_app_registers_its_provider_through_autodiscovery():
    assert set(providers()) == {
        "strategy", "project", "budget", "action_plan", "action_plan_legal", "monitoring", "information_request",
        "council_commitment", "accountability_report",
    }


@time_machine.travel(_aware(D(2024, 9, 15)), tick=False)
def test_a_development_plan_has_seven_months_from_1_january_until_its_platform_is_approved(db, planner):
    with time_machine.travel(_aware(D(2023, 11, 2)), tick=False):
        plan = DevelopmentPlan.objects.create(name="Medellín Te Quiere", first_year=2024, last_year=2027)
    sync_all()
    assert _clock("strategy", plan) == (D(2024, 1, 1), D(2024, 8, 1), None, "overdue")
    StrategicPlatform.objects.create(plan=plan, version=1, state="approved", approved_at=_aware(D(2024, 7, 20)))
    sync_all()
    assert _clock("strategy", plan) == (D(2024, 1, 1), D(2024, 8, 1), D(2024, 7, 20), "done_on_time")


@time_machine.travel(_aware(D(2024, 12, 10)), tick=False)
def test_a_fiscal_year_budget_runs_four_months_from_its_opening_or_1_september(db):
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("100"))
    opened = FiscalYear.objects.create(year=2026, global_ceiling=Decimal("100"), opened_on=D(2024, 11, 15))
    sync_all()
    assert _clock("budget", fy) == (D(2024, 9, 1), D(2025, 1, 1), None, "at_risk")
    assert _clock("budget", opened)[:2] == (D(2024, 11, 15), D(2025, 3, 15))
    FiscalYear.objects.filter(pk=fy.pk).update(state="closed", closed_at=_aware(D(2024, 12, 10)))
    sync_all()
    assert _clock("budget", fy) == (D(2024, 9, 1), D(2025, 1, 1), D(2024, 12, 10), "done_on_time")


@time_machine.travel(_aware(D(2025, 2, 10)), tick=False)
def test_the_action_plan_runs_four_months_from_the_budget_close_and_must_be_published_by_31_january(db):
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("100"), state="closed", closed_at=_aware(D(2024, 12, 10)))
    plan = ActionPlan.objects.create(fiscal_year=fy)
    sync_all()
    assert _clock("action_plan", fy) == (D(2024, 12, 10), D(2025, 4, 10), None, "on_time")
    assert _clock("action_plan_legal", fy) == (D(2024, 12, 10), D(2025, 1, 31), None, "overdue")
    ActionPlan.objects.filter(pk=plan.pk).update(state="published", published_at=_aware(D(2025, 2, 12)))
    sync_all()
    assert _clock("action_plan", fy)[2:] == (D(2025, 2, 12), "done_on_time")
    assert _clock("action_plan_legal", fy)[2:] == (D(2025, 2, 12), "done_late")


@time_machine.travel(_aware(D(2025, 9, 1)), tick=False)
def test_without_a_closed_budget_the_action_plan_starts_on_the_configured_date(db):
    fy = FiscalYear.objects.create(year=2026, global_ceiling=Decimal("100"))
    sync_all()
    assert _clock("action_plan", fy)[:2] == (D(2025, 10, 1), D(2026, 2, 1))


@time_machine.travel(_aware(D(2025, 5, 20)), tick=False)
def test_a_follow_up_cycle_is_done_when_every_report_is_approved_and_a_matrix_exists_for_its_cutoff(db, lead, lead2):
    a = factories.project(lead=lead, state="in_execution")
    b = factories.project(lead=lead2, state="in_execution")
    period = ReportingPeriod.objects.create(year=2025, month=3, cutoff=D(2025, 3, 31), report_deadline=D(2025, 4, 7))
    ProgressReport.objects.create(project=a, year=2025, month=3, state="approved", approved_at=_aware(D(2025, 4, 8)))
    ProgressReport.objects.create(project=b, year=2025, month=3, state="submitted")
    sync_all()
    assert _clock("monitoring", period) == (D(2025, 3, 1), D(2025, 6, 1), None, "at_risk")  # 12 of 92 days left
    ProgressReport.objects.filter(project=b).update(state="approved", approved_at=_aware(D(2025, 4, 20)))
    sync_all()
    assert _clock("monitoring", period)[2] is None  # no matrix for the cutoff yet
    MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=D(2025, 3, 31), state="done",
                                  finished_at=_aware(D(2025, 4, 25)))
    sync_all()
    assert _clock("monitoring", period)[2:] == (D(2025, 4, 25), "done_on_time")


@time_machine.travel(_aware(D(2025, 4, 20)), tick=False)
def test_commitments_and_accountability_reports_have_their_own_clocks(db, lead):
    session = CouncilSession.objects.create(kind="ordinary", date=D(2025, 4, 1), subject="Vivienda")
    commitment = CouncilCommitment.objects.create(session=session, description="Enviar el informe", due_date=D(2025, 4, 21),
                                                  responsible=lead)
    with time_machine.travel(_aware(D(2025, 3, 10)), tick=False):
        report = AccountabilityReport.objects.create(year=2024, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31),
                                                     title="Informe de gestión 2024")
    sync_all()
    assert _clock("council_commitment", commitment) == (D(2025, 4, 1), D(2025, 4, 21), None, "at_risk")
    assert DeadlineInstance.objects.get(step="council_commitment").responsible == lead
    assert _clock("accountability_report", report) == (D(2025, 3, 10), D(2025, 4, 10), None, "overdue")
    AccountabilityReport.objects.filter(pk=report.pk).update(state="approved", approved_at=_aware(D(2025, 4, 15)))
    CouncilCommitment.objects.filter(pk=commitment.pk).update(delivered_on=D(2025, 4, 18))
    sync_all()
    assert _clock("accountability_report", report)[2:] == (D(2025, 4, 15), "done_late")
    assert _clock("council_commitment", commitment)[2:] == (D(2025, 4, 18), "done_on_time")


def test_an_object_deleted_loses_its_clock(db, lead):
    proj = factories.project(lead=lead)
    sync_all()
    assert DeadlineInstance.objects.filter(step="project", object_id=proj.pk).exists()
    proj.delete()
    sync_all()
    assert not DeadlineInstance.objects.filter(step="project").exists()

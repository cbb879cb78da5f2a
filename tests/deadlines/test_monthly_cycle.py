"""The monthly follow-up cycle: opens the period, reminds only the leads who have not reported,
lists the missing reports to planeación at the deadline, produces the four matrices at the
cutoff — each once, however many times it runs."""
import datetime as dt

import pytest
from django.core.management import call_command

from monitoring import monthly_cycle
from isvimed_planning.deadlines.models import CycleSettings
from isvimed_planning.models import Notice
from monitoring.models import MatrixSnapshot, ProgressReport, ReportingPeriod
from tests import factories

from .builders import notices


@pytest.fixture
def executing(lead, lead2, planner):
    a = factories.funded(factories.project(lead=lead, state="in_execution", name="Proyecto A"), 2025)
    b = factories.funded(factories.project(lead=lead2, state="in_execution", name="Proyecto B"), 2025)
    factories.project(lead=lead2, state="formulation", name="Proyecto en formulación")
    return a, b


def test_the_first_run_of_a_month_opens_its_period_with_the_default_cutoff_and_deadline(db):
    call_command("monthly_cycle", "--date", "2025-03-01")
    call_command("monthly_cycle", "--date", "2025-03-02")
    period = ReportingPeriod.objects.get()
    # Last day of March; 5th business day of April 2025 (1, 2, 3, 4, 7).
    assert (period.year, period.month, period.cutoff, period.report_deadline) == (
        2025, 3, dt.date(2025, 3, 31), dt.date(2025, 4, 7)
    )


def test_the_deadline_business_day_is_configurable(db):
    CycleSettings.objects.update_or_create(pk=1, defaults={"report_deadline_business_day": 3})
    monthly_cycle.run(today=dt.date(2025, 3, 10))
    assert ReportingPeriod.objects.get().report_deadline == dt.date(2025, 4, 3)


def test_leads_who_have_not_reported_are_reminded_once_before_the_deadline(executing, lead, lead2):
    a, b = executing
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    ProgressReport.objects.create(project=b, year=2025, month=3, state="submitted")
    monthly_cycle.run(today=dt.date(2025, 4, 2))  # 3 business days before the deadline: too early
    assert notices("report_reminder") == []
    monthly_cycle.run(today=dt.date(2025, 4, 3))  # 2 business days before 07/04
    monthly_cycle.run(today=dt.date(2025, 4, 4))
    assert notices("report_reminder") == [("lider1", "report_reminder")]
    notice = Notice.objects.get(kind="report_reminder")
    assert notice.title == "Recuerde reportar Proyecto A (marzo de 2025)"
    assert "vence el 07/04/2025" in notice.body


def test_an_approved_report_is_not_reminded(executing):
    a, b = executing
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    ProgressReport.objects.create(project=a, year=2025, month=3, state="approved")
    ProgressReport.objects.create(project=b, year=2025, month=3, state="returned")
    monthly_cycle.run(today=dt.date(2025, 4, 3))
    assert notices("report_reminder") == [("lider2", "report_reminder")]


def test_at_the_deadline_planeacion_gets_the_list_of_missing_reports_once(executing, planner):
    a, b = executing
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    ProgressReport.objects.create(project=a, year=2025, month=3, state="submitted")
    monthly_cycle.run(today=dt.date(2025, 4, 7))
    monthly_cycle.run(today=dt.date(2025, 4, 8))
    assert notices("reports_missing") == [("planeador", "reports_missing")]
    notice = Notice.objects.get(kind="reports_missing")
    assert notice.title == "Reportes faltantes de marzo de 2025: 1"
    assert notice.body == (
        "Al vencer el plazo (07/04/2025) faltan estos reportes:\n- Proyecto B (responsable: Lina Lozano)"
    )


def test_at_the_cutoff_the_four_matrices_are_produced_once(db, media, monkeypatch):
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return MatrixSnapshot.objects.get_or_create(
            schedule_key=kwargs["schedule_key"],
            defaults={"kind": kwargs["kind"], "year": kwargs["year"], "cutoff": kwargs["cutoff"], "state": "done"},
        )[0]

    from monitoring import matrix_services

    monkeypatch.setattr(matrix_services, "scheduled_snapshot", fake)
    monthly_cycle.run(today=dt.date(2025, 3, 30))
    assert calls == []
    monthly_cycle.run(today=dt.date(2025, 3, 31))
    monthly_cycle.run(today=dt.date(2025, 3, 31))
    assert sorted(MatrixSnapshot.objects.values_list("schedule_key", flat=True)) == [
        "monthly:georreferenciacion:2025-03-31", "monthly:plan-accion:2025-03-31",
        "monthly:plan-indicativo:2025-03-31", "monthly:presupuesto-resultados:2025-03-31",
    ]
    assert {(c["year"], c["cutoff"]) for c in calls} == {(2025, dt.date(2025, 3, 31))}


def test_the_real_scheduled_snapshot_keeps_one_file_per_matrix_when_the_cycle_runs_twice(executing, media):
    monthly_cycle.run(today=dt.date(2025, 3, 31))
    monthly_cycle.run(today=dt.date(2025, 4, 1))
    snapshots = MatrixSnapshot.objects.order_by("kind")
    assert [(s.kind, s.state) for s in snapshots] == [
        ("georreferenciacion", "done"), ("plan-accion", "done"), ("plan-indicativo", "done"),
        ("presupuesto-resultados", "done"),
    ]
    assert all(s.file for s in snapshots)

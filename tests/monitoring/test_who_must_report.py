"""One answer to "who must report this month": the "sin reporte" list, the lead's "Reportar"
button, opening a report, the reminders, the missing-report notice and the ANS clock agree.

A project owes the month's report when it is in the bank and not closed, has started by the end
of that month and has a budget for that year."""
import datetime as dt

import pytest
from django.urls import reverse

from isvimed_planning.deadlines.registry import providers
from monitoring import monthly_cycle
from monitoring.models import ProgressReport, ReportingPeriod
from projects.models import Project
from tests import factories
from tests.deadlines.builders import notices

pytestmark = pytest.mark.django_db


def _period(year: int, month: int) -> ReportingPeriod:
    period, _ = monthly_cycle.open_period(today=dt.date(year, month, 1))
    return period


def _monitoring_clock(period) -> list:
    """The follow-up ANS item of the period, as the daily sweep computes it."""
    (provider,) = providers()["monitoring"]
    return [item for item in provider(today=period.cutoff) if item.obj == period]


def _index(client, year: int, month: int) -> str:
    return client.get(reverse("monitoring:index"), {"anio": year, "mes": month}).content.decode()


def test_a_registered_project_with_budget_is_reminded_as_well_as_listed(lead, planner, login):
    registered = factories.funded(factories.project(lead=lead, state="registered", name="Mejoramiento Moravia"), 2025)
    _period(2025, 3)

    assert "Mejoramiento Moravia" in _index(login(planner), 2025, 3).split("Sin reporte de marzo 2025")[1]
    monthly_cycle.run(today=dt.date(2025, 4, 3))  # two business days before the deadline (07/04)
    assert notices("report_reminder") == [("lider1", "report_reminder")]
    monthly_cycle.run(today=dt.date(2025, 4, 7))
    assert notices("reports_missing") == [("planeador", "reports_missing")]
    assert registered.name in _missing_notice_body()


def _missing_notice_body() -> str:
    from isvimed_planning.models import Notice

    return Notice.objects.get(kind="reports_missing").body


def test_a_project_that_starts_next_year_is_not_asked_for_this_years_months(lead, planner, login):
    later = factories.funded(factories.project(lead=lead, state="registered", name="Vivienda 2027"), 2026, 2027)
    Project.objects.filter(pk=later.pk).update(start_date=dt.date(2027, 1, 15))
    _period(2026, 11)

    page = _index(login(lead), 2026, 11)
    assert "Reportar noviembre" not in page
    assert "Ninguno de sus proyectos debe reportar noviembre." in page
    assert "Vivienda 2027" not in _index(login(planner), 2026, 11).split("Sin reporte de noviembre 2026")[1]

    response = login(lead).post(reverse("monitoring:report_start", args=[later.pk, 2026, 11]), follow=True)
    assert "El proyecto inicia el 15/01/2027: no se reporta noviembre de 2026." in response.content.decode()
    assert not ProgressReport.objects.exists()

    monthly_cycle.run(today=dt.date(2026, 12, 4))
    assert notices("report_reminder") == []


def test_a_project_without_budget_for_the_year_owes_no_report_that_year(lead, login):
    unfunded = factories.funded(factories.project(lead=lead, state="in_execution", name="Sin plata 2025"), 2026)
    _period(2025, 6)
    _period(2026, 6)

    assert "Reportar junio" not in _index(login(lead), 2025, 6)
    assert "Reportar junio" in _index(login(lead), 2026, 6)
    response = login(lead).post(reverse("monitoring:report_start", args=[unfunded.pk, 2025, 6]), follow=True)
    assert "El proyecto no tiene presupuesto para la vigencia 2025: no se reporta junio de 2025." in response.content.decode()


def test_the_follow_up_clock_ends_when_the_projects_that_owe_the_month_are_approved(lead, lead2, planner):
    owing = factories.funded(factories.project(lead=lead, state="in_execution", name="Debe"), 2025)
    factories.funded(factories.project(lead=lead2, state="registered", name="Debe también"), 2025)
    not_started = factories.funded(factories.project(lead=lead2, state="in_execution", name="Empieza en mayo"), 2025)
    Project.objects.filter(pk=not_started.pk).update(start_date=dt.date(2025, 5, 2))
    period = _period(2025, 3)
    from monitoring.models import MatrixSnapshot

    MatrixSnapshot.objects.create(kind="plan-indicativo", year=2025, cutoff=period.cutoff, state="done",
                                  finished_at=dt.datetime(2025, 4, 8, 12, tzinfo=dt.UTC))
    ProgressReport.objects.create(project=owing, year=2025, month=3, state="approved",
                                  approved_at=dt.datetime(2025, 4, 5, 12, tzinfo=dt.UTC))
    (item,) = _monitoring_clock(period)
    assert item.completed_on is None  # "Debe también" (registered, funded, started) has not reported

    other = Project.objects.get(name="Debe también")
    ProgressReport.objects.create(project=other, year=2025, month=3, state="approved",
                                  approved_at=dt.datetime(2025, 4, 6, 12, tzinfo=dt.UTC))
    (item,) = _monitoring_clock(period)
    assert item.completed_on == dt.date(2025, 4, 8)  # the May project is not waited for

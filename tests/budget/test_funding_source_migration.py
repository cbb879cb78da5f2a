"""budget 0005: each free-text source of the allocations becomes a FundingSource, numbered in name
order; texts that differ only in case or spaces are one source; two allocations of one project and
year naming that source are merged without changing the year's total; historical rows point at it.

Run with Django's MigrationExecutor: back to budget 0004 (free text), data written with that state's
models, forward to the latest migrations."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.models import FiscalYear, ProjectAllocation
from projects.models import FundingSource, ProjectState
from tests import factories
from tests.migrations import at_migration, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("budget", "0004_edit_version_optimistic_lock")]


@pytest.fixture
def old_budget():
    """The budget app at 0004; its models (free-text `source`). Forward again at the end."""
    with at_migration(BEFORE) as apps:
        yield apps


def _year(year=2026, allocated="0"):
    return FiscalYear.objects.create(
        year=year, global_ceiling=Decimal("10000000000"), allocated_total=Decimal(allocated), opened_on=dt.date(year - 1, 9, 1)
    )


def _allocate(apps, fy, project, source, amount):
    Allocation = apps.get_model("budget", "ProjectAllocation")
    allocation = Allocation.objects.create(fiscal_year_id=fy.pk, project_id=project.pk, source=source, amount=Decimal(amount))
    apps.get_model("budget", "HistoricalProjectAllocation").objects.create(
        id=allocation.pk, fiscal_year_id=fy.pk, project_id=project.pk, source=source, amount=Decimal(amount),
        version=1, history_date=timezone.now(), history_type="+",
    )
    return allocation


def test_free_text_sources_become_numbered_funding_sources_and_spellings_are_one(old_budget, lead):
    fy = _year(allocated="1800000000")
    housing = factories.project(lead=lead, state=ProjectState.VIABLE, name="Vivienda nueva")
    improvement = factories.project(lead=lead, state=ProjectState.VIABLE, name="Mejoramiento")
    _allocate(old_budget, fy, housing, "Sistema General de Participaciones", "1000000000")
    _allocate(old_budget, fy, improvement, "Recursos propios", "500000000")
    _allocate(old_budget, fy, improvement, "  sistema general   de PARTICIPACIONES ", "300000000")

    migrate()

    assert list(FundingSource.objects.order_by("code").values_list("code", "name", "active")) == [
        ("01", "Recursos propios", True),
        ("02", "Sistema General de Participaciones", True),
    ]
    sgp = FundingSource.objects.get(code="02")
    assert sorted(ProjectAllocation.objects.filter(source=sgp).values_list("project__name", "amount")) == [
        ("Mejoramiento", Decimal("300000000.00")), ("Vivienda nueva", Decimal("1000000000.00")),
    ]


def test_an_existing_source_of_that_name_is_used_and_new_codes_continue_after_it(old_budget, lead):
    FundingSource.objects.create(code="07", name="Crédito")
    fy = _year(allocated="900000000")
    project = factories.project(lead=lead, state=ProjectState.VIABLE)
    _allocate(old_budget, fy, project, "CRÉDITO", "400000000")
    _allocate(old_budget, fy, project, "Recursos propios", "500000000")

    migrate()

    assert list(FundingSource.objects.order_by("code").values_list("code", "name")) == [
        ("07", "Crédito"), ("08", "Recursos propios"),
    ]
    assert ProjectAllocation.objects.get(amount=Decimal("400000000")).source.code == "07"


def test_two_allocations_of_one_project_and_year_naming_the_same_source_are_merged_keeping_the_total(old_budget, lead):
    fy = _year(allocated="1750000000")
    other_year = _year(2025, allocated="200000000")
    project = factories.project(lead=lead, state=ProjectState.VIABLE)
    _allocate(old_budget, fy, project, "Recursos propios", "1000000000")
    _allocate(old_budget, fy, project, "recursos  propios", "250000000")
    _allocate(old_budget, fy, project, "SGP", "500000000")
    _allocate(old_budget, other_year, project, "Recursos Propios", "200000000")

    migrate()

    rows = sorted(
        ProjectAllocation.objects.filter(project=project).values_list("fiscal_year__year", "source__name", "amount")
    )
    assert rows == [
        (2025, "Recursos propios", Decimal("200000000.00")),
        (2026, "Recursos propios", Decimal("1250000000.00")),
        (2026, "SGP", Decimal("500000000.00")),
    ]
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("1750000000.00")
    assert sum(ProjectAllocation.objects.filter(fiscal_year=fy).values_list("amount", flat=True)) == fy.allocated_total


def test_historical_rows_point_at_the_source_their_text_named(old_budget, lead):
    fy = _year(allocated="800000000")
    project = factories.project(lead=lead, state=ProjectState.VIABLE)
    kept = _allocate(old_budget, fy, project, "Recursos propios", "500000000")
    merged = _allocate(old_budget, fy, project, "RECURSOS PROPIOS", "300000000")

    migrate()

    source = FundingSource.objects.get()
    history = ProjectAllocation.history.model.objects.order_by("history_id")
    assert [(h.id, h.source_id) for h in history] == [(kept.pk, source.pk), (merged.pk, source.pk)]

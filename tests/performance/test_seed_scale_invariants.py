"""seed_scale builds data that keeps the domain's invariants."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from .builders import SMALL, _Null

pytestmark = pytest.mark.django_db


def test_seed_scale_keeps_budget_territorial_and_running_totals():
    from budget.models import FiscalYear, ProjectAllocation
    from monitoring.models import ProgressReport, TerritorialDistribution
    from projects.models import Product, Project

    call_command("seed_scale", stdout=_Null(), **SMALL)

    assert Project.objects.count() == 3
    assert Product.objects.count() == 9
    assert ProgressReport.objects.filter(state="approved").count() == 3 * 24
    assert ProgressReport.objects.filter(state="pending", year=2027, month=1).count() == 3
    for fy in FiscalYear.objects.all():
        total = ProjectAllocation.objects.filter(fiscal_year=fy).aggregate(s=Sum("amount"))["s"]
        assert fy.allocated_total == total <= fy.global_ceiling
    sums = dict(TerritorialDistribution.objects.values_list("report").annotate(s=Sum("committed")))
    for report in ProgressReport.objects.filter(state="approved"):
        assert sums[report.pk] == report.committed
        assert 1 <= report.territories.count() <= 5
    # Every approved report is split among its project's two sources, adding up to the report.
    from monitoring import sources

    assert sources.needs_split() == []
    for report in ProgressReport.objects.filter(state="approved").prefetch_related("source_execution"):
        rows = report.source_execution.all()
        assert len(rows) == 2
        assert [sum(getattr(r, f) for r in rows) for f in ("committed", "obligated", "paid")] == [
            report.committed, report.obligated, report.paid
        ]
    for project in Project.objects.all():
        for year in (2025, 2026):
            c = o = p = Decimal(0)
            for r in ProgressReport.objects.filter(project=project, year=year).order_by("month"):
                c, o, p = c + r.committed, o + r.obligated, p + r.paid
                assert p <= o <= c


def test_seed_scale_refuses_a_database_that_already_has_a_plan():
    call_command("seed_scale", stdout=_Null(), **SMALL)
    with pytest.raises(CommandError, match="ya tiene un plan de desarrollo"):
        call_command("seed_scale", stdout=_Null(), **SMALL)


def test_seed_scale_seeds_reports_in_several_chunks_of_projects():
    """At 10× the reports are written in chunks of projects; a small batch makes three chunks of
    the three projects, so every chunk after the first is exercised too."""
    from monitoring.models import ProgressReport, SourceExecution

    call_command("seed_scale", stdout=_Null(), **{**SMALL, "batch": 24})

    assert ProgressReport.objects.filter(state="approved").count() == 3 * 24
    assert ProgressReport.objects.filter(state="pending", year=2027, month=1).count() == 3
    assert SourceExecution.objects.count() == 2 * 3 * 24


def test_scale_picks_the_sizes_and_the_plan_does_not_grow_with_the_entities():
    from tooling.management.commands.seed_scale import Sizes, sizes

    # 10× is the defaults the measurements of docs/performance.md were made with.
    assert sizes(10) == Sizes(lines=5, components=20, programs=60, indicators=600, projects=2000, leads=50)
    assert sizes(1) == Sizes(lines=1, components=2, programs=6, indicators=60, projects=200, leads=5)
    hundred = sizes(100)
    assert (hundred.projects, hundred.indicators, hundred.programs) == (20_000, 800, 80)
    assert hundred.lines <= hundred.components <= hundred.programs <= hundred.indicators


@pytest.mark.parametrize("projects", [200, 2000, 20_000, 200_000])
def test_a_years_allocated_total_fits_its_column_at_every_scale(projects):
    """FiscalYear.allocated_total is max_digits 15, 2 decimals: at 100× it overflowed (PostgreSQL
    'numeric field overflow') when every project kept the 10× amounts."""
    from budget.models import FiscalYear
    from tooling.management.commands.seed_scale import money_unit

    field = FiscalYear._meta.get_field("allocated_total")
    largest = projects * 2 * 1300 * money_unit(projects) * 105 // 100  # the ceiling: 5 % above
    assert largest < 10 ** (field.max_digits - field.decimal_places)


def test_a_tiny_scale_seeds_its_sizes_and_explicit_options_win():
    from monitoring.models import ProgressReport
    from projects.models import Project
    from strategy.models import Indicator

    call_command("seed_scale", stdout=_Null(), scale=0.02, indicators=5, leads=2)  # 4 projects

    assert Project.objects.count() == 4
    assert Indicator.objects.count() == 5
    assert ProgressReport.objects.filter(state="approved").count() == 4 * 24


def test_one_more_year_of_history_adds_2024_and_keeps_the_invariants():
    from budget.models import FiscalYear, ProjectAllocation
    from monitoring.models import ProgressReport, ReportingPeriod, TerritorialDistribution

    call_command("seed_scale", stdout=_Null(), years=3, **SMALL)

    assert sorted(FiscalYear.objects.values_list("year", flat=True)) == [2024, 2025, 2026]
    assert ProgressReport.objects.filter(state="approved").count() == 3 * 36
    assert ProgressReport.objects.filter(state="approved", year=2024).count() == 3 * 12
    assert ReportingPeriod.objects.filter(state="closed").count() == 36
    for fy in FiscalYear.objects.all():
        total = ProjectAllocation.objects.filter(fiscal_year=fy).aggregate(s=Sum("amount"))["s"]
        assert fy.allocated_total == total <= fy.global_ceiling
    sums = dict(TerritorialDistribution.objects.values_list("report").annotate(s=Sum("committed")))
    assert all(sums[r.pk] == r.committed for r in ProgressReport.objects.filter(state="approved"))


def test_years_out_of_the_plan_are_refused():
    with pytest.raises(CommandError, match="--years debe estar entre 1 y 3"):
        call_command("seed_scale", stdout=_Null(), years=4, **SMALL)

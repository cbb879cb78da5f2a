"""After an approval, a budget change or a new programming the institute's figures (dashboard,
projection, open data) are patched from the last ones for the projects it touched, instead of
recomputed for the whole institute: at a whole administration's size that is the difference
between a second and most of a minute. A patch must give exactly what recomputing everything
gives: random approvals, reopenings, amount corrections, deletions, imports, modifications,
allocations (a project coming into the year and leaving it), reprogrammings, new programming and
a project's new BPIN, compared after each step."""
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection

from action_plan.models import FinancialMonthlyTarget
from budget.models import ProjectAllocation, TargetReprogramming
from isvimed_planning.caching import clear_local
from monitoring import figures, institute, totals
from monitoring.models import ProductProgress, ProgressReport, ReportState
from monitoring.services import report_approve, report_reopen
from projects.models import Product, Project
from tests import factories
from tests.matrices.builders import CUTOFF, YEAR, dataset, modification, report, scaled

pytestmark = pytest.mark.django_db

STEPS = 30


@pytest.fixture
def counted(monkeypatch):
    """How many times the whole institute was computed, and how many times it was patched."""
    calls = {"computed": 0, "patched": 0}
    compute, patch = institute._computed, institute._patch

    def computing(*args, **kwargs):
        calls["computed"] += 1
        return compute(*args, **kwargs)

    def patching(*args, **kwargs):
        calls["patched"] += 1
        return patch(*args, **kwargs)

    monkeypatch.setattr(institute, "_computed", computing)
    monkeypatch.setattr(institute, "_patch", patching)
    cache.clear()
    clear_local()
    return calls


_COMPUTE = institute._computed  # the whole computation, not counted


def _assert_same_as_computed_again() -> None:
    version = figures.inputs_version()
    again = _COMPUTE(YEAR, CUTOFF, version)
    here = institute.institute_figures(year=YEAR, cutoff=CUTOFF, version=version)
    clear_local()  # another process: it puts the cached delta on the base it reads
    elsewhere = institute.institute_figures(year=YEAR, cutoff=CUTOFF, version=version)
    for shown in (here, elsewhere):
        assert shown.figures == again.figures
        assert shown.projection == again.projection
        assert shown.territory_sums == again.territory_sums
        assert shown.pairs_by_project == again.pairs_by_project
        assert shown.source_rows == again.source_rows


@pytest.mark.parametrize("delta_limit", [institute.DELTA_LIMIT, 2], ids=["deltas", "new-bases"])
def test_random_approvals_reopenings_and_corrections_patch_to_the_same_figures(
    counted, planner, lead, lead2, delta_limit, monkeypatch
):
    monkeypatch.setattr(institute, "DELTA_LIMIT", delta_limit)
    data = dataset(lead=lead, lead2=lead2)
    scaled(6, lead=lead)
    newcomer = factories.project(lead=lead, the_program=data.a.program, state="in_execution", bank_code="2025100")
    _assert_same_as_computed_again()
    assert counted == {"computed": 1, "patched": 0}

    rng = random.Random(2211)  # pinned: the same sequence on every run
    patchable = 0
    done = set()
    for _step in range(STEPS):
        approved = list(ProgressReport.objects.filter(year=YEAR, state=ReportState.APPROVED).order_by("pk"))
        waiting = list(ProgressReport.objects.filter(year=YEAR, state=ReportState.SUBMITTED).order_by("pk"))
        returned = list(ProgressReport.objects.filter(year=YEAR, state=ReportState.RETURNED).order_by("pk"))
        action = rng.choice([
            "approve", "reopen", "correct", "resubmit", "delete", "import", "modify", "allocate", "program",
            "reprogram", "recode",
        ])
        projects = list(Project.objects.filter(allocations__fiscal_year=data.fy).distinct().order_by("pk"))
        if action == "approve" and waiting:
            report_approve(report=rng.choice(waiting), by=planner)
            patchable += 1
        elif action == "reopen" and approved:
            report_reopen(report=rng.choice(approved), by=planner, comment="Corregir el avance del mes.")
            patchable += 1
        elif action == "correct" and approved:
            one = rng.choice(approved)  # an administrator corrects an approved amount
            one.committed = Decimal(rng.randint(1, 900) * 1000)
            one.save(update_fields=["committed"])
            patchable += 1
        elif action == "resubmit" and returned:
            ProgressReport.objects.filter(pk=rng.choice(returned).pk).update(state=ReportState.SUBMITTED)
        elif action == "delete" and approved:
            rng.choice(approved).delete()
            patchable += 1
        elif action == "import" and approved:
            one = rng.choice(approved)  # the avance físico sheet re-imported: quantities change
            ProductProgress.objects.filter(report=one).update(quantity=Decimal(rng.randint(0, 30)))
            totals.refresh_totals(report_ids=[one.pk])
        elif action == "modify":
            kind = rng.choice(["addition", "reduction"])
            modification(rng.choice(projects), data.fy, CUTOFF, kind, str(rng.randint(1, 9) * 1000))
            patchable += 1
        elif action == "allocate":  # the newcomer comes into the year, or leaves it
            mine = ProjectAllocation.objects.filter(project=newcomer, fiscal_year=data.fy)
            if mine.exists():
                mine.get().delete()
            else:
                ProjectAllocation.objects.create(
                    fiscal_year=data.fy, project=newcomer, source=factories.funding_source("Propios"), amount=Decimal(7000)
                )
            patchable += 1
        elif action == "program":
            target = rng.choice(list(FinancialMonthlyTarget.objects.order_by("pk")))
            target.amount = Decimal(rng.randint(1, 500))
            target.save()
            patchable += 1
        elif action == "reprogram":
            product = rng.choice(list(Product.objects.filter(project__in=projects).order_by("pk")))
            TargetReprogramming.objects.update_or_create(
                product=product, year=YEAR, effective_date=dt.date(2025, rng.randint(1, 6), 1),
                defaults={"new_goal": Decimal(rng.randint(1, 40)), "state": "approved"},
            )
            patchable += 1
        elif action == "recode":  # a new BPIN moves the project in the order
            one = rng.choice(projects)
            one.bank_code = f"{rng.randint(2000000, 2099999)}"
            one.save()
            patchable += 1
        done.add(action)
        _assert_same_as_computed_again()

    assert done >= {"approve", "reopen", "correct", "delete", "modify", "allocate", "program", "reprogram", "recode"}
    assert patchable >= 8
    assert counted["patched"] >= patchable  # every approval, reopening, correction and deletion
    assert data.a.pk  # the data set is the matrices' own, with three funding sources and territories


def test_a_budget_change_is_patched_and_a_change_of_the_plan_recomputes_everything(counted, planner, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    before = institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    modification(data.c, data.fy, CUTOFF, "addition", "100000000")

    after = institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    c_before = next(p for p in before.projects if p.project_id == data.c.pk)
    c_after = next(p for p in after.projects if p.project_id == data.c.pk)
    assert (c_before.definitive, c_after.definitive) == (Decimal("400000000"), Decimal("500000000"))
    assert counted == {"computed": 1, "patched": 1}

    data.i1.name = "Viviendas nuevas entregadas a hogares"
    data.i1.save()
    renamed = institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    assert next(i.name for i in renamed.indicators if i.indicator_id == data.i1.pk) == "Viviendas nuevas entregadas a hogares"
    assert counted == {"computed": 2, "patched": 1}


def test_the_database_names_the_projects_whose_approved_reports_changed(planner, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)

    def changed_by(change) -> set[int] | None:
        before = figures.inputs_version()[0]
        change()
        return totals.changed_projects(before, figures.inputs_version()[0])

    april = ProgressReport.objects.get(project=data.a, year=YEAR, month=4)
    assert changed_by(lambda: ProgressReport.objects.filter(pk=april.pk).update(achievements="Corregido")) == set()
    assert changed_by(lambda: report_approve(report=april, by=planner)) == {data.a.pk}

    def sql_update():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ProgressReport._meta.db_table} SET paid = paid + 1 WHERE state = 'approved' AND project_id IN (%s, %s)",
                [data.a.pk, data.b.pk],
            )

    assert changed_by(sql_update) == {data.a.pk, data.b.pk}
    assert changed_by(lambda: report(data.c, YEAR, 5, c=10)) is None  # rows written, then every month refreshed
    assert changed_by(lambda: ProgressReport.objects.filter(project=data.b).delete()) == {data.b.pk}


def test_figures_older_than_the_cache_lifetime_are_computed_whole_again(counted, planner, lead, lead2, monkeypatch, settings):
    """A transaction that commits after a later one has history rows below the marks of figures
    computed in between, which no patch reads again: patching stops at the cache's lifetime."""
    data = dataset(lead=lead, lead2=lead2)
    institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    april = ProgressReport.objects.get(project=data.a, year=YEAR, month=4)
    report_approve(report=april, by=planner)
    institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    assert counted == {"computed": 1, "patched": 1}

    later = institute._now() + settings.VERSIONED_CACHE_SECONDS + 1
    monkeypatch.setattr(institute, "_now", lambda: later)
    modification(data.c, data.fy, CUTOFF, "addition", "100000000")
    figures_now = institute.dashboard_figures(year=YEAR, cutoff=CUTOFF)
    assert counted == {"computed": 2, "patched": 1}
    assert next(p.definitive for p in figures_now.projects if p.project_id == data.c.pk) == Decimal("500000000")
    clear_local()  # another process reads the whole figures just computed
    assert institute.dashboard_figures(year=YEAR, cutoff=CUTOFF) == figures_now

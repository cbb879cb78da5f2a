"""Monthly totals (monitoring.totals): the matrices read them and get what the rows give; every
path that changes approved quantities keeps them exact; `check_totals` finds and fixes a drift."""
from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from isvimed_planning.workbook.importer import import_workbook
from monitoring import figures, totals
from monitoring.matrices import compute
from monitoring.models import IndicatorMonthTotal, ProgressReport
from projects import services as project_services
from tests.matrices.builders import CUTOFF, YEAR, dataset, scaled
from tests.monitoring.test_totals_property import world_data
from tests.workbook.builders import BPIN_PP, make_leads, write

pytestmark = pytest.mark.django_db


def matrix_cells(kind: str, *, year: int = YEAR, cutoff: dt.date = CUTOFF) -> list:
    return [(sheet.name, sheet.rows) for sheet in compute(kind, year=year, cutoff=cutoff).sheets]


def test_the_matrices_read_from_totals_equal_the_matrices_summed_from_the_rows(lead, lead2, monkeypatch):
    dataset(lead=lead, lead2=lead2)
    scaled(3, lead=lead)
    assert IndicatorMonthTotal.objects.exists()
    from_totals = {kind: matrix_cells(kind) for kind in ("plan-indicativo", "presupuesto-resultados")}
    period_end = dt.date(2025, 12, 31)
    from_totals_year = matrix_cells("plan-indicativo", cutoff=period_end)
    monkeypatch.setattr(figures, "_monthly_values", figures.product_monthly_values)
    for kind, cells in from_totals.items():
        assert matrix_cells(kind) == cells, kind
    assert matrix_cells("plan-indicativo", cutoff=period_end) == from_totals_year
    # Not vacuous: the Plan Indicativo has progress from product quantities.
    progress = {row[6]: row[16] for row in from_totals["plan-indicativo"][0][1]}
    assert progress["4.2.9.1"] == Decimal(28)


def test_indicator_figures_from_totals_and_from_rows_agree(lead, lead2):
    dataset(lead=lead, lead2=lead2)
    assert figures.indicator_figures(year=YEAR, cutoff=CUTOFF) == figures.indicator_figures(
        year=YEAR, cutoff=CUTOFF, from_rows=True
    )


def run_check(*args) -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("check_totals", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_check_totals_reports_each_difference_in_spanish_and_fix_rebuilds_them(lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    assert run_check() == ("Los totales mensuales coinciden con los reportes aprobados.\n", None)
    total = IndicatorMonthTotal.objects.get(indicator=data.i1, year=2025, month=1)
    total.quantity = Decimal("11.5")
    total.save()
    IndicatorMonthTotal.objects.filter(year=2025, month=3).delete()
    out, error = run_check()
    assert "Indicador 4.2.9.1 (id " in out
    assert "01/2025: guardado 11.5, recalculado de los reportes 10\n" in out
    assert "03/2025: guardado sin total, recalculado de los reportes 18\n" in out
    assert error is not None and error.endswith(
        "entre los totales mensuales y los reportes aprobados. Ejecute «manage.py check_totals --fix» para reconstruirlos."
    )
    out, error = run_check("--fix")
    assert error is None
    assert "corregidas: los totales se reconstruyeron desde los reportes aprobados." in out
    assert totals.compare() == []


def test_moving_a_product_to_another_indicator_moves_its_quantities(lead, lead2, planner):
    data = dataset(lead=lead, lead2=lead2)
    before = figures.indicator_figures(year=YEAR, cutoff=CUTOFF)
    project = data.a
    project.refresh_from_db()
    # The product form's service (projects cannot call monitoring: the saved product refreshes).
    project_services.product_save(
        project=project, by=planner, version=project.version, code=data.p1.code, name=data.p1.name,
        indicator=data.i2, unit=data.p1.unit, goals={2025: Decimal(40)}, product=data.p1,
    )
    assert totals.compare() == []
    after = {row.code: row.year_progress for row in figures.indicator_figures(year=YEAR, cutoff=CUTOFF)}
    assert after != {row.code: row.year_progress for row in before}
    # 4.2.9.1 lost January's 10 and March's 18; 4.2.9.2 (non-cumulative) now sums both products' March.
    assert after["4.2.9.1"] == 0
    assert after["4.2.9.2"] == Decimal(36)
    assert figures.indicator_figures(year=YEAR, cutoff=CUTOFF) == figures.indicator_figures(
        year=YEAR, cutoff=CUTOFF, from_rows=True
    )


def test_deleting_an_approved_report_removes_its_quantities(lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    rep = ProgressReport.objects.filter(state="approved", product_progress__isnull=False).first()
    assert rep is not None and data is not None
    rep.delete()
    assert totals.compare() == []


def test_a_report_written_directly_is_counted_after_a_refresh_only(lead, lead2):
    """The totals are kept by the write paths, not by the reads: a row written behind their back
    is exactly what check_totals finds."""
    data = dataset(lead=lead, lead2=lead2)
    rep = ProgressReport.objects.create(project=data.a, year=2025, month=5, state="approved")
    rep.product_progress.create(product=data.p1, quantity=Decimal(4))
    assert [str(d).split(": ", 1)[1] for d in totals.compare()] == [
        "guardado sin total, recalculado de los reportes 4"
    ]
    totals.refresh_totals(report_ids=[rep.pk])
    assert totals.compare() == []


def test_the_migration_fills_the_totals_of_the_reports_already_there(lead, lead2):
    dataset(lead=lead, lead2=lead2)
    IndicatorMonthTotal.objects.all().delete()
    assert totals.compare() != []
    migration = importlib.import_module("monitoring.migrations.0014_indicator_month_totals")
    with connection.cursor() as cursor:
        migration.fill(django_apps, SimpleNamespace(execute=cursor.execute))
    # 4.2.9.1 and 4.2.9.2 in 12/2024, 1, 3 and 7/2025 (April is not approved), 4.2.10.2 in 2/2025.
    assert IndicatorMonthTotal.objects.count() == 9
    assert totals.compare() == []


def test_an_import_that_moves_a_product_to_another_indicator_moves_its_quantities(db):
    make_leads()
    data = world_data()
    assert import_workbook(write(data), filename="libro.xlsx").errors == []
    moved = [row for row in data["productos"] if row[:2] == [BPIN_PP, "P1"]][0]
    moved[3] = "4.3.1.3"
    assert import_workbook(write(data), filename="libro.xlsx").errors == []
    assert totals.compare() == []
    # 4.3.1.3 now holds BPIN's P2 and BPIN_PP's P1: January 3 + 1.
    assert IndicatorMonthTotal.objects.get(indicator__code="4.3.1.3", year=2024, month=1).quantity == 4
    assert IndicatorMonthTotal.objects.get(indicator__code="4.3.1.1", year=2024, month=1).quantity == 5

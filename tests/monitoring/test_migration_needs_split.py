"""The migration that came with funding sources says which projects need a split (BPIN and
year), and says nothing when none does; it names the same projects as monitoring.sources.needs_split."""
from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal

from django.apps import apps

from budget.models import BudgetModification, FiscalYear
from monitoring import sources
from tests import factories
from tests.monitoring.builders import allocate, report, reporting_project, split

migration = importlib.import_module("monitoring.migrations.0008_report_projects_needing_split")


def _printed() -> str:
    out = io.StringIO()
    migration.say_which_projects_need_a_split(apps, None, out=out)
    return out.getvalue()


def test_nothing_is_printed_when_no_project_needs_a_split(db, lead):
    single = reporting_project(lead=lead, name="Una fuente")
    allocate(single)
    report(single, month=2, state="approved")
    assert _printed() == ""


def test_the_projects_that_need_a_split_are_printed_with_bpin_and_year(db, lead):
    old = factories.project(lead=lead, state="in_execution", name="Antes de las fuentes", bank_code="2025050010007")
    allocate(old, "10000000", source="Recursos propios")
    allocate(old, "10000000", source="Sistema General de Participaciones")
    report(old, month=2, state="approved", committed="1000000")
    report(old, month=3, state="approved", committed="1000000")
    BudgetModification.objects.create(fiscal_year=FiscalYear.objects.get(year=2025), project=old,
                                      date=dt.date(2025, 1, 5), kind="addition", amount=Decimal("1000"))
    done = factories.project(lead=lead, state="in_execution", name="Ya repartido", bank_code="2025050010008")
    allocate(done, "10000000", source="Recursos propios")
    allocate(done, "10000000", source="Sistema General de Participaciones")
    split(report(done, month=2, state="approved", committed="1000000"), {"Recursos propios": ("1000000", "600000", "400000")})
    assert _printed() == (
        "\nProyectos con varias fuentes de financiación cuya ejecución hay que repartir por fuente:\n"
        "  BPIN 2025050010007 (Antes de las fuentes), vigencia 2025: 2 reporte(s) aprobado(s) sin repartir, "
        "1 modificación(es) sin fuente\n"
        "Planeación debe reabrir esos reportes y repartirlos; el tablero de seguimiento los lista.\n"
    )
    assert [(n.bpin, n.year, n.months, n.modifications) for n in sources.needs_split()] == [
        ("2025050010007", 2025, [2, 3], 1)
    ]

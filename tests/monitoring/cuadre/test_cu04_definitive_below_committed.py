"""CU04: a funding source whose definitive budget at the cutoff is below what the project has
already committed from it. By source, the budget after the modifications dated up to the cutoff
(budget.money) against the committed money of the approved reports of the counted months
(monitoring.sources, as the Plan de Acción's Fuentes sheet shows them): an error for Finanzas,
one per project listing the sources short, linked to the project's budget."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetModification, FiscalYear
from monitoring.cuadre.base import Severity
from tests import factories
from tests.monitoring.builders import allocate, report, reporting_project, split

from .helpers import findings

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 3, 31)
OWN, SGP = "Recursos propios", "Sistema General de Participaciones"


def _reduce(project, amount: str, *, on: dt.date, source: str | None = None) -> BudgetModification:
    return BudgetModification.objects.create(
        fiscal_year=FiscalYear.objects.get(year=2025), project=project, date=on, kind="reduction",
        act_number="Resolución 2025-017", amount=Decimal(amount),
        source=factories.funding_source(source) if source else None,
    )


def test_a_reduction_below_what_was_committed_is_an_error_for_finance(lead):
    project = reporting_project(lead=lead, name="Arrendamiento temporal")
    allocate(project, "10000000", source=OWN)
    _reduce(project, "4000000", on=dt.date(2025, 3, 15))
    report(project, month=1, state="approved", committed="4000000", evidence=False)
    report(project, month=2, state="approved", committed="3000000", evidence=False)
    report(project, month=3, state="submitted", committed="2000000", evidence=False)  # not approved: not counted
    code = factories.funding_source(OWN).code

    (found,) = findings("CU04", cutoff=CUTOFF)
    assert found.message == (
        f"Al 31/03/2025 el presupuesto definitivo no alcanza lo comprometido: {code} Recursos propios, definitivo "
        "$ 6.000.000 y comprometido $ 7.000.000 (faltan $ 1.000.000)."
    )
    assert found.severity == Severity.ERROR
    assert (found.object_kind, found.object_id) == ("project", project.pk)
    assert found.subject == f"Proyecto {project.bank_code} — Arrendamiento temporal"
    assert found.url == f"/proyectos/{project.pk}/#presupuesto"
    assert (found.project_id, found.program_id, found.org_unit_id, found.lead_id) == (
        project.pk, project.program_id, project.org_unit_id, lead.pk
    )
    assert found.numbers == {f"definitive {code}": Decimal("6000000"), f"committed {code}": Decimal("7000000")}


def test_only_the_source_short_is_listed_when_a_report_is_split(lead):
    project = reporting_project(lead=lead)
    allocate(project, "300000000", source=OWN)
    allocate(project, "100000000", source=SGP)
    rep = report(project, month=2, state="approved", committed="170000000", evidence=False)
    split(rep, {OWN: ("50000000", "0", "0"), SGP: ("120000000", "0", "0")})
    code = factories.funding_source(SGP).code

    assert [f.message for f in findings("CU04", cutoff=CUTOFF)] == [
        f"Al 31/03/2025 el presupuesto definitivo no alcanza lo comprometido: {code} Sistema General de "
        "Participaciones, definitivo $ 100.000.000 y comprometido $ 120.000.000 (faltan $ 20.000.000)."
    ]


def test_a_reduction_dated_after_the_cutoff_or_money_that_fits_is_no_finding(lead):
    later = reporting_project(lead=lead)
    allocate(later, "10000000", source=OWN)
    _reduce(later, "4000000", on=dt.date(2025, 4, 10))
    report(later, month=1, state="approved", committed="7000000", evidence=False)
    exact = reporting_project(lead=lead)
    allocate(exact, "5000000", source=OWN)
    report(exact, month=3, state="approved", committed="5000000", evidence=False)  # all of it, not more

    assert findings("CU04", cutoff=CUTOFF) == []
    assert [f.object_id for f in findings("CU04", cutoff=dt.date(2025, 4, 30))] == [later.pk]


def test_money_not_yet_assigned_to_a_source_is_compared_on_the_projects_totals(lead):
    over = reporting_project(lead=lead, name="Sin dividir")
    allocate(over, "1000000", source=OWN)
    allocate(over, "1000000", source=SGP)
    report(over, month=1, state="approved", committed="5000000", evidence=False)  # several sources, no split
    within = reporting_project(lead=lead)
    allocate(within, "1000000", source=OWN)
    allocate(within, "1000000", source=SGP)
    report(within, month=1, state="approved", committed="1500000", evidence=False)  # no split, within the total

    (found,) = findings("CU04", cutoff=CUTOFF)
    assert found.object_id == over.pk
    assert found.message == (
        "Al 31/03/2025 el presupuesto definitivo no alcanza lo comprometido: total del proyecto (con dinero sin fuente "
        "asignada), definitivo $ 2.000.000 y comprometido $ 5.000.000 (faltan $ 3.000.000)."
    )
    assert found.numbers == {"definitive total": Decimal("2000000"), "committed total": Decimal("5000000")}

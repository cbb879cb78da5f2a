"""CU03: participatory-budget money reported outside the project's territory. The comuna or
corregimiento that voted a participatory-budget project's money is its territory; committed
money that its sent or approved reports place in any other territory (the city-wide code 0
included) is an error for the lead: one per project, listing each foreign territory with its
money and months."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.cuadre.base import Severity
from projects.models import FundingKind
from tests import factories
from tests.monitoring.builders import report

from .helpers import findings

pytestmark = pytest.mark.django_db

CUTOFF = dt.date(2025, 4, 30)


def _project(lead, *, funding_kind=FundingKind.PARTICIPATORY, territory_code: int | None = 10, name="Mejoramiento PP"):
    project = factories.project(lead=lead, state="in_execution", funding_kind=funding_kind, name=name,
                                territory_code=territory_code)
    factories.product(project, code="P1", name="Viviendas mejoradas", goals={2025: "20"})
    return project


def test_participatory_money_in_other_territories_is_one_error_listing_them(lead):
    project = _project(lead, name="Mejoramiento PP La Candelaria")
    report(project, month=3, state="approved", committed="3000000", territories={10: "1000000", 3: "2000000"},
           evidence=False)
    report(project, month=4, state="submitted", committed="750000", territories={3: "500000", 0: "250000"},
           evidence=False)
    report(project, month=5, state="approved", committed="900000", territories={5: "900000"}, evidence=False)

    (found,) = findings("CU03", cutoff=CUTOFF)
    assert found.message == (
        "Proyecto de presupuesto participativo de 10 - La Candelaria con inversión reportada en otro territorio en "
        "2025: 0 - Ciudad (sin georreferenciar), $ 250.000 (abril); 3 - Manrique, $ 2.500.000 (marzo y abril)."
    )
    assert found.severity == Severity.ERROR
    assert (found.object_kind, found.object_id) == ("project", project.pk)
    assert found.subject == f"Proyecto {project.bank_code} — Mejoramiento PP La Candelaria"
    assert found.url == f"/proyectos/{project.pk}/#territorios"
    assert (found.project_id, found.program_id, found.org_unit_id, found.lead_id) == (
        project.pk, project.program_id, project.org_unit_id, lead.pk
    )
    assert found.numbers == {"territory 0": Decimal("250000"), "territory 3": Decimal("2500000")}


def test_a_participatory_project_without_territory_has_all_its_money_outside(lead):
    project = _project(lead, territory_code=None)
    report(project, month=2, state="approved", committed="100", territories={60: "100"}, evidence=False)

    assert [f.message for f in findings("CU03", cutoff=CUTOFF)] == [
        "Proyecto de presupuesto participativo sin comuna ni corregimiento asignado con inversión reportada en otro "
        "territorio en 2025: 60 - San Cristóbal, $ 100 (febrero)."
    ]


def test_its_own_territory_an_ordinary_project_zero_money_or_a_draft_is_no_finding(lead):
    own = _project(lead)
    report(own, month=1, state="approved", territories={10: "1000000"}, evidence=False)
    report(own, month=2, state="approved", committed="0", territories={3: "0"}, evidence=False)  # no money there
    report(own, month=3, state="returned", territories={3: "1000000"}, evidence=False)  # the lead's draft
    ordinary = _project(lead, funding_kind=FundingKind.ORDINARY, name="Vivienda nueva")
    report(ordinary, month=1, state="approved", territories={3: "1000000", 0: "5"}, evidence=False)

    assert findings("CU03", cutoff=CUTOFF) == []

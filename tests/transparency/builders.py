"""A small public world for the citizens' pages: a project in execution in comuna 10 with an
allocation, a goal, and reports in every state (only the approved one counts)."""
from __future__ import annotations

import datetime as dt

from tests import factories
from tests.monitoring.builders import YEAR, add_evidence, allocate, period, report

NOW = dt.datetime(YEAR, 4, 10, 9, 0)  # the March cycle has started (a period of March exists)


def public_world(*, lead, name: str = "Mejoramiento de vivienda Moravia", funding_kind: str = "ordinary",
                 territory: int = 10, the_program=None):
    """The project, with: January approved (committed 1.234.567, 3 units, a public and a private
    evidence file), February returned and March pending (their amounts and achievements must
    not show)."""
    period(YEAR, 3)
    project = factories.project(lead=lead, state="in_execution", name=name, funding_kind=funding_kind,
                                territory_code=territory, the_program=the_program)
    factories.product(project, code="P1", name="Viviendas mejoradas", goals={YEAR: "20"})
    allocate(project, amount="10000000")
    approved = report(project, month=1, state="approved", committed="1234567", obligated="1000000", paid="800000",
                      quantity="3", evidence=False, territories={territory: "1234567"},
                      achievements="Se mejoraron tres viviendas en Moravia.")
    public = add_evidence(approved, by=lead, name="acta-publica.pdf")
    public.is_public = True
    public.save()
    private = add_evidence(approved, by=lead, name="cedulas-privadas.pdf")
    returned = report(project, month=2, state="returned", committed="7777777", quantity="9", evidence=False,
                      territories={territory: "7777777"}, achievements="Logro devuelto por Planeación.")
    hidden = add_evidence(returned, by=lead, name="evidencia-devuelta.pdf")
    hidden.is_public = True
    hidden.save()
    report(project, month=3, state="pending", committed="5555555", quantity="8", evidence=False,
           territories={territory: "5555555"}, achievements="Logro en borrador.")
    return project, public, private, hidden

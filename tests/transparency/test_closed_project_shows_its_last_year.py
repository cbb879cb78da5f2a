"""A closed project without budget in the follow-up's current year shows its last year with
budget, at 31 December; a project without any budget says so."""
from __future__ import annotations

import pytest

from tests import factories
from tests.monitoring.builders import allocate, period, report

from .builders import NOW

pytestmark = pytest.mark.django_db


def test_a_closed_project_shows_its_last_budget_year(client, lead, time_machine):
    time_machine.move_to(NOW)
    period(2025, 3)
    closed = factories.project(lead=lead, state="closed", name="Reasentamiento cerrado", territory_code=3)
    factories.product(closed, code="P1", goals={2024: "10"})
    allocate(closed, amount="5000000", year=2024)
    report(closed, year=2024, month=11, state="approved", committed="4500000", quantity="10", evidence=False,
           territories={3: "4500000"})
    html = client.get(f"/ciudadania/proyectos/{closed.pk}/").content.decode()
    assert "Vigencia 2024, con los reportes aprobados hasta el 31/12/2024." in html
    assert 'data-testid="committed">$ 4.500.000<' in html
    assert 'data-testid="project-state">Cerrado<' in html
    assert "Noviembre de 2024" in html


def test_a_project_without_budget_says_so(client, lead, time_machine):
    time_machine.move_to(NOW)
    period(2025, 3)
    project = factories.project(lead=lead, state="in_execution", name="Sin techo")
    html = client.get(f"/ciudadania/proyectos/{project.pk}/").content.decode()
    assert "El proyecto no tiene presupuesto asignado todavía." in html

"""Finance sets ceilings and allocations in the budget page; others only read it."""
from decimal import Decimal

import pytest

from budget.models import FiscalYear, ProjectAllocation
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def test_finance_creates_a_year_typing_the_ceiling_in_pesos(login, finance):
    response = login(finance).post("/presupuesto/", {"year": "2026", "global_ceiling": "10.000.000.000"})
    assert response.status_code == 302
    assert FiscalYear.objects.get(year=2026).global_ceiling == Decimal("10000000000")


def test_the_year_page_shows_ceiling_allocated_and_free(login, reader, lead):
    fy = fiscal_year(2026, "10000000000")
    project, _ = funded_project(lead)
    allocate(fy, project, "2500000000")
    page = login(reader).get("/presupuesto/2026/").content.decode()
    assert 'data-testid="ceiling">$ 10.000.000.000<' in page
    assert 'data-testid="allocated">$ 2.500.000.000<' in page
    assert 'data-testid="free">$ 7.500.000.000<' in page
    assert "Asignar techo" not in page  # read-only for consulta


def test_an_overshooting_allocation_is_refused_in_the_form_and_nothing_is_saved(login, finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    p2, _ = funded_project(lead)
    allocate(fy, p1, "9000000000")
    response = login(finance).post(
        "/presupuesto/2026/techos/nuevo/", {"project": p2.pk, "source": factories.funding_source().pk, "amount": "1.500.000.000"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La asignación supera el tope global de la vigencia 2026 en $ 500.000.000." in page
    assert 'value="1.500.000.000"' in page  # what was typed is shown again
    assert not ProjectAllocation.objects.filter(project=p2).exists()


def test_planning_reads_but_cannot_allocate(login, planner, lead):
    fiscal_year(2026)
    project, _ = funded_project(lead)
    client = login(planner)
    assert client.get("/presupuesto/2026/").status_code == 200
    response = client.post("/presupuesto/2026/techos/nuevo/", {"project": project.pk, "source": factories.funding_source().pk, "amount": "1"})
    assert response.status_code == 403
    assert not ProjectAllocation.objects.exists()


def test_a_lead_sees_only_the_allocations_of_their_projects(login, lead, lead2):
    fy = fiscal_year(2026)
    mine, _ = funded_project(lead, name="Mejoramiento de vivienda Comuna 1")
    other, _ = funded_project(lead2, name="Titulación de predios")
    allocate(fy, mine, "100")
    allocate(fy, other, "200")
    page = login(lead).get("/presupuesto/2026/").content.decode()
    assert "Mejoramiento de vivienda Comuna 1" in page
    assert "Titulación de predios" not in page


def test_someone_without_a_role_cannot_see_the_budget(login, outsider):
    fiscal_year(2026)
    assert login(outsider).get("/presupuesto/2026/").status_code == 403


def test_finance_edits_an_allocation_amount_and_its_history_is_shown(login, finance, lead):
    fy = fiscal_year(2026, "10000000000")
    project, _ = funded_project(lead)
    client = login(finance)
    client.post("/presupuesto/2026/techos/nuevo/", {"project": project.pk, "source": factories.funding_source("SGP").pk, "amount": "1.000.000"})
    allocation = ProjectAllocation.objects.get()
    response = client.post(f"/presupuesto/2026/techos/{allocation.pk}/", {"amount": "2.000.000", "version": allocation.version})
    assert response.status_code == 302
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("2000000")
    page = client.get(f"/presupuesto/2026/techos/{allocation.pk}/").content.decode()
    assert "Historial de cambios" in page and "Fernanda Finanzas" in page


def test_lowering_an_allocation_below_the_cost_of_the_goals_warns_at_once(login, finance, lead):
    fy = fiscal_year(2026, "10000000000")
    project, _ = funded_project(lead, goal="10", unit_cost="100000000", name="Reasentamiento")
    allocation = allocate(fy, project, "1000000000")
    response = login(finance).post(f"/presupuesto/2026/techos/{allocation.pk}/", {"amount": "900.000.000", "version": allocation.version},
                                     follow=True)
    page = response.content.decode()
    assert (
        "Las metas de «Reasentamiento» cuestan $ 1.000.000.000 y el presupuesto definitivo es $ 900.000.000: "
        "reprograme las metas" in page
    )

"""The months must add up to the definitive budget and to each product's annual goal in force."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from action_plan import services
from isvimed_planning.workflow import DomainError
from action_plan.models import ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import BudgetModification
from projects.models import ProjectState
from tests.action_plan.builders import even, year_with_projects
from tests.budget.builders import allocate, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 10, 15, 0), tick=False):
        yield


def test_the_plan_is_built_with_one_entry_per_registered_project_with_money(planner, lead):
    fy, projects = year_with_projects(lead, n=2)
    in_formulation, _ = funded_project(lead, state=ProjectState.FORMULATION)
    allocate(fy, in_formulation, "5000")
    funded_project(lead)  # registered but without money
    plan = services.plan_build(by=planner, fiscal_year=fy)
    assert set(plan.entries.values_list("project_id", flat=True)) == {p.pk for p, _ in projects}
    entry = plan.entries.first()
    assert entry.responsible == lead


def test_a_financial_programming_that_does_not_add_up_says_by_how_much(planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    plan = services.plan_build(by=planner, fiscal_year=fy)
    entry = ActionPlanEntry.objects.get(plan=plan)
    financial = [Decimal("750000")] * 12  # 9.000.000
    with pytest.raises(services.ProgrammingError) as refused:
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=financial,
                            physical={product.pk: even("12")})
    assert refused.value.errors == [(
        "financial",
        "La programación financiera suma $ 9.000.000 y el presupuesto definitivo es $ 10.000.000: faltan $ 1.000.000.",
    )]
    assert not FinancialMonthlyTarget.objects.exists() and not PhysicalMonthlyTarget.objects.exists()


def test_a_physical_programming_over_the_goal_says_how_much_is_left_over(planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    entry = ActionPlanEntry.objects.get(plan=services.plan_build(by=planner, fiscal_year=fy))
    with pytest.raises(services.ProgrammingError) as refused:
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"),
                            physical={product.pk: [Decimal(2)] * 12})
    assert refused.value.message == (
        f"La programación física de P1 {product.name} suma 24 y la meta anual es 12: sobran 12."
    )


def test_the_financial_months_must_match_the_definitive_budget_with_modifications(planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    BudgetModification.objects.create(fiscal_year=fy, project=project, date=dt.date(2026, 1, 5), kind="addition",
                                      amount=Decimal("2000000"))
    entry = ActionPlanEntry.objects.get(plan=services.plan_build(by=planner, fiscal_year=fy))
    with pytest.raises(services.ProgrammingError):
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"),
                            physical={product.pk: even("12")})
    services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("12000000"),
                        physical={product.pk: even("12")})
    assert sum(FinancialMonthlyTarget.objects.values_list("amount", flat=True)) == Decimal("12000000")


def test_the_programming_page_reshows_the_typed_months_and_the_gap(login, planner, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    entry = ActionPlanEntry.objects.get(plan=services.plan_build(by=planner, fiscal_year=fy))
    data = {"responsible": lead.pk, "version": entry.version}
    for m in range(1, 13):
        data[f"fin_{m}"] = "750.000"
        data[f"phys_{product.pk}_{m}"] = "1"
    data["fin_3"] = "abc"
    response = login(planner).post(f"/plan-accion/2026/proyectos/{entry.pk}/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Escriba un valor en pesos, por ejemplo 1.234.567,50." in page
    data["fin_3"] = "750.000"
    response = login(planner).post(f"/plan-accion/2026/proyectos/{entry.pk}/", data)
    page = response.content.decode()
    assert "La programación financiera suma $ 9.000.000 y el presupuesto definitivo es $ 10.000.000: faltan $ 1.000.000." in page
    assert 'value="750.000"' in page
    data["fin_12"] = "1.750.000"
    response = login(planner).post(f"/plan-accion/2026/proyectos/{entry.pk}/", data)
    assert response.status_code == 302
    assert FinancialMonthlyTarget.objects.get(entry=entry, month=12).amount == Decimal("1750000")


def test_only_planning_programs_the_plan(login, finance, lead):
    fy, _ = year_with_projects(lead, n=1)
    with pytest.raises(DomainError) as refused:
        services.plan_build(by=finance, fiscal_year=fy)
    assert str(refused.value) == "Su rol no permite esta acción."

"""Draft → approved by the Director → published: read-only and public without login."""
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
import time_machine
from openpyxl import load_workbook

from action_plan import services
from action_plan.models import ActionPlanEntry, ActionPlanState, ActionPlanTransition
from budget import services as budget_services
from budget.models import BudgetModification, TargetReprogramming
from isvimed_planning.workflow import DomainError
from tests.action_plan.builders import even, program_all, year_with_projects

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 20, 15, 0), tick=False):
        yield


def test_the_director_cannot_approve_a_plan_whose_months_do_not_add_up(planner, director, lead):
    fy, [(project, _)] = year_with_projects(lead, n=1)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    with pytest.raises(DomainError) as refused:
        services.plan_transition(by=director, plan=plan, name="approve")
    assert refused.value.message == (
        f"{project.bank_code} {project.name}: La programación financiera suma $ 0 y el presupuesto definitivo es "
        "$ 10.000.000: faltan $ 10.000.000."
    )


def test_approve_publish_and_then_nobody_edits_it(login, client, planner, director, lead):
    fy, projects = year_with_projects(lead, n=2)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    with pytest.raises(DomainError) as planner_approves:
        services.plan_transition(by=planner, plan=plan, name="approve")
    assert planner_approves.value.message == "Su rol no permite «aprobar»."
    assert client.get("/plan-accion/publico/2026/").status_code == 404  # not public before publication

    login(director).post("/plan-accion/2026/accion/approve/")
    plan.refresh_from_db()
    assert plan.state == ActionPlanState.APPROVED and plan.approved_by == director
    login(planner).post("/plan-accion/2026/accion/publish/")
    plan.refresh_from_db()
    assert plan.state == ActionPlanState.PUBLISHED and plan.published_at
    assert list(ActionPlanTransition.objects.values_list("name", flat=True)) == ["approve", "publish"]

    entry = ActionPlanEntry.objects.filter(plan=plan).first()
    response = login(planner).post(f"/plan-accion/2026/proyectos/{entry.pk}/", {"responsible": lead.pk})
    assert response.status_code == 403
    with pytest.raises(DomainError) as locked:
        services.entry_save(by=planner, entry=entry, responsible=lead, financial=even("10000000"), physical={})
    assert locked.value.message == "El plan de acción 2026 está publicado: no admite cambios."

    public = client.get("/plan-accion/publico/2026/")
    assert "csrftoken" not in public.cookies  # a public page sets no cookie for its anonymous visitors
    page = public.content.decode()
    assert "Plan de acción institucional 2026" in page
    assert projects[0][0].name in page and "$ 20.000.000" in page
    pdf = client.get("/plan-accion/publico/2026/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Plan de acción institucional 2026" in text and projects[0][0].name in text
    detail = login(planner).get("/plan-accion/2026/").content.decode()
    assert "Publicado el 20/01/2026, dentro del plazo legal (31/01/2026)." in detail


def test_the_director_returns_an_approved_plan_with_a_comment(planner, director, lead):
    fy, _ = year_with_projects(lead, n=1)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    services.plan_transition(by=director, plan=plan, name="approve")
    with pytest.raises(DomainError) as no_comment:
        services.plan_transition(by=director, plan=plan, name="return")
    assert no_comment.value.message == "Escriba un comentario que explique la decisión."
    plan = services.plan_transition(by=director, plan=plan, name="return", comment="Ajustar la programación de junio")
    assert plan.state == ActionPlanState.DRAFT and plan.approved_by is None


def test_the_plan_shows_the_goal_in_force_after_an_approved_reprogramming(login, client, planner, director, finance, lead):
    fy, [(project, product)] = year_with_projects(lead, n=1, amount="10000000", goal="12")
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    services.plan_transition(by=director, plan=plan, name="approve")
    services.plan_transition(by=planner, plan=plan, name="publish")
    r = budget_services.reprogramming_request(
        by=planner, product=product, year=2026, new_goal=Decimal("9"), effective_date=dt.date(2026, 1, 20),
        justification="Reducción del techo",
    )
    budget_services.reprogramming_decide(by=director, reprogramming=TargetReprogramming.objects.get(pk=r.pk), approve=True)
    page = client.get("/plan-accion/publico/2026/").content.decode()
    assert f'data-testid="goal-{product.code}">9<' in page


def test_the_plan_excel_has_projects_and_products_with_numeric_cells(login, reader, planner, lead):
    fy, projects = year_with_projects(lead, n=2)
    program_all(planner, services.plan_build(by=planner, fiscal_year=fy))
    wb = load_workbook(io.BytesIO(login(reader).get("/plan-accion/2026/plan.xlsx").content))
    ws = wb["Proyectos"]
    assert ws.cell(row=4, column=5).value == "Presupuesto definitivo"
    assert ws.cell(row=5, column=5).value == 10000000 and ws.cell(row=5, column=5).number_format == '"$" #,##0'
    assert sum(ws.cell(row=5, column=c).value for c in range(6, 18)) == 10000000
    products = wb["Productos"]
    assert products.cell(row=2, column=6).value == 12


def test_a_published_entry_is_shown_read_only(login, reader, planner, director, lead):
    fy, _ = year_with_projects(lead, n=1)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    services.plan_transition(by=director, plan=plan, name="approve")
    services.plan_transition(by=planner, plan=plan, name="publish")
    entry = ActionPlanEntry.objects.get(plan=plan)
    page = login(reader).get(f"/plan-accion/2026/proyectos/{entry.pk}/").content.decode()
    assert "El plan está publicado: la programación es de solo lectura." in page
    assert "Guardar programación" not in page and "$ 833.333" in page


def test_the_published_plan_explains_a_budget_that_changed_after_its_approval(client, planner, director, lead):
    fy, [(project, _), _other] = year_with_projects(lead, n=2)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    services.plan_transition(by=director, plan=plan, name="approve")
    services.plan_transition(by=planner, plan=plan, name="publish")
    BudgetModification.objects.create(
        fiscal_year=fy, project=project, date=dt.date(2026, 1, 15), kind="addition", amount=Decimal("4000000"),
    )

    page = client.get("/plan-accion/publico/2026/").content.decode()
    section = page.split('data-testid="plan-differences"')[1].split("</section>")[0]
    assert "El presupuesto definitivo es el vigente al" in section and "aprobado el 20/01/2026" in section
    assert (
        f"{project.bank_code} {project.name}: La programación financiera suma $ 10.000.000 y el presupuesto "
        "definitivo es $ 14.000.000: faltan $ 4.000.000." in section
    )
    assert _other[0].name not in section  # its programming adds up

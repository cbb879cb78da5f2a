"""A plan with more projects than a page: the sheet shows 50 projects per page (`?pagina=N`), while
the totals row and the warnings about programming that does not add up stay those of the whole plan."""
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from action_plan import services
from action_plan.models import ActionPlanEntry, ActionPlanState, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget import services as budget_services
from budget.models import BudgetModification, TargetReprogramming
from tests.action_plan.builders import even, program_all, year_with_projects

pytestmark = pytest.mark.django_db

N = 53  # one page of 50 and a second one of 3


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 20, 15, 0), tick=False):
        yield


@pytest.fixture
def big_plan(planner, lead):
    """53 projects of $ 1.000.000 with a goal of 12; all programmed but the last one by BPIN.
    The months are written in bulk (entry_save would cost 24 writes per project)."""
    fy, projects = year_with_projects(lead, n=N, amount="1000000", goal="12")
    plan = services.plan_build(by=planner, fiscal_year=fy)
    by_bpin = sorted((project for project, _ in projects), key=lambda p: p.bank_code)
    entries = {e.project_id: e for e in ActionPlanEntry.objects.filter(plan=plan)}
    products = {project.pk: product for project, product in projects}
    financial, physical = [], []
    for project in by_bpin[:-1]:
        entry = entries[project.pk]
        for month, (amount, quantity) in enumerate(zip(even("1000000"), even("12")), start=1):
            financial.append(FinancialMonthlyTarget(entry=entry, month=month, amount=amount))
            physical.append(
                PhysicalMonthlyTarget(entry=entry, product=products[project.pk], month=month, quantity=quantity)
            )
    FinancialMonthlyTarget.objects.bulk_create(financial)
    PhysicalMonthlyTarget.objects.bulk_create(physical)
    return plan, by_bpin


def _rows(html: str, testid: str) -> list[str]:
    """The BPIN of each row of a sheet table, top to bottom."""
    body = html.split(f'data-testid="{testid}"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>\s*<td>(\d+)</td>", body)


def _footer(html: str) -> list[str]:
    """The cells of the financial table's totals row."""
    foot = html.split('data-testid="plan-financial"', 1)[1].split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>.*?</td>", foot)]


def _warnings(html: str) -> list[str]:
    if "Programación pendiente o que no cuadra:" not in html:
        return []
    box = html.split("Programación pendiente o que no cuadra:", 1)[1].split("</div>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", box)


def _plan_totals(by_bpin) -> list[str]:
    """What the totals row must say for the whole plan: 52 of the 53 projects programmed."""
    programmed = [Decimal(v) * (len(by_bpin) - 1) for v in even("1000000")]
    cop = [f"$ {int(v):,}".replace(",", ".") for v in [Decimal(1000000) * len(by_bpin), *programmed, sum(programmed)]]
    return [f"Total del plan ({len(by_bpin)} proyectos)", *cop]


def test_the_sheet_shows_50_projects_per_page_in_bpin_order(login, planner, big_plan):
    _, by_bpin = big_plan
    client = login(planner)
    first = client.get("/plan-accion/2026/").content.decode()
    second = client.get("/plan-accion/2026/?pagina=2").content.decode()

    bpins = [p.bank_code for p in by_bpin]
    assert _rows(first, "plan-financial") == bpins[:50]
    assert _rows(second, "plan-financial") == bpins[50:]
    assert _rows(first, "plan-physical") == bpins[:50]
    assert _rows(second, "plan-physical") == bpins[50:]  # the unprogrammed one keeps its goal row
    assert "Proyectos 1 a 50 de 53: los totales son del plan completo." in first
    assert "Proyectos 51 a 53 de 53: los totales son del plan completo." in second
    assert "Página 1 de 2" in first and 'href="?&amp;pagina=2">Siguiente »</a>' in first
    assert "Página 2 de 2" in second and 'href="?&amp;pagina=1">« Anterior</a>' in second


def test_the_totals_and_warnings_are_the_whole_plans_on_every_page(login, planner, big_plan):
    _, by_bpin = big_plan
    client = login(planner)
    first = client.get("/plan-accion/2026/").content.decode()
    second = client.get("/plan-accion/2026/?pagina=2").content.decode()

    assert _footer(first) == _footer(second) == _plan_totals(by_bpin)
    last = by_bpin[-1]  # on page 2 only, but its problems show on page 1 too
    expected = [
        f"{last.bank_code} {last.name}: La programación financiera suma $ 0 y el presupuesto definitivo es "
        "$ 1.000.000: faltan $ 1.000.000.",
        f"{last.bank_code} {last.name}: La programación física de P1 Viviendas de {last.name} suma 0 y la meta "
        "anual es 12: faltan 12.",
    ]
    assert _warnings(first) == _warnings(second) == expected


def test_a_page_number_past_the_end_shows_the_last_page(login, planner, big_plan):
    _, by_bpin = big_plan
    client = login(planner)
    response = client.get("/plan-accion/2026/?pagina=99")
    assert response.status_code == 200
    html = response.content.decode()
    assert _rows(html, "plan-financial") == [p.bank_code for p in by_bpin[50:]]
    assert "Página 2 de 2" in html
    assert _footer(html) == _plan_totals(by_bpin)
    not_a_number = client.get("/plan-accion/2026/?pagina=dos").content.decode()
    assert _rows(not_a_number, "plan-financial") == [p.bank_code for p in by_bpin[:50]]


def test_the_public_page_is_paged_too_and_the_excel_stays_complete(client, big_plan):
    plan, by_bpin = big_plan
    plan.state, plan.published_at = ActionPlanState.PUBLISHED, timezone.now()
    plan.save()

    first = client.get("/plan-accion/publico/2026/").content.decode()
    last = client.get("/plan-accion/publico/2026/?pagina=5").content.decode()
    assert _rows(first, "plan-financial") == [p.bank_code for p in by_bpin[:50]]
    assert _rows(last, "plan-financial") == [p.bank_code for p in by_bpin[50:]]
    assert _footer(first) == _footer(last) == _plan_totals(by_bpin)
    assert _warnings(first) == []  # the public page never listed them

    wb = load_workbook(io.BytesIO(client.get("/plan-accion/publico/2026/plan.xlsx").content))
    listed = [row[0] for row in wb["Proyectos"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert listed == [p.bank_code for p in by_bpin]


def test_a_small_plan_has_no_pager_and_its_totals_row_reads_as_before(login, planner, lead):
    fy, projects = year_with_projects(lead, n=2, amount="1000000")
    services.plan_build(by=planner, fiscal_year=fy)
    html = login(planner).get("/plan-accion/2026/").content.decode()
    assert "Página 1" not in html and "los totales son del plan completo" not in html
    assert _footer(html) == ["Total", "$ 2.000.000", *["$ 0"] * 12, "$ 0"]
    assert len(_warnings(html)) == 4  # financial and physical, for each of the two projects


def test_the_warnings_follow_the_goals_and_budgets_in_force(login, planner, director, lead):
    """The plan-wide warnings use the reprogrammed goal and the modified budget, like the entry page."""
    fy, projects = year_with_projects(lead, n=3, amount="10000000", goal="12")
    (reprogrammed, product), (added, _), (fine, _) = sorted(projects, key=lambda pp: pp[0].bank_code)
    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)  # before the changes below: each as allocated, 12 units
    BudgetModification.objects.create(fiscal_year=fy, project=added, date=dt.date(2026, 1, 5), kind="addition",
                                      amount=Decimal("2000000"))
    r = budget_services.reprogramming_request(
        by=planner, product=product, year=2026, new_goal=Decimal("9"), effective_date=dt.date(2026, 1, 20),
        justification="Reducción del techo",
    )
    budget_services.reprogramming_decide(
        by=director, reprogramming=TargetReprogramming.objects.get(pk=r.pk), approve=True
    )

    html = login(planner).get("/plan-accion/2026/").content.decode()
    assert _warnings(html) == [
        f"{reprogrammed.bank_code} {reprogrammed.name}: La programación física de P1 Viviendas de {reprogrammed.name} "
        "suma 12 y la meta anual es 9: sobran 3.",
        f"{added.bank_code} {added.name}: La programación financiera suma $ 10.000.000 y el presupuesto definitivo "
        "es $ 12.000.000: faltan $ 2.000.000.",
    ]
    assert fine.bank_code not in "".join(_warnings(html))

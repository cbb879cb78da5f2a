"""The budget year page lists its allocations 50 per page; the year's figures and the warning about
goals that no longer fit the money stay the same, year-wide, on every page."""
import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from budget import selectors
from budget.models import BudgetModification, ModificationKind, ReprogrammingState, TargetReprogramming, UnitCost
from tests import factories
from tests.budget.builders import allocate, fiscal_year, numbered_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False):
        yield

WARNING = "Metas que ya no caben en el presupuesto"


@pytest.fixture
def year_of_55(lead):
    """28 projects; the first has one source, the others two: 55 allocations ($ 82.000.000 in all).
    Projects 3 (page 1) and 27 (page 2) cost more than their $ 3.000.000 (faltan $ 2.000.000 and
    $ 1.000.000); project 5 fits its allocations but a reduction leaves it short by $ 500.000."""
    fy = fiscal_year(2026, "10000000000")
    costs = {3: "50000", 27: "40000", 5: "10000"}  # × goal 100 = $ 5.000.000, $ 4.000.000, $ 1.000.000
    allocations, projects = [], {}
    for n in range(1, 29):
        project, _ = numbered_project(lead, n, unit_cost=costs.get(n))
        projects[n] = project
        allocations.append(allocate(fy, project, "1000000", source="Recursos propios"))
        if n > 1:
            allocations.append(allocate(fy, project, "2000000", source="SGP"))
    BudgetModification.objects.create(
        fiscal_year=fy, project=projects[5], date=dt.date(2026, 3, 1), kind=ModificationKind.REDUCTION,
        act_number="R-01", amount=Decimal("2500000"),
    )
    return fy, allocations, projects


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/presupuesto/2026/techos/\d+/)"', page))


def _url(allocation) -> str:
    return f"/presupuesto/2026/techos/{allocation.pk}/"


def test_page_one_lists_the_first_50_allocations_and_page_two_the_rest(login, planner, year_of_55):
    _, allocations, projects = year_of_55
    client = login(planner)
    first = client.get("/presupuesto/2026/").content.decode()
    second = client.get("/presupuesto/2026/?pagina=2").content.decode()

    assert _links(first) == {_url(a) for a in allocations[:50]}
    assert _links(second) == {_url(a) for a in allocations[50:]}
    assert "55 techos; se muestran del 1 al 50." in first
    assert "55 techos; se muestran del 51 al 55." in second
    assert "Página 1 de 2" in first and "Página 2 de 2" in second
    assert 'href="/presupuesto/2026/?&amp;pagina=2#techos">Siguiente »' in first
    assert 'href="/presupuesto/2026/?&amp;pagina=1#techos">« Anterior' in second
    assert "Proyecto de vivienda 01" in first and "Proyecto de vivienda 01" not in second
    assert "Proyecto de vivienda 28" in second and "Proyecto de vivienda 28" not in first
    # Project 26's two sources fall on either side of the break: each page shows its own one.
    assert projects[26].name in first and projects[26].name in second


def test_the_year_figures_and_the_warning_are_the_same_on_every_page(login, planner, year_of_55):
    _, _, projects = year_of_55
    client = login(planner)
    pages = [client.get(f"/presupuesto/2026/?pagina={n}").content.decode() for n in (1, 2)]
    summary = ("3 proyectos de la vigencia tienen metas que cuestan más que su presupuesto definitivo: "
               "faltan $ 3.500.000 en total.")
    for page in pages:
        assert 'data-testid="allocated">$ 82.000.000<' in page
        assert 'data-testid="free">$ 9.918.000.000<' in page
        assert 'aria-label="Asignado 0,8 % del tope global"' in page
        assert WARNING in page
        assert summary in page
        assert "Ver solo esos proyectos" in page
    first, second = pages
    # In detail, the page's own projects: 3 and 5 on the first, 27 on the second.
    detail = "<strong>{} {}</strong>: las metas vigentes cuestan {} y el presupuesto definitivo es {} (faltan {})"
    p3 = detail.format(projects[3].bank_code, projects[3].name, "$ 5.000.000", "$ 3.000.000", "$ 2.000.000")
    p5 = detail.format(projects[5].bank_code, projects[5].name, "$ 1.000.000", "$ 500.000", "$ 500.000")
    p27 = detail.format(projects[27].bank_code, projects[27].name, "$ 4.000.000", "$ 3.000.000", "$ 1.000.000")
    assert p3 in first and p5 in first and p27 not in first
    assert p27 in second and p3 not in second and p5 not in second
    assert "Abajo, los de esta página." in first and "Abajo, los de esta página." in second


def test_only_the_projects_whose_goals_no_longer_fit(login, planner, year_of_55):
    _, allocations, projects = year_of_55
    page = login(planner).get("/presupuesto/2026/?metas=1").content.decode()
    short = {3, 5, 27}
    assert _links(page) == {_url(a) for a in allocations if a.project_id in {projects[n].pk for n in short}}
    assert "6 techos de proyectos cuyas metas ya no caben en el presupuesto." in page
    assert "Ver todos los techos" in page
    # A page number keeps the filter.
    assert login(planner).get("/presupuesto/2026/?metas=1&pagina=2").content.decode().count("/presupuesto/2026/techos/") == 6
    assert "3 proyectos de la vigencia tienen metas" in page


def test_the_warning_follows_approved_reprogrammings_and_dated_modifications(login, planner, lead):
    fy = fiscal_year(2026, "10000000000")
    project, product = numbered_project(lead, 1, unit_cost="50000")  # 100 × $ 50.000 = $ 5.000.000
    allocate(fy, project, "3000000")
    client = login(planner)
    page = client.get("/presupuesto/2026/").content.decode()
    assert "1 proyecto de la vigencia tiene metas" in page
    assert "Reprogramación pendiente de aprobación" not in page

    # An addition dated after today does not count yet; a pending reprogramming changes nothing.
    BudgetModification.objects.create(fiscal_year=fy, project=project, date=dt.date(2026, 6, 1),
                                      kind=ModificationKind.ADDITION, amount=Decimal("2000000"))
    TargetReprogramming.objects.create(product=product, year=2026, effective_date=dt.date(2026, 5, 1),
                                       new_goal=Decimal("60"), state=ReprogrammingState.PENDING)
    page = client.get("/presupuesto/2026/").content.decode()
    assert "1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: faltan $ 2.000.000 en total." in page
    assert "Reprogramación pendiente de aprobación" in page  # the page's projects in detail follow too

    # Once approved, the new goal (60 × $ 50.000 = $ 3.000.000) is what the money must pay for.
    reprogramming = TargetReprogramming.objects.get()
    reprogramming.state = ReprogrammingState.APPROVED
    reprogramming.save()
    page = client.get("/presupuesto/2026/").content.decode()
    assert WARNING not in page


def test_the_year_wide_summary_agrees_with_the_per_project_affordability(planner, lead, lead2):
    fy = fiscal_year(2026, "10000000000")
    projects = []
    for n, (cost, amount) in enumerate([("50000", "3000000"), ("10000", "3000000"), (None, "1000"), ("30000", "3000000")], 1):
        project, product = numbered_project(lead if n % 2 else lead2, n, unit_cost=cost)
        allocate(fy, project, amount)
        projects.append((project, product))
    BudgetModification.objects.create(fiscal_year=fy, project=projects[3][0], date=dt.date(2026, 2, 1),
                                      kind=ModificationKind.COUNTER_CREDIT_TRANSFER, amount=Decimal("500000"))
    BudgetModification.objects.create(fiscal_year=fy, project=projects[0][0], date=dt.date(2026, 2, 1),
                                      kind=ModificationKind.CREDIT_TRANSFER, amount=Decimal("500000"))
    TargetReprogramming.objects.create(product=projects[1][1], year=2026, effective_date=dt.date(2026, 4, 1),
                                       new_goal=Decimal("400"), state=ReprogrammingState.APPROVED)
    at = dt.date(2026, 5, 4)
    ids = [p.pk for p, _ in projects]
    short = [a for a in selectors.affordability(ids, 2026, at).values() if not a.fits]
    summary = selectors.unaffordable_summary(selectors.year_projects(fy, lead), 2026, at)  # lead sees 1 and 3
    # 1: $ 5.000.000 against 3.000.000 + 500.000; 2: reprogrammed to 400 × $ 10.000 against 3.000.000;
    # 3: no unit cost; 4: $ 3.000.000 against 3.000.000 − 500.000.
    assert {a.project.pk for a in short} == {projects[0][0].pk, projects[1][0].pk, projects[3][0].pk}
    everyone = selectors.unaffordable_summary(selectors.year_projects(fy, planner), 2026, at)
    assert everyone.project_ids == {a.project.pk for a in short}
    assert everyone.shortfall == sum((a.shortfall for a in short), Decimal(0)) == Decimal("3000000")
    mine = selectors.unaffordable_summary(selectors.year_projects(fy, lead), 2026, at)  # the lead's: 1 and 3
    assert mine.project_ids == {projects[0][0].pk}
    assert mine.shortfall == Decimal("1500000")


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(login, planner, year_of_55):
    client = login(planner)
    assert "Página 2 de 2" in client.get("/presupuesto/2026/?pagina=99").content.decode()
    assert "Página 1 de 2" in client.get("/presupuesto/2026/?pagina=dos").content.decode()


def test_finance_picks_among_the_fundable_projects_in_both_forms(login, finance, lead):
    fiscal_year(2026, "10000000000")
    fundable, _ = numbered_project(lead, 1)
    draft = factories.project(lead=lead, name="Proyecto en formulación")
    page = login(finance).get("/presupuesto/2026/").content.decode()
    option = f'<option value="{fundable.pk}">{fundable.bank_code} {fundable.name}</option>'
    assert page.count(option) == 2  # «Asignar techo» and «Registrar modificación»
    assert f'<option value="{draft.pk}"' not in page
    response = login(finance).post(
        "/presupuesto/2026/techos/nuevo/", {"project": fundable.pk, "source": factories.funding_source().pk, "amount": "-5"}
    )
    assert response.status_code == 400
    assert f'<option value="{fundable.pk}" selected>' in response.content.decode()

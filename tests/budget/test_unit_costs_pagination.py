"""The unit-costs page lists the year's projects 50 per page; the warning about goals that no longer
fit the money stays year-wide on every page, and the form still sets the unit cost of any product
of the year (not only of the shown page)."""
import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import UnitCost
from tooling.management.commands.benchmark import planner_client
from tests.budget.builders import allocate, fiscal_year, numbered_project
from tests.performance.builders import LARGER, SMALL, at_size

pytestmark = pytest.mark.django_db

URL = "/presupuesto/2026/costos-unitarios/"
WARNING = "Metas que ya no caben en el presupuesto"
BAD_CHOICE = "Escoja una opción válida. Esa opción no está entre las disponibles."


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False):
        yield


@pytest.fixture
def year_of_53(lead):
    """53 projects with $ 3.000.000 each, created last to first (so the ids run against the BPINs).
    Projects 3 (page 1) and 52 (page 2) cost more than their money ($ 5.000.000 and $ 4.000.000:
    faltan $ 3.000.000 in all); project 10 costs $ 2.000.000 and fits."""
    fy = fiscal_year(2026, "10000000000")
    costs = {3: "50000", 52: "40000", 10: "20000"}  # × goal 100
    projects, products = {}, {}
    for n in range(53, 0, -1):
        projects[n], products[n] = numbered_project(lead, n, unit_cost=costs.get(n))
        allocate(fy, projects[n], "3000000")
    return fy, projects, products


def _shown(page: str) -> list[str]:
    """The BPINs of the project rows of the table, in order."""
    return re.findall(r'<tr class="program-row"><td colspan="4">(\d+) ', page)


def _bpins(numbers) -> list[str]:
    return [f"2026000{n:03d}" for n in numbers]


def _short(page: str) -> list[str]:
    """The BPINs of the projects marked «No alcanza»."""
    return re.findall(r'<td colspan="4">(\d+) [^<]*</td><td class="num">[^<]*</td><td class="num">[^<]*</td>'
                      r'<td><span class="tag state-overdue">No alcanza</span>', page)


def test_page_one_shows_the_first_50_projects_in_order_and_page_two_the_rest(login, planner, year_of_53):
    client = login(planner)
    first = client.get(URL).content.decode()
    second = client.get(f"{URL}?pagina=2").content.decode()

    assert _shown(first) == _bpins(range(1, 51))
    assert _shown(second) == _bpins(range(51, 54))
    assert "53 proyectos; se muestran del 1 al 50." in first
    assert "53 proyectos; se muestran del 51 al 53." in second
    assert "Página 1 de 2" in first and "Página 2 de 2" in second
    assert f'href="{URL}?&amp;pagina=2#proyectos">Siguiente »' in first
    assert f'href="{URL}?&amp;pagina=1#proyectos">« Anterior' in second
    # Each project keeps its products and figures: project 10 (page 1), 100 × $ 20.000 against $ 3.000.000.
    assert ('<td>P1 Viviendas 10</td><td class="num">$ 20.000</td><td class="num">100</td>'
            '<td class="num">$ 2.000.000</td><td class="num">150</td>') in first
    assert "<td>P1 Viviendas 10</td>" not in second  # (the product select still offers it)


def test_the_year_wide_warning_is_the_same_on_both_pages(login, planner, year_of_53):
    client = login(planner)
    first, second = (client.get(f"{URL}?pagina={n}").content.decode() for n in (1, 2))
    summary = ("2 proyectos de la vigencia tienen metas que cuestan más que su presupuesto definitivo: "
               "faltan $ 3.000.000 en total.")
    for page in (first, second):
        assert WARNING in page
        assert summary in page
        assert f'href="{URL}?metas=1#proyectos">Ver solo esos proyectos' in page
    # «No alcanza» marks the page's own short projects.
    assert _short(first) == _bpins([3])
    assert _short(second) == _bpins([52])


def test_only_the_projects_whose_goals_no_longer_fit(login, planner, year_of_53):
    page = login(planner).get(f"{URL}?metas=1").content.decode()
    assert _shown(page) == _bpins([3, 52])
    assert "2 proyectos cuyas metas ya no caben en el presupuesto." in page
    assert "Ver todos los proyectos" in page
    assert "Página 1 de" not in page


def test_no_warning_when_every_project_fits(login, planner, lead):
    fy = fiscal_year(2026)
    project, _ = numbered_project(lead, 1, unit_cost="10000")
    allocate(fy, project, "3000000")
    page = login(planner).get(URL).content.decode()
    assert WARNING not in page
    assert _shown(page) == _bpins([1])
    assert "1 proyecto." in page and "Página 1 de" not in page


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(login, planner, year_of_53):
    client = login(planner)
    assert "Página 2 de 2" in client.get(f"{URL}?pagina=99").content.decode()
    assert "Página 1 de 2" in client.get(f"{URL}?pagina=dos").content.decode()


def test_the_product_select_offers_every_product_of_the_year(login, finance, lead, year_of_53):
    _, _, products = year_of_53
    outside, _ = numbered_project(lead, 99)  # no allocation in 2026
    page = login(finance).get(URL).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', page)
    assert options[0] == ("", "Elija un producto")
    assert options[1:] == [(str(products[n].pk), f"2026000{n:03d} · P1 Viviendas {n:02d}") for n in range(1, 54)]
    assert "Viviendas 99" not in page and outside.name not in page


def test_setting_the_unit_cost_of_a_product_on_another_page_saves_and_redirects(login, finance, year_of_53):
    _, _, products = year_of_53
    client = login(finance)
    response = client.post(URL, {"product": products[52].pk, "amount": "25.000"})  # from page 1
    assert response.status_code == 302
    assert response["Location"] == URL
    assert UnitCost.objects.get(product=products[52], year=2026).amount == Decimal("25000")
    after = client.get(response["Location"]).content.decode()
    assert "Costo unitario guardado." in after
    # 100 × $ 25.000 = $ 2.500.000 now fits: only project 3 is still short.
    assert ("1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: "
            "faltan $ 2.000.000 en total.") in after

    # Saved from page 2, the user comes back to page 2.
    response = client.post(f"{URL}?pagina=2", {"product": products[51].pk, "amount": "1.000"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?pagina=2"
    assert '<td>P1 Viviendas 51</td><td class="num">$ 1.000</td>' in client.get(response["Location"]).content.decode()


def test_a_bad_unit_cost_shows_the_typed_values_again_with_the_error(login, finance, year_of_53):
    _, _, products = year_of_53
    response = login(finance).post(f"{URL}?pagina=2", {"product": products[52].pk, "amount": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<option value="{products[52].pk}" selected>' in page
    assert 'value="0"' in page
    assert "El valor debe ser mayor que cero." in page
    assert _shown(page) == _bpins(range(51, 54))  # still on the page it was sent from
    assert UnitCost.objects.get(product=products[52], year=2026).amount == Decimal("40000")  # unchanged


def test_a_product_outside_the_year_is_refused(login, finance, lead, year_of_53):
    _, outside = numbered_project(lead, 99)  # its project has no allocation in 2026
    response = login(finance).post(URL, {"product": outside.pk, "amount": "12.345"})
    assert response.status_code == 400
    page = response.content.decode()
    assert BAD_CHOICE in page
    assert 'value="12.345"' in page
    assert not UnitCost.objects.filter(product=outside).exists()


def test_a_lead_reads_only_their_own_projects_and_has_no_form(login, lead, lead2):
    fy = fiscal_year(2026)
    for n, (owner, cost) in enumerate([(lead, "50000"), (lead2, "50000"), (lead, None)], 1):
        project, _ = numbered_project(owner, n, unit_cost=cost)
        allocate(fy, project, "3000000")
    page = login(lead).get(URL).content.decode()
    assert _shown(page) == _bpins([1, 3])
    assert ("1 proyecto de la vigencia tiene metas que cuestan más que su presupuesto definitivo: "
            "faltan $ 2.000.000 en total.") in page
    assert "Fijar costo unitario" not in page


# --- Queries: the same number whatever the amount of data ------------------------------------------


def _queries():
    from projects.models import Product

    client = planner_client("planeador")
    product = Product.objects.filter(project__allocations__fiscal_year__year=2026).first()
    counts = {}
    for label, send in [
        ("page 1", lambda: client.get(URL, secure=True)),
        ("page 2", lambda: client.get(f"{URL}?pagina=2", secure=True)),
        ("only short", lambda: client.get(f"{URL}?metas=1", secure=True)),
        ("bad POST", lambda: client.post(URL, {"product": product.pk, "amount": "0"}, secure=True)),
    ]:
        send()  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            response = send()
        assert response.status_code == (400 if label == "bad POST" else 200), label
        counts[label] = len(ctx.captured_queries)
    return counts


def test_the_page_runs_the_same_queries_at_two_sizes():
    small = at_size(SMALL, _queries)
    larger = at_size({**LARGER, "projects": 60}, _queries)  # more than one page of projects
    assert small == larger

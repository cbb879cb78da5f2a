"""Finance's home page: the open budget years whose global ceiling is not fully allocated, each
with what is left and a link to the year, where the allocations are made."""
import datetime as dt
from decimal import Decimal

import pytest

from budget.models import FiscalYear

from .builders import card, page_html

pytestmark = pytest.mark.django_db


def years(n: int) -> None:
    for i in range(n):
        FiscalYear.objects.create(year=2025 + i, global_ceiling=Decimal("1500000000"), allocated_total=Decimal("500000000"))
    FiscalYear.objects.create(year=2020, global_ceiling=Decimal("100"), allocated_total=Decimal("100"))  # fully allocated
    FiscalYear.objects.create(year=2021, global_ceiling=Decimal("100"), state="closed", closed_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))


def test_finance_sees_the_ceilings_left_to_allocate(login, finance):
    years(2)
    html = page_html(login(finance).get("/"))
    ceilings = card(html, "ceilings")
    assert '<a href="/presupuesto/">2 vigencias abiertas con tope sin asignar</a>' in ceilings
    assert ('<a href="/presupuesto/2025/">Vigencia 2025</a> <span class="small">$ 1.000.000.000 del tope sin asignar</span>'
            in ceilings)
    assert "Vigencia 2020" not in ceilings and "Vigencia 2021" not in ceilings
    for other in ("reports", "projects", "requests", "reprogrammings", "accountability-reports", "action-plans"):
        assert f'data-testid="queue-{other}"' not in html


def test_finance_with_everything_allocated_is_told_so(login, finance):
    html = page_html(login(finance).get("/"))
    assert "No tiene vigencias abiertas con tope sin asignar." in card(html, "ceilings")


@pytest.mark.parametrize("n", [1, 6])
def test_the_finance_home_page_runs_the_same_queries_whatever_the_rows(login, finance, n, django_assert_num_queries):
    years(n)
    client = login(finance)
    client.get("/")
    with django_assert_num_queries(FINANCE_QUERIES):
        page_html(client.get("/"))


FINANCE_QUERIES = 5  # session, user, roles, notices; ceilings 1

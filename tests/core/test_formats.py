import datetime as dt
from decimal import Decimal

from django.template import Context, Template


def render(text: str, **ctx) -> str:
    return Template(text).render(Context(ctx))


def test_money_is_shown_as_colombian_pesos():
    assert render("{{ v|cop }}", v=Decimal("1234567.5")) == "$ 1.234.568"
    assert render("{{ v|cop }}", v=Decimal("-2500")) == "-$ 2.500"
    assert render("{{ v|cop }}", v=None) == ""


def test_quantities_use_comma_decimals_and_dot_thousands():
    assert render("{{ v|num }}", v=Decimal("1234567.50")) == "1.234.567,5"
    assert render("{{ v|num }}", v=Decimal("12")) == "12"


def test_dates_are_dd_mm_aaaa():
    assert render("{{ d|fecha }}", d=dt.date(2026, 3, 27)) == "27/03/2026"


def test_percentages_from_ratios():
    assert render("{{ r|pct }}", r=Decimal("0.8532")) == "85,3 %"

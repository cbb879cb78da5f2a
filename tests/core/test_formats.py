import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import formats, translation
from hypothesis import given, settings
from hypothesis import strategies as st


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


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=4),
    decimals=st.integers(min_value=0, max_value=3),
    trim=st.booleans(),
)
def test_every_number_reads_as_djangos_es_co_localisation_would_write_it(value, decimals, trim):
    # format_number writes with separators read once per language; Django's own number_format,
    # slower, is the reference for every value, sign and number of decimals.
    from isvimed_planning.formatting import _rounded, format_number

    with translation.override("es-co"):
        expected = str(formats.number_format(_rounded(value, decimals, trim=trim), use_l10n=True, force_grouping=True))
        assert format_number(value, decimals, trim=trim) == expected


def test_outside_a_request_numbers_still_use_the_sites_separators():
    from isvimed_planning.formatting import format_number

    with translation.override(None):
        assert format_number(Decimal("-1234567.891"), 2) == "-1.234.567,89"

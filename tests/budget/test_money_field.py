"""Users type Colombian amounts; the money field reads them the Colombian way."""
from decimal import Decimal

import pytest

from budget.forms import CeilingForm


@pytest.mark.parametrize(
    "typed, value",
    [
        ("10.000.000.000", Decimal("10000000000")),
        ("10000000000", Decimal("10000000000")),
        ("1.234,50", Decimal("1234.50")),
        ("$ 1.234.567,5", Decimal("1234567.5")),
        ("2500000,75", Decimal("2500000.75")),
        ("1234.5", Decimal("1234.5")),
    ],
)
def test_colombian_amounts_are_read_as_pesos(typed, value):
    form = CeilingForm({"global_ceiling": typed, "version": 1})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["global_ceiling"] == value


@pytest.mark.parametrize("typed", ["diez millones", "1.23.4", "1,2,3", "1.234,5,6", "12,345.6", "1,234"])
def test_an_amount_that_is_not_pesos_is_refused_with_an_example(typed):
    form = CeilingForm({"global_ceiling": typed})  # "1,234": three decimals, too many for pesos
    assert not form.is_valid()
    assert form.errors["global_ceiling"] == ["Escriba un valor en pesos, por ejemplo 1.234.567,50."]


def test_a_negative_amount_is_refused():
    form = CeilingForm({"global_ceiling": "-5.000"})
    assert not form.is_valid()
    assert form.errors["global_ceiling"] == ["El valor no puede ser negativo."]


def test_a_saved_amount_is_shown_back_the_colombian_way():
    form = CeilingForm(initial={"global_ceiling": Decimal("10000000000.50")})
    assert 'value="10.000.000.000,5"' in str(form["global_ceiling"])

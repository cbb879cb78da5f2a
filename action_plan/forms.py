"""The monthly programming form of one action plan entry: twelve months of money and, per
product, twelve months of quantities, typed the Colombian way."""
from __future__ import annotations

from decimal import Decimal

from django import forms

from isvimed_planning.calendar import MONTH_NAMES
from isvimed_planning.inputs import MoneyField, QuantityField
from isvimed_planning.models import User
from isvimed_planning.versioning import VersionedForm
from strategy.models import monthly_quantity_hint

from .selectors import MONTHS


class EntryForm(VersionedForm):
    responsible = forms.ModelChoiceField(label="Responsable", queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args, products=(), initial_financial=None, initial_physical=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["responsible"].label_from_instance = lambda u: u.display_name
        self.products = list(products)
        initial_financial = initial_financial or [None] * 12
        initial_physical = initial_physical or {}
        for month, value in zip(MONTHS, initial_financial, strict=True):
            self.fields[f"fin_{month}"] = MoneyField(
                label=f"Financiera, {MONTH_NAMES[month - 1]}", required=False, initial=value
            )
        for product in self.products:
            values = initial_physical.get(product.pk, [None] * 12)
            for month, value in zip(MONTHS, values, strict=True):
                self.fields[f"phys_{product.pk}_{month}"] = QuantityField(
                    label=f"{product.code}, {MONTH_NAMES[month - 1]}", required=False, initial=value
                )

    def financial_row(self):
        return [self[f"fin_{m}"] for m in MONTHS]

    def physical_rows(self):
        """(product, its twelve bound fields, what its monthly quantity means)."""
        return [
            (
                p,
                [self[f"phys_{p.pk}_{m}"] for m in MONTHS],
                monthly_quantity_hint(accumulation=p.indicator.accumulation, unit=p.unit),
            )
            for p in self.products
        ]

    def programming(self) -> tuple[list[Decimal], dict[int, list[Decimal]]]:
        data = self.cleaned_data
        financial = [data.get(f"fin_{m}") or Decimal(0) for m in MONTHS]
        physical = {p.pk: [data.get(f"phys_{p.pk}_{m}") or Decimal(0) for m in MONTHS] for p in self.products}
        return financial, physical


class CommentForm(forms.Form):
    comment = forms.CharField(label="Comentario", required=False, widget=forms.Textarea(attrs={"rows": 3}))

"""Forms of step 4.3 (amounts typed the Colombian way: isvimed_planning.inputs)."""
from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from isvimed_planning.dates import DateField
from isvimed_planning.inputs import MoneyField, QuantityField
from isvimed_planning.versioning import VersionedForm, VersionField
from projects.models import FundingSource, Product, Project

from .models import ModificationKind


class FiscalYearForm(forms.Form):
    year = forms.IntegerField(label="Vigencia", min_value=2000, max_value=2100)
    global_ceiling = MoneyField(label="Tope global", help_text="En pesos, por ejemplo 10.000.000.000.")
    opened_on = DateField(label="Apertura del proceso", required=False)


class CeilingForm(VersionedForm):
    global_ceiling = MoneyField(label="Tope global")


class LongSelect(forms.Select):
    """A <select> for thousands of options (no option groups): the same HTML as forms.Select,
    written in one pass instead of a template and an option dict per option."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            is_selected = option_value in selected
            if is_selected:
                selected.discard(option_value)  # like Select: only the first match is selected
            # html.escape: the same text as django.utils.html.escape, without its lazy-string wrapper.
            mark = " selected" if is_selected else ""
            options.append(f'<option value="{html.escape(option_value)}"{mark}>{html.escape(str(label))}</option>')
        attributes = "".join(  # as django/forms/widgets/attrs.html writes them
            f" {escape(key)}" if val is True else f' {escape(key)}="{escape(str(val))}"'
            for key, val in self.build_attrs(self.attrs, attrs).items() if val is not False
        )
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')


class FlatChoices(BaseChoiceIterator):
    """Choices already in canonical (value, label) form: Django keeps an iterator as it is instead of
    normalizing (and copying) thousands of pairs again for the field and for its widget."""

    def __init__(self, items: Sequence[tuple[object, str]]):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def set_long_choices(field, choices: Sequence[tuple[object, str]]) -> None:
    """Fills a LongSelect field with "" (its empty label) and `choices`, as a FlatChoices."""
    field.choices = FlatChoices([("", field.empty_label), *choices])


def project_choices(projects) -> list[tuple[int, str]]:
    """(pk, "BPIN name") of `projects` for a project <select>, read with only those columns
    (the same labels as ModelChoiceField, without building a model per project)."""
    return [(pk, f"{code} {name}" if code else name) for pk, code, name in projects.values_list("pk", "bank_code", "name")]


class ProjectChoiceMixin:
    """`projects` validates the choice; `project_choices` (from project_choices()), when given,
    fills the <select> so that two forms on a page read the projects once."""

    def _set_projects(self, projects, choices):
        field = self.fields["project"]
        field.queryset = projects
        if choices is not None:
            set_long_choices(field, choices)


class AllocationForm(ProjectChoiceMixin, forms.Form):
    project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
        label="Proyecto", queryset=None, empty_label="Elija un proyecto", widget=LongSelect
    )
    source: forms.ModelChoiceField[FundingSource] = forms.ModelChoiceField(
        label="Fuente de financiación", queryset=FundingSource.objects.filter(active=True), empty_label="Elija una fuente"
    )
    amount = MoneyField(label="Valor", help_text="En pesos, por ejemplo 2.500.000.000.")

    def __init__(self, *args, projects=None, project_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_projects(projects, project_choices)


class AllocationAmountForm(VersionedForm):
    amount = MoneyField(label="Valor")


def product_choices(products) -> list[tuple[int, str]]:
    """(pk, "BPIN · code name") of `products` for a product <select>, read with only those columns."""
    return [
        (pk, f"{bank_code or ''} · {code} {name}")
        for pk, bank_code, code, name in products.values_list("pk", "project__bank_code", "code", "name")
    ]


class UnitCostForm(forms.Form):
    """`products` validates the choice (one query for the chosen product); the <select> is filled by
    show_product_choices() only when the form is shown, so a valid POST does not read every product.

    Opened on one product's cost (its «Cambiar» link) the form carries that cost's version (0: it had
    none), so a stale form does not overwrite; chosen from the list it has no version to check."""

    version = VersionField(required=False)
    product: forms.ModelChoiceField[Product] = forms.ModelChoiceField(
        label="Producto", queryset=None, empty_label="Elija un producto", widget=LongSelect
    )
    amount = MoneyField(label="Costo unitario", min_value=Decimal("0.01"))

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: f"{p.project.bank_code or ''} · {p.code} {p.name}"

    def show_product_choices(self, choices: list[tuple[int, str]] | None = None) -> None:
        """Fills the product <select> with `choices` (default: product_choices() of the queryset)."""
        field = cast(forms.ModelChoiceField, self.fields["product"])
        set_long_choices(field, product_choices(field.queryset) if choices is None else choices)


class ModificationForm(ProjectChoiceMixin, forms.Form):
    project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
        label="Proyecto", queryset=None, empty_label="Elija un proyecto", widget=LongSelect
    )
    kind = forms.ChoiceField(label="Tipo", choices=ModificationKind.choices)
    source: forms.ModelChoiceField[FundingSource] = forms.ModelChoiceField(
        label="Fuente de financiación", queryset=FundingSource.objects.all(), required=False,
        empty_label="La única fuente del proyecto",
        help_text="Obligatoria cuando el proyecto tiene varias fuentes en la vigencia.",
    )
    date = DateField(label="Fecha")
    act_number = forms.CharField(label="Número de acto", max_length=60, required=False)
    amount = MoneyField(label="Valor", min_value=Decimal("0.01"))

    def __init__(self, *args, projects=None, project_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_projects(projects, project_choices)


class ReprogrammingForm(forms.Form):
    new_goal = QuantityField(label="Nueva meta")
    effective_date = DateField(label="Fecha de vigencia")
    justification = forms.CharField(label="Justificación", widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    comment = forms.CharField(label="Comentario", required=False, widget=forms.Textarea(attrs={"rows": 3}))


"""Forms of the project sections; every edit form carries the project version (optimistic lock)."""
from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import Q

from isvimed_planning import roles
from isvimed_planning.dates import DateField
from isvimed_planning.inputs import MoneyField, QuantityField
from isvimed_planning.models import OrgUnit, Territory, TerritoryKind, User
from isvimed_planning.params import ModelMultipleIdField
from isvimed_planning.versioning import VersionedForm
from strategy.models import Indicator, IndicatorKind, Program
from strategy.selectors import catalogue_products

from .bpin import dane_code, validate_bpin
from .models import FundingKind, FundingSource, MeetingKind, Product, Project, Risk
from .services import BPIN_REASON_MAX, END_BEFORE_START, NEGATIVE_AMOUNT, NEGATIVE_COST, NEGATIVE_GOAL, PP_ONE_TERRITORY


def money_field(label: str, required: bool = False) -> MoneyField:
    # Negative amounts are refused by the services, with their own words.
    return MoneyField(
        label=label, required=required, min_value=None, invalid_message="Escriba un valor en pesos, p. ej. 1.234.567,50."
    )


def qty_field(label: str, required: bool = False) -> QuantityField:
    return QuantityField(
        label=label, required=required, min_value=None, invalid_message="Escriba un número, p. ej. 1.234,5."
    )


def lead_choices():
    return roles.users_with_role(roles.RESPONSABLE).order_by("first_name", "last_name", "username")


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ProjectGeneralForm(VersionedForm):
    name = forms.CharField(label="Nombre del proyecto", max_length=300)
    program = ProgramChoiceField(label="Programa del plan", queryset=Program.objects.select_related("plan"))
    org_unit = forms.ModelChoiceField(label="Dependencia responsable", queryset=OrgUnit.objects.filter(active=True))
    lead = UserChoiceField(label="Responsable", queryset=User.objects.none(), required=False)
    funding_kind = forms.ChoiceField(label="Tipo de recurso", choices=FundingKind.choices, initial=FundingKind.ORDINARY)
    territory = forms.ModelChoiceField(
        label="Comuna o corregimiento (presupuesto participativo)", required=False,
        queryset=Territory.objects.exclude(kind=TerritoryKind.CITY),
        help_text="Obligatorio si el proyecto es de presupuesto participativo.",
    )
    start_date = DateField(label="Fecha de inicio")
    end_date = DateField(label="Fecha de fin")

    def __init__(self, *args, user=None, creating: bool = False, **kwargs):
        super().__init__(*args, creating=creating, **kwargs)
        self.creating = creating
        if roles.may(user, "projects.assign_lead"):
            cast(forms.ModelChoiceField, self.fields["lead"]).queryset = lead_choices()
            self.fields["lead"].required = True
        else:
            del self.fields["lead"]
        if not creating:
            del self.fields["territory"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", END_BEFORE_START)
        if self.creating and data.get("funding_kind") == FundingKind.PARTICIPATORY and not data.get("territory"):
            self.add_error("territory", PP_ONE_TERRITORY)
        return data


class ProjectMgaForm(VersionedForm):
    problem = forms.CharField(label="Problema central", widget=forms.Textarea, required=False)
    causes_effects = forms.CharField(label="Causas y efectos", widget=forms.Textarea, required=False)
    general_objective = forms.CharField(label="Objetivo general", widget=forms.Textarea, required=False)
    specific_objectives = forms.CharField(label="Objetivos específicos", widget=forms.Textarea, required=False)
    affected_population = forms.IntegerField(label="Población afectada (personas)", min_value=0, required=False)
    target_population = forms.IntegerField(label="Población objetivo (personas)", min_value=0, required=False)
    population_description = forms.CharField(
        label="Caracterización de la población", widget=forms.Textarea, required=False
    )

    def clean(self):
        data = super().clean()
        affected, target = data.get("affected_population"), data.get("target_population")
        if affected is not None and target is not None and target > affected:
            self.add_error("target_population", "La población objetivo no puede ser mayor que la población afectada.")
        return data


class TerritoriesForm(VersionedForm):
    """One share field per territory: the user fills the ones where the project invests."""

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.territories = list(territories)
        for t in self.territories:
            self.fields[f"share_{t.code}"] = forms.DecimalField(
                label=f"{t.code} - {t.name}", required=False, max_digits=5, decimal_places=2, localize=True,
                error_messages={"invalid": "Escriba un porcentaje, p. ej. 60 o 33,5."},
            )

    def rows(self):
        return [
            (t, self.cleaned_data[f"share_{t.code}"])
            for t in self.territories
            if self.cleaned_data.get(f"share_{t.code}") not in (None, Decimal(0))
        ]

    def bound_rows(self):
        return [(t, self[f"share_{t.code}"]) for t in self.territories]


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name} ({obj.unit})"


class ProductForm(VersionedForm):
    code = forms.CharField(label="Código del producto", max_length=20)
    catalogue_product = forms.ChoiceField(
        label="Producto del catálogo DNP", required=False,
        help_text="Opcional: al guardar, el producto toma el nombre, la unidad y el código MGA del catálogo.",
    )
    # Not required here: a product of the catalogue brings its name (checked in clean).
    name = forms.CharField(label="Nombre del producto", max_length=300, required=False)
    indicator = IndicatorChoiceField(
        label="Indicador de producto", queryset=Indicator.objects.filter(kind=IndicatorKind.PRODUCT),
        help_text="Solo indicadores de producto del programa del proyecto.",
    )
    unit = forms.CharField(label="Unidad de medida", max_length=60, required=False, help_text="Por defecto, la del indicador.")
    mga_product_code = forms.CharField(
        label="Código de producto MGA (DNP)", required=False, max_length=30,
        help_text="7 dígitos del catálogo de productos del DNP, dentro del código de programa presupuestal. Opcional.",
    )

    def __init__(self, *args, project: Project, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = {e.code: e for e in catalogue_products(project.program.budget_program_code)}
        cast(forms.ChoiceField, self.fields["catalogue_product"]).choices = [("", "---------")] + [
            (e.code, f"{e.code} {e.name} ({e.unit})") for e in self.catalogue.values()
        ]
        # All product indicators are accepted by the field so that one of another program gets the
        # clear message of the service; only the program's own are offered.
        own = Indicator.objects.filter(kind=IndicatorKind.PRODUCT, program_id=project.program_id)
        self.fields["indicator"].widget.choices = [("", "---------")] + [
            (i.pk, f"{i.code} {i.name} ({i.unit})") for i in own
        ]
        self.years = years
        for year in years:
            self.fields[f"goal_{year}"] = qty_field(f"Meta física {year}")

    def goal_fields(self):
        return [self[f"goal_{y}"] for y in self.years]

    @property
    def catalogue_data(self) -> dict[str, dict[str, str]]:
        """{code: {name, unit}} of the offered catalogue products, for static/js/catalogue.js."""
        return {code: {"name": e.name, "unit": e.unit} for code, e in self.catalogue.items()}

    def clean(self):
        data = super().clean()
        entry = self.catalogue.get(data.get("catalogue_product") or "")
        if entry is not None:
            data["name"], data["unit"], data["mga_product_code"] = entry.name[:300], entry.unit[:60], entry.code
        elif not data.get("name") and "name" not in self.errors:
            self.add_error("name", self.fields["name"].error_messages["required"])
        for year in self.years:
            value = data.get(f"goal_{year}")
            if value is not None and value < 0:
                self.add_error(f"goal_{year}", NEGATIVE_GOAL)
        return data

    def goals(self) -> dict[int, Decimal | None]:
        return {y: self.cleaned_data.get(f"goal_{y}") for y in self.years}


class ActivityForm(VersionedForm):
    product: forms.ModelChoiceField[Product] = forms.ModelChoiceField(label="Producto", queryset=None)
    name = forms.CharField(label="Actividad", max_length=300)

    def __init__(self, *args, project: Project, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = project.products.all()
        self.years = years
        for year in years:
            self.fields[f"cost_{year}"] = money_field(f"Costo {year}")

    def cost_fields(self):
        return [self[f"cost_{y}"] for y in self.years]

    def clean(self):
        data = super().clean()
        for year in self.years:
            value = data.get(f"cost_{year}")
            if value is not None and value < 0:
                self.add_error(f"cost_{year}", NEGATIVE_COST)
        return data

    def costs(self) -> dict[int, Decimal | None]:
        return {y: self.cleaned_data.get(f"cost_{y}") for y in self.years}


class DeliverableForm(VersionedForm):
    name = forms.CharField(label="Entregable", max_length=300)
    product: forms.ModelChoiceField[Product] = forms.ModelChoiceField(label="Producto", queryset=None, required=False)
    due_date = DateField(label="Fecha prevista", required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = project.products.all()


class RiskForm(VersionedForm):
    description = forms.CharField(label="Riesgo", widget=forms.Textarea)
    probability = forms.ChoiceField(label="Probabilidad", choices=Risk.Level.choices, initial=Risk.Level.MEDIUM)
    impact = forms.ChoiceField(label="Impacto", choices=Risk.Level.choices, initial=Risk.Level.MEDIUM)
    mitigation = forms.CharField(label="Medidas de mitigación", widget=forms.Textarea, required=False)


class FundingForm(VersionedForm):
    source: forms.ModelChoiceField[FundingSource] = forms.ModelChoiceField(
        label="Fuente de financiación", queryset=FundingSource.objects.none(), empty_label="Elija una fuente",
        help_text="Las fuentes las mantiene el administrador del sistema.",
    )
    year = forms.TypedChoiceField(label="Año", coerce=int)
    amount = money_field("Valor", required=True)

    def __init__(self, *args, years: list[int], current: FundingSource | None = None, **kwargs):
        """`current`: the source of the row being edited, offered even if it was made inactive since."""
        super().__init__(*args, **kwargs)
        # A year is a label, never a number with a thousands separator ("2.027").
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
        active = Q(active=True) | Q(pk=current.pk) if current is not None else Q(active=True)
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = FundingSource.objects.filter(active)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(NEGATIVE_AMOUNT)
        return amount


class TransitionForm(VersionedForm):
    comment = forms.CharField(label="Comentario", widget=forms.Textarea, required=False)


def bank_code_field(label: str = "Código BPIN") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=30, validators=[validate_bpin],
        help_text=f"13 dígitos: año, código DANE del municipio ({dane_code()}) y consecutivo.",
    )


class RegisterForm(TransitionForm):
    bank_code = bank_code_field()
    registered_on = DateField(label="Fecha de inscripción")
    field_order = ["version", "bank_code", "registered_on", "comment"]


class BpinCorrectionForm(VersionedForm):
    bank_code = bank_code_field("BPIN correcto")
    reason = forms.CharField(label="Motivo de la corrección", max_length=BPIN_REASON_MAX)


class MeetingForm(VersionedForm):
    territory = forms.ModelChoiceField(label="Comuna o corregimiento", queryset=Territory.objects.exclude(kind=TerritoryKind.CITY))
    date = DateField(label="Fecha")
    kind = forms.ChoiceField(label="Tipo de reunión", choices=MeetingKind.choices)
    attendees = forms.CharField(label="Asistentes", widget=forms.Textarea, required=False)
    agreements = forms.CharField(label="Acuerdos", widget=forms.Textarea, required=False)
    minutes = forms.FileField(label="Acta (PDF, imagen u Office)", required=False)
    projects = ModelMultipleIdField(
        label="Proyectos de los que trata", required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Project.objects.filter(funding_kind=FundingKind.PARTICIPATORY),
    )

    def clean_minutes(self):
        from django.core.exceptions import ValidationError

        from isvimed_planning.files import validate_upload

        upload = self.cleaned_data.get("minutes")
        if upload:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages[0]) from None
        return upload


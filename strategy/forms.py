"""Forms of step 4.1 (Spanish labels; errors shown next to each field)."""
from __future__ import annotations

from typing import cast

from django import forms

from isvimed_planning.dates import DateField
from isvimed_planning.files import validate_upload
from isvimed_planning.models import OrgUnit
from isvimed_planning.params import ModelMultipleIdField
from isvimed_planning.versioning import VersionedForm

from . import services
from .models import (
    Accumulation,
    Direction,
    IndicatorKind,
    InstrumentKind,
    Program,
    StrategicLine,
    StrategicPlatform,
)

NUMBER_INVALID = "Escriba un número, p. ej. 1.234,5."
YEAR_INVALID = "Escriba un año de cuatro cifras, p. ej. 2024."


def qty_field(label: str, required: bool = True, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=15, decimal_places=4, localize=True,
        error_messages={"invalid": NUMBER_INVALID, "required": "Escriba un valor.",
                        "max_decimal_places": "Use como máximo 4 decimales.",
                        "max_digits": "El número es demasiado grande."},
        **kwargs,
    )


def year_field(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=2000, max_value=2100,
        error_messages={"invalid": YEAR_INVALID, "required": "Escriba el año.",
                        "min_value": services.YEAR_RANGE, "max_value": services.YEAR_RANGE},
        **kwargs,
    )


class CodedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class PlanForm(VersionedForm):
    name = forms.CharField(label="Nombre del plan", max_length=200)
    first_year = year_field("Primer año del cuatrienio", help_text="El plan dura cuatro años: el último es el primero + 3.")
    agreement = forms.CharField(label="Acuerdo que lo adopta", max_length=200, required=False)


class PlatformForm(VersionedForm):
    mission = forms.CharField(label="Misión", widget=forms.Textarea, required=False)
    vision = forms.CharField(label="Visión", widget=forms.Textarea, required=False)
    values = forms.CharField(label="Valores", widget=forms.Textarea, required=False)
    essential_activities = forms.CharField(label="Actividades esenciales", widget=forms.Textarea, required=False)
    institutional_objectives = forms.CharField(label="Objetivos institucionales", widget=forms.Textarea, required=False)
    structure = forms.CharField(label="Estructura", widget=forms.Textarea, required=False)
    general_rules = forms.CharField(label="Reglas generales", widget=forms.Textarea, required=False)


PLATFORM_ITEM_KINDS = {
    # URL word → (related name, singular title, labels of name and detail)
    "grupos": ("stakeholders", "grupo de interés", "Grupo de interés", "Qué espera del Instituto"),
    "retos": ("challenges", "reto", "Reto", "Descripción"),
    "dimensiones": ("dimensions", "dimensión", "Dimensión", "Descripción"),
}


class PlatformItemForm(VersionedForm):
    name = forms.CharField(max_length=200)
    detail = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        _, _, name_label, detail_label = PLATFORM_ITEM_KINDS[kind]
        self.fields["name"].label = name_label
        self.fields["detail"].label = detail_label


class LineForm(VersionedForm):
    code = forms.CharField(label="Código", max_length=30, help_text="P. ej. 4")
    name = forms.CharField(label="Nombre", max_length=300)


class ComponentForm(VersionedForm):
    line = CodedChoiceField(label="Línea", queryset=StrategicLine.objects.none())
    code = forms.CharField(label="Código", max_length=30, help_text="P. ej. 4.2")
    name = forms.CharField(label="Nombre", max_length=300)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = StrategicLine.objects.filter(plan=plan).order_by("sort_key")


class ProgramForm(VersionedForm):
    component = CodedChoiceField(label="Componente", queryset=None)
    code = forms.CharField(label="Código", max_length=30, help_text="P. ej. 4.2.1")
    name = forms.CharField(label="Nombre", max_length=300)
    # The service gives the Spanish message of every wrong code, so the field takes any text.
    budget_program_code = forms.CharField(
        label="Código de programa presupuestal (DNP)", required=False, max_length=30,
        help_text="4 dígitos: los 2 del sector y los 2 del programa, p. ej. 4001. Opcional.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Component

        self.fields["component"].queryset = Component.objects.filter(plan=plan).order_by("sort_key")


class IndicatorForm(VersionedForm):
    """The indicator with one target input per year of the plan (`target_<year>`)."""

    program = CodedChoiceField(label="Programa", queryset=Program.objects.none())
    code = forms.CharField(label="Código", max_length=30)
    name = forms.CharField(label="Nombre del indicador", max_length=300)
    kind = forms.ChoiceField(label="Tipo", choices=IndicatorKind.choices)
    unit = forms.CharField(label="Unidad de medida", max_length=60)
    direction = forms.ChoiceField(label="Sentido", choices=Direction.choices, initial=Direction.INCREASE)
    accumulation = forms.ChoiceField(label="Acumulación", choices=Accumulation.choices, initial=Accumulation.CUMULATIVE)
    baseline = qty_field("Línea base (valor)")
    baseline_year = year_field("Año de la línea base")
    period_target = qty_field("Meta del cuatrienio")
    weight = forms.DecimalField(
        label="Ponderación en el programa (%)", max_digits=6, decimal_places=2, localize=True, min_value=0,
        max_value=100, initial=0,
        error_messages={"invalid": NUMBER_INVALID, "required": "Escriba la ponderación.",
                        "min_value": services.WEIGHT_RANGE, "max_value": services.WEIGHT_RANGE},
    )
    org_unit = forms.ModelChoiceField(label="Dependencia responsable", queryset=OrgUnit.objects.filter(active=True))
    mga_indicator_code = forms.CharField(
        label="Código de indicador MGA (DNP)", required=False, max_length=30,
        help_text="9 dígitos del catálogo de productos del DNP; solo indicadores de producto. Opcional.",
    )

    def __init__(self, *args, plan, exclude_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.exclude_pk = exclude_pk
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = Program.objects.filter(plan=plan).order_by(
            "sort_key"
        )
        for year in plan.years:
            self.fields[f"target_{year}"] = qty_field(f"Meta {year}", required=False)

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.plan.years]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("target_")]

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.plan.years}

    def clean(self):
        data = super().clean()
        needed = ("code", "direction", "baseline", "period_target", "weight")
        if self.errors or any(data.get(n) is None for n in needed):
            return data
        for field, message in services.validate_indicator(
            plan=self.plan, code=data["code"], direction=data["direction"], baseline=data["baseline"],
            period_target=data["period_target"], weight=data["weight"], targets=self.targets(),
            exclude_pk=self.exclude_pk,
        ):
            self.add_error(field if field in self.fields else None, message)
        return data


class InstrumentForm(VersionedForm):
    kind = forms.ChoiceField(label="Tipo", choices=InstrumentKind.choices)
    reference = forms.CharField(label="Referencia", max_length=300, help_text="P. ej. Acuerdo 01 de 2024, Decreto 1077 de 2015")
    # The laws and plans an instrument cites can be older than the institute's own records.
    date = DateField(label="Fecha", required=False, first_year=1900)
    url = forms.URLField(label="Enlace", required=False, assume_scheme="https", error_messages={"invalid": "Escriba una dirección web válida (https://…)."})
    file = forms.FileField(label="Archivo", required=False)
    lines = ModelMultipleIdField(label="Líneas que informa", required=False, queryset=StrategicLine.objects.none())
    programs = ModelMultipleIdField(label="Programas que informa", required=False, queryset=Program.objects.none())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = StrategicLine.objects.filter(plan=plan).order_by("sort_key")
        self.fields["programs"].queryset = Program.objects.filter(plan=plan).order_by("sort_key")
        self.fields["lines"].label_from_instance = lambda o: f"{o.code} {o.name}"
        self.fields["programs"].label_from_instance = lambda o: f"{o.code} {o.name}"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label="Versión", queryset=StrategicPlatform.objects.none())
    b = forms.ModelChoiceField(label="Comparar con", queryset=StrategicPlatform.objects.none())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = plan.platforms.order_by("-version")
            self.fields[name].label_from_instance = lambda o: f"v{o.version} ({o.get_state_display()})"


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label="Catálogo de productos del DNP (.xlsx)",
        error_messages={"required": "Elija el archivo del catálogo."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError("Solo se acepta un libro de Excel .xlsx.")
        return upload

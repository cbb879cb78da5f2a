"""Forms of step 4.6; every edit of a report carries the report version (optimistic lock)."""
from __future__ import annotations

from decimal import Decimal

from django import forms

from isvimed_planning.calendar import MONTH_NAMES
from isvimed_planning.dates import DateField
from isvimed_planning.inputs import MoneyField, QuantityField
from isvimed_planning.versioning import VersionedForm, VersionField
from strategy.models import monthly_quantity_hint

from .cuadre_services import COMMENT_REQUIRED
from .services import NEGATIVE_AMOUNT, NEGATIVE_BENEFICIARIES, NEGATIVE_QUANTITY

SOURCE_COLUMNS = ("committed", "obligated", "paid")
MONTH_CHOICES = [(i, name.capitalize()) for i, name in enumerate(MONTH_NAMES, start=1)]


def money_field(label: str, required: bool = False) -> MoneyField:
    return MoneyField(
        label=label, required=required, min_value=Decimal(0),
        invalid_message="Escriba un valor en pesos, p. ej. 1.234.567,50.", min_value_message=NEGATIVE_AMOUNT,
        error_messages={"required": "Escriba el valor (0 si no hubo movimiento en el mes)."},
    )


def qty_field(label: str) -> QuantityField:
    return QuantityField(
        label=label, required=False, min_value=Decimal(0),
        invalid_message="Escriba un número, p. ej. 1.234,5.", min_value_message=NEGATIVE_QUANTITY,
    )


def _plain(value):
    """A quantity without trailing zeros (48 rather than 48,0000), never in exponent form."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(1)
    return value.normalize()


class PeriodForm(VersionedForm):
    year = forms.IntegerField(label="Año", min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label="Mes", choices=MONTH_CHOICES, coerce=int)
    cutoff = DateField(label="Fecha de corte")
    report_deadline = DateField(
        label="Fecha límite de reporte",
        help_text="Hasta esta fecha los responsables envían el reporte del mes.",
    )


class ReportForm(VersionedForm):
    """Amounts of the month, its structured narrative, a quantity per product and the distribution per territory."""

    committed = money_field("Comprometido del mes", required=True)
    obligated = money_field("Obligado del mes", required=True)
    paid = money_field("Pagado del mes", required=True)
    achievements = forms.CharField(
        label="Logros", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Qué se logró en el mes. Obligatorio para enviar el reporte a revisión.",
    )
    difficulties = forms.CharField(
        label="Dificultades", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Qué retrasó o impidió el avance.",
    )
    improvement_actions = forms.CharField(
        label="Acciones de mejora", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Qué se hará para superar las dificultades.",
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.territory_errors: list[str] = []
        self.product_rows = []
        for line in sheet.products:
            name = f"qty_{line.product.pk}"
            self.fields[name] = qty_field(f"{line.product.code} {line.product.name} ({line.product.unit})")
            self.fields[name].help_text = monthly_quantity_hint(
                accumulation=line.product.indicator.accumulation, unit=line.product.unit
            )
            self.product_rows.append((line, name))
        self.territory_rows = []
        for line in sheet.territories:
            code = line.territory.code
            amount, people = f"terr_committed_{code}", f"terr_beneficiaries_{code}"
            self.fields[amount] = money_field(f"Comprometido en {line.territory}")
            self.fields[people] = forms.IntegerField(
                label=f"Beneficiarios en {line.territory}", required=False, min_value=0,
                error_messages={"min_value": NEGATIVE_BENEFICIARIES, "invalid": "Escriba un número entero."},
            )
            self.territory_rows.append((line, amount, people))
        # The split by funding source, only when the project has several sources that year.
        self.source_errors: list[str] = []
        self.source_rows = []
        for line in sheet.sources:
            names = tuple(f"src_{column}_{line.source.pk}" for column in SOURCE_COLUMNS)
            for name, label in zip(names, ("Comprometido", "Obligado", "Pagado"), strict=True):
                self.fields[name] = money_field(f"{label} de {line.source.name}")
            self.source_rows.append((line, names))

    @classmethod
    def initial_for(cls, report, sheet) -> dict:
        initial = {
            "version": report.version, "committed": report.committed, "obligated": report.obligated,
            "paid": report.paid, "achievements": report.achievements, "difficulties": report.difficulties,
            "improvement_actions": report.improvement_actions,
        }
        for line in sheet.products:
            initial[f"qty_{line.product.pk}"] = _plain(line.quantity)
        for line in sheet.territories:
            initial[f"terr_committed_{line.territory.code}"] = line.committed
            initial[f"terr_beneficiaries_{line.territory.code}"] = line.beneficiaries
        for line in sheet.sources:
            for column in SOURCE_COLUMNS:
                initial[f"src_{column}_{line.source.pk}"] = getattr(line, column)
        return initial

    def source_table(self):
        """(line, bound committed, obligated and paid fields) of each funding source."""
        return [(line, *(self[name] for name in names)) for line, names in self.source_rows]

    def sources(self) -> dict | None:
        """{source id: (committed, obligated, paid)}; None when the form has no split (one source)."""
        if not self.source_rows:
            return None
        return {
            line.source.pk: tuple(self.cleaned_data.get(name) for name in names) for line, names in self.source_rows
        }

    def rows(self):
        """(line, bound amount field, bound beneficiaries field) of each territory."""
        return [(line, self[a], self[p]) for line, a, p in self.territory_rows]

    def products(self):
        return [(line, self[name]) for line, name in self.product_rows]

    def quantities(self) -> dict:
        return {line.product.pk: self.cleaned_data.get(name) for line, name in self.product_rows}

    def territories(self) -> dict:
        return {
            line.territory.code: (self.cleaned_data.get(a), self.cleaned_data.get(p))
            for line, a, p in self.territory_rows
        }

    def add_refusal(self, exc) -> None:
        """Puts a service's refusal next to its field, or on top of the form."""
        if exc.field == "territories":
            self.territory_errors.append(exc.message)
        elif exc.field == "sources":
            self.source_errors.append(exc.message)
        elif exc.field in self.fields and exc.field != "version":
            self.add_error(exc.field, exc.message)
        else:
            self.add_error(None, exc.message)


class EvidenceForm(VersionedForm):
    file = forms.FileField(
        label="Archivo de evidencia",
        help_text="PDF, imagen (PNG, JPG, GIF) o documento de Office.",
        error_messages={"required": "Elija el archivo de la evidencia.", "empty": "El archivo está vacío."},
    )
    description = forms.CharField(label="Descripción", max_length=300, required=False)


class TransitionForm(VersionedForm):
    comment = forms.CharField(label="Comentario", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MonthForm(forms.Form):
    """Chooses a year and month (dashboard and indicator values)."""

    anio = forms.IntegerField(label="Año", min_value=2000, max_value=2100)
    mes = forms.TypedChoiceField(label="Mes", choices=MONTH_CHOICES, coerce=int)


class MeasurementForm(forms.Form):
    """One value per result indicator for a month, each with the version of the value it shows
    (`version_<pk>`, 0 when there was none): the optimistic lock of a grid of rows."""

    def __init__(self, *args, indicators, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_rows = []
        for indicator in indicators:
            self.fields[f"version_{indicator.pk}"] = VersionField(initial=(versions or {}).get(indicator.pk, 0))
            name = f"value_{indicator.pk}"
            self.fields[name] = QuantityField(
                label=f"{indicator.code} {indicator.name} ({indicator.unit})", required=False, min_value=None,
                invalid_message="Escriba un número, p. ej. 1.234,5.",
            )
            self.indicator_rows.append((indicator, name))

    def rows(self):
        return [(indicator, self[name]) for indicator, name in self.indicator_rows]

    def values(self) -> dict:
        return {indicator.pk: self.cleaned_data.get(name) for indicator, name in self.indicator_rows}

    def versions(self) -> dict:
        return {indicator.pk: self.cleaned_data.get(f"version_{indicator.pk}") for indicator, _ in self.indicator_rows}


class FindingForm(forms.Form):
    """A finding of the cuadre (rule, object kind and id), posted with the year and cutoff and the
    page's filters to come back to (read by the view): withdrawing a justification."""

    regla = forms.CharField(max_length=10, widget=forms.HiddenInput)
    tipo = forms.CharField(max_length=30, widget=forms.HiddenInput)
    objeto = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class JustifyForm(FindingForm):
    """A planner's reason for accepting an alert of the cuadre."""

    comentario = forms.CharField(
        label="Justificación", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": COMMENT_REQUIRED,
                        "max_length": "Use como máximo %(limit_value)d caracteres."},
    )

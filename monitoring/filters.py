"""The filter bar of the report list (GET). A value that is not one of the choices leaves that
filter out: the page opens and lists as if it were empty."""
from __future__ import annotations

from typing import cast

import django_filters
from django import forms

from isvimed_planning.dates import DateField
from isvimed_planning.params import IntFilter

from .matrices.base import cutoff_outside_year
from .models import ProgressReport, ReportState


class ReportFilter(django_filters.FilterSet):
    anio = IntFilter(field_name="year")
    mes = IntFilter(field_name="month")
    estado = django_filters.ChoiceFilter(field_name="state", choices=ReportState.choices)

    class Meta:
        model = ProgressReport
        fields = ("anio", "mes", "estado")

    def typed(self, name: str) -> str:
        """What was typed in a field, to show it again in the bar."""
        return self.form.data.get(name) or ""

    @property
    def chosen_state(self) -> str:
        if not self.is_bound:
            return ""
        self.form.is_valid()  # a bad year keeps a good state: cleaned_data holds the valid fields
        return self.form.cleaned_data.get("estado") or ""


# --- The cuadre page's bar (monitoring.views_cuadre) -------------------------------------------
# A value that is not one of the choices is shown with its message and that filter is left out.

NOT_A_CHOICE = "«%(value)s» no es una opción de este filtro."


class CuadreCutoffForm(forms.Form):
    """Which cuadre: the year and the cutoff (either may be left out: the cutoff's year, or the
    year's last cutoff up to the cycle being reported)."""

    anio = forms.IntegerField(label="Vigencia", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "Escriba el año con cuatro cifras, p. ej. 2026."})
    corte = DateField(label="Fecha de corte", required=False)

    def clean(self):
        data = super().clean()
        year, cutoff = data.get("anio"), data.get("corte")
        if year and cutoff and (outside := cutoff_outside_year(year, cutoff)):
            self.add_error("corte", outside)
        return data


def _choice(label: str, choices) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, choices=[("", "Todos"), *choices], empty_value=None,
        error_messages={"invalid_choice": NOT_A_CHOICE},
    )


class CuadreFilterForm(forms.Form):
    """Filters of the findings: severity, rule, and the program, dependency and lead among the
    run's findings (`options`: id → name of each, read by the view)."""

    severidad = _choice("Severidad", [])
    regla = _choice("Regla", [])
    programa = _choice("Programa", [])
    dependencia = _choice("Dependencia", [])
    responsable = _choice("Responsable", [])

    def __init__(self, data=None, *, rules, options: dict[str, dict[int, str]]):
        super().__init__(data)
        from .cuadre.base import Severity

        fields = {name: cast(forms.TypedChoiceField, field) for name, field in self.fields.items()}
        fields["severidad"].choices = [("", "Todas"), *Severity.choices]
        fields["regla"].choices = [("", "Todas"), *((r.code, f"{r.code} {r.title}") for r in rules)]
        for name in ("programa", "dependencia", "responsable"):
            fields[name].choices = [("", "Todos"), *((str(pk), label) for pk, label in options.get(name, {}).items())]
            fields[name].coerce = int

    def chosen(self) -> dict:
        """The valid filters (a bad one is left out: its message shows in the bar)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


FINDING_FIELDS = {
    "severidad": "severity", "regla": "rule", "programa": "program_id", "dependencia": "org_unit_id",
    "responsable": "lead_id",
}


def filter_findings(shown: list, chosen: dict) -> list:
    """The shown findings (cuadre_selectors.ShownFinding) that match every chosen filter."""
    out = shown
    for name, value in chosen.items():
        attr = FINDING_FIELDS[name]
        out = [s for s in out if getattr(s.finding, attr) == value]
    return out

"""The filter bar of the report list (GET). A value that is not one of the choices leaves that
filter out: the page opens and lists as if it were empty."""
from __future__ import annotations

import django_filters

from isvimed_planning.params import IntFilter

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

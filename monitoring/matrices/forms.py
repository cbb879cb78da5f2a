from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from isvimed_planning.dates import DateField
from monitoring.models import MatrixKind

from .base import cutoff_outside_year


def _default_cutoff() -> dt.date:
    today = timezone.localdate()
    return today.replace(day=1) - dt.timedelta(days=1) if today.month > 1 else today


class MatrixRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Matriz", choices=MatrixKind.choices)
    year = forms.IntegerField(
        label="Vigencia", min_value=2000, max_value=2100,
        error_messages={"required": "Indique la vigencia.", "invalid": "Escriba un año, p. ej. 2025."},
    )
    cutoff = DateField(
        label="Fecha de corte",
        error_messages={"required": "Indique la fecha de corte."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].error_messages.update(
            min_value="La vigencia debe ser un año entre 2000 y 2100.",
            max_value="La vigencia debe ser un año entre 2000 y 2100.",
        )
        if not self.is_bound:
            cutoff = _default_cutoff()
            self.initial.setdefault("year", cutoff.year)
            self.initial.setdefault("cutoff", cutoff)

    def clean(self):
        data = super().clean()
        year, cutoff = data.get("year"), data.get("cutoff")
        if year and cutoff and (outside := cutoff_outside_year(year, cutoff)):
            self.add_error("cutoff", outside)
        return data

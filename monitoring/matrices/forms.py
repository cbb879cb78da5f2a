from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from isvimed_planning.dates import DateField
from monitoring.models import MatrixKind, SubmissionChannel

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


class SubmissionForm(forms.Form):
    """Mark a generated matrix as sent: to whom, how, when (date and time, Bogotá) and a note."""

    recipient = forms.CharField(
        label="Destinatario", max_length=200,
        help_text="Dependencia y persona a quien se envió, p. ej. «DAP – Subdirección de Planeación».",
        error_messages={"required": "Indique a quién se envió la matriz.",
                        "max_length": "El destinatario admite hasta 200 caracteres."},
    )
    channel = forms.ChoiceField(
        label="Medio", choices=[("", "— Elija —"), *SubmissionChannel.choices],
        error_messages={"required": "Elija el medio de envío.", "invalid_choice": "Elija el medio de envío."},
    )
    sent_date = DateField(label="Fecha de envío", error_messages={"required": "Indique la fecha del envío."})
    sent_time = forms.TimeField(
        label="Hora de envío", input_formats=["%H:%M"], widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"required": "Indique la hora del envío.", "invalid": "Escriba la hora como hh:mm, p. ej. 14:30."},
    )
    note = forms.CharField(label="Nota (opcional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000, error_messages={"max_length": "La nota admite hasta 2.000 caracteres."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("sent_date", now.date())
            self.initial.setdefault("sent_time", now.strftime("%H:%M"))

    def sent_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["sent_date"], data["sent_time"]))


class VerifyHashForm(forms.Form):
    sha256 = forms.CharField(label="SHA-256 del archivo", max_length=200, required=False)

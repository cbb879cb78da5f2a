from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from isvimed_planning.files import validate_upload

from .importer import open_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_XLSX = "El archivo no es un libro de Excel .xlsx válido. Guárdelo desde Excel como «Libro de Excel (.xlsx)»."


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Libro de planeación (.xlsx)",
        help_text="Primero se valida sin guardar nada; después usted confirma la importación.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError("Solo se aceptan libros de Excel con extensión .xlsx.")
        try:
            kind = validate_upload(upload)
        except ValidationError as exc:
            if exc.code in ("bad_type", "bad_extension"):  # e.g. a Word file renamed .xlsx
                raise ValidationError(NOT_XLSX) from None
            raise
        if kind != XLSX:
            raise ValidationError(NOT_XLSX)
        try:
            open_workbook(upload).close()
        except ValueError:
            raise ValidationError(NOT_XLSX) from None
        upload.seek(0)
        return upload

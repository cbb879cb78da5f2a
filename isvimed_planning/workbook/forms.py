from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from isvimed_planning.files import validate_upload
from isvimed_planning.safe_export import XLSX

from .bounds import TooLarge, describe, measure

NOT_XLSX = "El archivo no es un libro de Excel .xlsx válido. Guárdelo desde Excel como «Libro de Excel (.xlsx)»."


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Libro de planeación (.xlsx)",
        help_text="Primero se valida sin guardar nada; después usted confirma la importación.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    create_users = forms.BooleanField(
        label="Crear las cuentas de los responsables que no existan",
        required=False,
        help_text="Sin marcar, un responsable sin cuenta es un error. Las cuentas se crean inactivas, con el rol "
        "responsable; la validación dice cuáles.",
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
        # Measured on the zip, never parsed here: what the directory and the first bytes of each
        # part declare always; the rows and cells themselves only when the file is small unzipped
        # (services.scan_in_request_bytes), else the worker counts them.
        from .services import scan_in_request_bytes

        try:
            self.bounds = measure(upload, scan_up_to=scan_in_request_bytes()).as_dict()
        except TooLarge as exc:
            raise ValidationError(describe(exc)) from None
        except ValueError:
            raise ValidationError(NOT_XLSX) from None
        upload.seek(0)
        return upload

"""An import of the planning workbook from the browser: upload, dry-run preview, confirm."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from isvimed_planning.files import upload_to
from isvimed_planning.jobs import JobFields


class ImportState(models.TextChoices):
    CHECKING = "checking", "Validando"
    CHECKED = "checked", "Validado, por confirmar"
    INVALID = "invalid", "Con errores"
    IMPORTING = "importing", "Importando"
    DONE = "done", "Importado"
    FAILED = "failed", "Falló"


RUNNING_STATES = (ImportState.CHECKING, ImportState.IMPORTING)


class ImportJob(JobFields):
    file = models.FileField("libro", upload_to=upload_to("workbook-imports"))
    original_name = models.CharField("nombre del archivo", max_length=255)
    size = models.PositiveIntegerField("tamaño", default=0)
    state = models.CharField("estado", max_length=10, choices=ImportState.choices, default=ImportState.CHECKING)
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    label = models.CharField("etapa", max_length=200, blank=True)
    preview = models.JSONField("validación", null=True, blank=True)
    result = models.JSONField("resultado", null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("subido", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmado", null=True, blank=True)
    finished_at = models.DateTimeField("terminado", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "importación del libro"
        verbose_name_plural = "importaciones del libro"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES

"""ANS: the time each step of the procedure is allowed (AnsPolicy) and one clock per object
that must meet it (DeadlineInstance). Each app feeds its instances through `<app>/deadlines.py`."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.versioning import Versioned


class Step(models.TextChoices):
    STRATEGY = "strategy", "4.1 Formulación estratégica"
    PROJECT = "project", "4.2 Formulación e inscripción de proyectos"
    BUDGET = "budget", "4.3 Definición del presupuesto"
    ACTION_PLAN = "action_plan", "4.5 Plan de acción"
    ACTION_PLAN_LEGAL = "action_plan_legal", "4.5 Publicación del plan de acción (31 de enero)"
    MONITORING = "monitoring", "4.6 Seguimiento (ciclo de corte)"
    ACCOUNTABILITY_REPORT = "accountability_report", "4.7 Informe de rendición de cuentas"
    INFORMATION_REQUEST = "information_request", "4.7 Solicitudes de información (término legal)"
    COUNCIL_COMMITMENT = "council_commitment", "4.7 Compromisos con el Concejo"


class DurationUnit(models.TextChoices):
    MONTHS = "months", "meses"
    DAYS = "days", "días calendario"
    BUSINESS_DAYS = "business_days", "días hábiles"
    FROM_OBJECT = "object", "fecha fijada en el objeto (término legal)"


class AnsPolicy(Versioned):
    """The time allowed for one step and when it counts as at risk; edited by an administrator."""

    stale_subject = ("esta configuración", "la")

    step = models.CharField("paso", max_length=30, choices=Step.choices, unique=True)
    duration = models.PositiveSmallIntegerField("plazo", default=1)
    unit = models.CharField("unidad", max_length=14, choices=DurationUnit.choices, default=DurationUnit.MONTHS)
    at_risk_share = models.DecimalField(
        "en riesgo cuando queda menos de (fracción del plazo)", max_digits=4, decimal_places=2, default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.99"))],
        help_text="Por ejemplo 0,20 = 20 % del plazo.",
    )
    active = models.BooleanField("vigilado", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "ANS de un paso"
        verbose_name_plural = "ANS por paso"
        constraints = [
            models.CheckConstraint(
                condition=Q(at_risk_share__gt=0) & Q(at_risk_share__lt=1), name="ans_policy_share_between_0_and_1"
            )
        ]

    def __str__(self) -> str:
        return self.get_step_display()

    @property
    def duration_label(self) -> str:
        if self.unit == DurationUnit.FROM_OBJECT:
            return "término legal del objeto"
        if self.unit == DurationUnit.MONTHS and self.duration == 1:
            return "1 mes"
        return f"{self.duration} {self.get_unit_display()}"


class CycleSettings(Versioned):
    """Settings of the monthly follow-up cycle and of configured start dates (one row, pk=1)."""

    stale_subject = ("esta configuración", "la")

    report_deadline_business_day = models.PositiveSmallIntegerField(
        "día hábil del mes siguiente para reportar", default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    reminder_business_days = models.PositiveSmallIntegerField(
        "recordar a los responsables (días hábiles antes del límite)", default=2,
        validators=[MinValueValidator(0), MaxValueValidator(15)],
    )
    action_plan_start_month = models.PositiveSmallIntegerField(
        "inicio configurado del plan de acción (mes del año anterior)", default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    action_plan_start_day = models.PositiveSmallIntegerField(
        "inicio configurado del plan de acción (día)", default=1, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "configuración del ciclo mensual"
        verbose_name_plural = "configuración del ciclo mensual"

    def __str__(self) -> str:
        return "Configuración del ciclo mensual"

    @classmethod
    def load(cls) -> CycleSettings:
        return cls.objects.get_or_create(pk=1)[0]


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", "A tiempo"
    AT_RISK = "at_risk", "En riesgo"
    OVERDUE = "overdue", "Vencido"
    DONE_ON_TIME = "done_on_time", "Cumplido a tiempo"
    DONE_LATE = "done_late", "Cumplido tarde"


OPEN_STATES = (DeadlineState.ON_TIME, DeadlineState.AT_RISK, DeadlineState.OVERDUE)
DONE_STATES = (DeadlineState.DONE_ON_TIME, DeadlineState.DONE_LATE)


class DeadlineInstance(models.Model):
    """The clock of one object against the ANS of its step."""

    step = models.CharField("paso", max_length=30, choices=Step.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField("título", max_length=300)
    url = models.CharField("enlace", max_length=300, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="responsable"
    )
    start = models.DateField("inicio")
    due = models.DateField("vence")
    completed_on = models.DateField("cumplido el", null=True, blank=True)
    state = models.CharField("estado", max_length=14, choices=DeadlineState.choices, default=DeadlineState.ON_TIME)
    at_risk_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "plazo"
        verbose_name_plural = "plazos"
        constraints = [
            models.UniqueConstraint(fields=["step", "content_type", "object_id"], name="deadline_once_per_step_object"),
            models.CheckConstraint(condition=Q(due__gte=models.F("start")), name="deadline_due_after_start"),
        ]
        indexes = [models.Index(fields=["step", "state"]), models.Index(fields=["completed_on"])]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.title}"

    @property
    def completed_at(self):
        """Alias used by the brief's wording."""
        return self.completed_on

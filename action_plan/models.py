"""Step 4.5: the institutional action plan of a budget year."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from isvimed_planning.fields import MONEY, QTY
from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.models import TransitionRecord, transition_state_field
from isvimed_planning.versioning import Versioned


class ActionPlanState(models.TextChoices):
    DRAFT = "draft", "Borrador"
    APPROVED = "approved", "Aprobado"
    PUBLISHED = "published", "Publicado"


class ActionPlan(models.Model):
    fiscal_year = models.OneToOneField("budget.FiscalYear", on_delete=models.PROTECT, related_name="action_plan")
    state = models.CharField("estado", max_length=10, choices=ActionPlanState.choices, default=ActionPlanState.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year__year"]
        verbose_name = "plan de acción"
        verbose_name_plural = "planes de acción"

    def __str__(self) -> str:
        return f"Plan de acción {self.fiscal_year.year}"


class ActionPlanEntry(Versioned):
    stale_subject = ("esta línea del plan de acción", "la")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="action_plan_entries")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "proyecto del plan de acción"
        verbose_name_plural = "proyectos del plan de acción"
        ordering = ["plan", "project__bank_code"]
        constraints = [models.UniqueConstraint(fields=["plan", "project"], name="action_plan_entry_unique")]


class FinancialMonthlyTarget(models.Model):
    entry = models.ForeignKey(ActionPlanEntry, on_delete=models.CASCADE, related_name="financial_months")
    month = models.PositiveSmallIntegerField("mes")
    amount = models.DecimalField("valor programado", **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "programación financiera mensual"
        verbose_name_plural = "programación financiera mensual"
        ordering = ["entry", "month"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "month"], name="financial_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="financial_month_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="financial_month_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Programación financiera del mes {self.month}"


class PhysicalMonthlyTarget(models.Model):
    entry = models.ForeignKey(ActionPlanEntry, on_delete=models.CASCADE, related_name="physical_months")
    product = models.ForeignKey("projects.Product", on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField("mes")
    quantity = models.DecimalField("cantidad programada", **QTY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "programación física mensual"
        verbose_name_plural = "programación física mensual"
        ordering = ["entry", "product", "month"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "product", "month"], name="physical_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="physical_month_range"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="physical_month_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Programación física de {self.product} en el mes {self.month}"


class ActionPlanTransition(TransitionRecord):
    """Every move of a plan (approve, return, publish): who, when, from, to and why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", ActionPlanState)
    to_state = transition_state_field("hacia", ActionPlanState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "cambio de estado del plan de acción"
        verbose_name_plural = "cambios de estado de los planes de acción"

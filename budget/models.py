"""Step 4.3: the budget year, its ceilings, unit costs, goal reprogramming and modifications."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from isvimed_planning.fields import MONEY, QTY
from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.versioning import Versioned


class FiscalYearState(models.TextChoices):
    OPEN = "open", "Abierta"
    CLOSED = "closed", "Cerrada"


class FiscalYear(Versioned):
    stale_subject = ("esta vigencia", "la")

    year = models.PositiveSmallIntegerField("vigencia", unique=True)
    global_ceiling = models.DecimalField("tope global", **MONEY)
    # Sum of the year's allocations, kept by the allocation services with F() updates, so the
    # database itself refuses a total above the ceiling, even under concurrent saves.
    allocated_total = models.DecimalField("asignado", default=0, editable=False, **MONEY)
    state = models.CharField("estado", max_length=8, choices=FiscalYearState.choices, default=FiscalYearState.OPEN)
    opened_on = models.DateField("apertura del proceso", null=True, blank=True)
    closed_at = models.DateTimeField("cierre", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = "vigencia"
        constraints = [
            models.CheckConstraint(condition=Q(global_ceiling__gte=0), name="fiscal_year_ceiling_not_negative"),
            models.CheckConstraint(
                condition=Q(allocated_total__lte=F("global_ceiling")) & Q(allocated_total__gte=0),
                name="fiscal_year_allocations_within_ceiling",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def free(self):
        return self.global_ceiling - self.allocated_total


class ProjectAllocation(Versioned):
    """Techo presupuestal: the ceiling of one project for one funding source in one year."""

    stale_subject = ("este techo", "lo")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="allocations")
    source = models.ForeignKey(
        "projects.FundingSource", on_delete=models.PROTECT, related_name="allocations", verbose_name="fuente"
    )
    amount = models.DecimalField("valor", **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "project", "source__code"]
        verbose_name = "techo presupuestal"
        verbose_name_plural = "techos presupuestales"
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "project", "source"], name="allocation_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Techo {self.fiscal_year} · {self.project} · {self.source}"


class UnitCost(Versioned):
    stale_subject = ("este costo unitario", "lo")

    product = models.ForeignKey("projects.Product", on_delete=models.CASCADE, related_name="unit_costs")
    year = models.PositiveSmallIntegerField("año")
    amount = models.DecimalField("costo unitario", **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "costo unitario"
        verbose_name_plural = "costos unitarios"
        ordering = ["product", "year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="unit_cost_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="unit_cost_positive"),
        ]


class ReprogrammingState(models.TextChoices):
    PENDING = "pending", "Pendiente"
    APPROVED = "approved", "Aprobada"
    REJECTED = "rejected", "Rechazada"


class TargetReprogramming(models.Model):
    """A change of a product's physical goal for a year; in force from `effective_date` once approved."""

    product = models.ForeignKey("projects.Product", on_delete=models.CASCADE, related_name="reprogrammings")
    year = models.PositiveSmallIntegerField("año")
    effective_date = models.DateField("fecha")
    new_goal = models.DecimalField("nueva meta", **QTY)
    justification = models.TextField("justificación", blank=True)
    state = models.CharField(max_length=10, choices=ReprogrammingState.choices, default=ReprogrammingState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField("comentario de la decisión", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["product", "year", "effective_date", "id"]
        verbose_name = "reprogramación de metas"
        verbose_name_plural = "reprogramaciones de metas"
        constraints = [
            models.CheckConstraint(condition=Q(new_goal__gte=0), name="reprogramming_goal_not_negative"),
            models.UniqueConstraint(
                fields=["product", "year", "effective_date"],
                condition=Q(state="approved"),
                name="reprogramming_one_approved_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Reprogramación {self.year} de {self.product} ({self.effective_date})"


class ModificationKind(models.TextChoices):
    ADDITION = "addition", "Adición"
    REDUCTION = "reduction", "Reducción"
    CREDIT_TRANSFER = "credit_transfer", "Traslado (crédito)"
    COUNTER_CREDIT_TRANSFER = "counter_credit_transfer", "Traslado (contracrédito)"


# Additions and credit transfers add to a project's budget; the others subtract.
# Keyed by the stored value (a ModificationKind is that str).
MODIFICATION_SIGN: dict[str, int] = {
    ModificationKind.ADDITION: 1,
    ModificationKind.CREDIT_TRANSFER: 1,
    ModificationKind.REDUCTION: -1,
    ModificationKind.COUNTER_CREDIT_TRANSFER: -1,
}


class BudgetModification(models.Model):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="modifications")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="budget_modifications")
    date = models.DateField("fecha")
    kind = models.CharField("tipo", max_length=24, choices=ModificationKind.choices)
    act_number = models.CharField("número de acto", max_length=60, blank=True)
    # Empty only where the project has a single source among its allocations of the year: the
    # modification is that source's (budget.money.modification_source decides; the services and
    # the workbook refuse an empty source on a project with several).
    source = models.ForeignKey(
        "projects.FundingSource", on_delete=models.PROTECT, related_name="modifications", verbose_name="fuente",
        null=True, blank=True,
    )
    amount = models.DecimalField("valor", **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "date", "id"]
        verbose_name = "modificación presupuestal"
        verbose_name_plural = "modificaciones presupuestales"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="modification_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.act_number or self.date}"

    @property
    def signed_amount(self):
        return self.amount * MODIFICATION_SIGN[self.kind]

"""Step 4.1: the development plan, its strategic platform and the Plan Indicativo."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from isvimed_planning.codes import natural_key
from isvimed_planning.fields import QTY
from isvimed_planning.files import random_name
from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.versioning import Versioned

from .dnp import (
    budget_program_code_error,
    indicator_code_errors,
    mga_indicator_code_error,
    program_code_errors,
    sentence,
    validate_budget_program_code,
    validate_mga_indicator_code,
)

if TYPE_CHECKING:
    from .selectors import WeightSum


class DevelopmentPlan(Versioned):
    stale_subject = ("este plan", "lo")

    name = models.CharField("nombre", max_length=200)
    first_year = models.PositiveSmallIntegerField("año inicial")
    last_year = models.PositiveSmallIntegerField("año final")
    agreement = models.CharField("acuerdo", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year"]
        verbose_name = "plan de desarrollo"
        verbose_name_plural = "planes de desarrollo"
        constraints = [
            models.UniqueConstraint(fields=["first_year"], name="plan_one_per_period"),
            models.CheckConstraint(condition=Q(last_year=F("first_year") + 3), name="plan_four_years"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class PlatformState(models.TextChoices):
    DRAFT = "draft", "Borrador"
    APPROVED = "approved", "Aprobada"


class StrategicPlatform(models.Model):
    """One version of the institutional platform; approved versions are read-only."""

    # `version` numbers the platform's versions; the edits of a draft are counted apart.
    stale_subject = ("esta plataforma", "la")
    version_field = "edit_version"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="platforms")
    version = models.PositiveIntegerField("versión")
    state = models.CharField("estado", max_length=12, choices=PlatformState.choices, default=PlatformState.DRAFT)
    mission = models.TextField("misión", blank=True)
    vision = models.TextField("visión", blank=True)
    values = models.TextField("valores", blank=True)
    essential_activities = models.TextField("actividades esenciales", blank=True)
    institutional_objectives = models.TextField("objetivos institucionales", blank=True)
    structure = models.TextField("estructura", blank=True)
    general_rules = models.TextField("reglas generales", blank=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Set before save() to word the history row (django-simple-history reads it).
    _change_reason: str

    class Meta:
        ordering = ["plan", "-version"]
        verbose_name = "plataforma estratégica"
        verbose_name_plural = "plataformas estratégicas"
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="platform_version_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="draft"), name="platform_one_draft_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(approved_at__isnull=False), name="platform_approved_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Plataforma v{self.version} ({self.get_state_display()})"


class StakeholderGroup(Versioned):
    stale_subject = ("este grupo de interés", "lo")

    platform = models.ForeignKey(StrategicPlatform, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField("grupo de interés", max_length=200)
    expectations = models.TextField("qué espera", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "grupo de interés"
        verbose_name_plural = "grupos de interés"


class Challenge(Versioned):
    stale_subject = ("este reto", "lo")

    platform = models.ForeignKey(StrategicPlatform, on_delete=models.CASCADE, related_name="challenges")
    name = models.CharField("reto", max_length=200)
    description = models.TextField("descripción", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "reto"


class Dimension(Versioned):
    stale_subject = ("esta dimensión", "la")

    platform = models.ForeignKey(StrategicPlatform, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField("dimensión", max_length=200)
    description = models.TextField("descripción", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "dimensión"
        verbose_name_plural = "dimensiones"


class _Coded(Versioned):
    """A node of the plan with a code unique in its plan and a stored natural sort key."""

    code = models.CharField("código", max_length=30)
    name = models.CharField("nombre", max_length=300)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.code)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StrategicLine(_Coded):
    stale_subject = ("esta línea", "la")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="lines")
    history = HistoricalRecords()
    # Filled by selectors.plan_tree (not columns):
    component_list: list[Component]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "línea estratégica"
        verbose_name_plural = "líneas estratégicas"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="line_code_unique_in_plan")]


class Component(_Coded):
    stale_subject = ("este componente", "lo")

    # `plan` is the line's plan, kept here so the database can hold codes unique in the plan.
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="components")
    line = models.ForeignKey(StrategicLine, on_delete=models.CASCADE, related_name="components")
    history = HistoricalRecords()
    # Filled by selectors.plan_tree (not a column):
    program_list: list[Program]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "componente"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="component_code_unique_in_plan")]

    def save(self, *args, **kwargs):
        self.plan_id = self.line.plan_id
        super().save(*args, **kwargs)


class Program(_Coded):
    stale_subject = ("este programa", "lo")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="programs")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="programs")
    budget_program_code = models.CharField(
        "código de programa presupuestal", max_length=4, blank=True, default="",
        validators=[validate_budget_program_code], help_text="DNP: 2 dígitos del sector y 2 del programa, p. ej. 4001.",
    )
    history = HistoricalRecords()
    # Filled by selectors.plan_tree (not columns):
    indicator_list: list[Indicator]
    weights: WeightSum

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "programa"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="program_code_unique_in_plan")]

    def save(self, *args, **kwargs):
        self.plan_id = self.component.plan_id
        super().save(*args, **kwargs)

    def clean(self):
        # The format is the field's validator; here, the products' codes below it (admin).
        from django.core.exceptions import ValidationError

        if budget_program_code_error(self.budget_program_code):
            return
        errors = program_code_errors(self, self.budget_program_code)
        if errors:
            raise ValidationError({"budget_program_code": [sentence(m) for m in errors]})


class InstrumentKind(models.TextChoices):
    PDM = "pdm", "Plan de Desarrollo Municipal"
    POT = "pot", "Plan de Ordenamiento Territorial"
    PEH = "peh", "Plan Estratégico Habitacional"
    LAW = "law", "Ley"
    DECREE = "decree", "Decreto"
    OTHER = "other", "Otro"


def instrument_upload_to(instance, filename: str) -> str:
    """Random stored names (as isvimed_planning.files.upload_to, but importable by migrations)."""
    return f"instruments/{random_name(filename)}"


class PlanningInstrument(Versioned):
    stale_subject = ("este instrumento", "lo")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField("tipo", max_length=10, choices=InstrumentKind.choices)
    reference = models.CharField("referencia", max_length=300)
    date = models.DateField("fecha", null=True, blank=True)
    url = models.URLField("enlace", blank=True)
    file = models.FileField("archivo", upload_to=instrument_upload_to, blank=True)
    lines = models.ManyToManyField(StrategicLine, blank=True, related_name="instruments", verbose_name="líneas")
    programs = models.ManyToManyField(Program, blank=True, related_name="instruments", verbose_name="programas")
    history = HistoricalRecords(m2m_fields=[lines, programs])

    class Meta:
        ordering = ["kind", "reference"]
        verbose_name = "instrumento de planeación"
        verbose_name_plural = "instrumentos de planeación"

    def __str__(self) -> str:
        return self.reference


class IndicatorKind(models.TextChoices):
    RESULT = "result", "Resultado"
    PRODUCT = "product", "Producto"


class Direction(models.TextChoices):
    INCREASE = "increase", "Incremento"
    MAINTAIN = "maintain", "Mantenimiento"
    REDUCE = "reduce", "Reducción"


class Accumulation(models.TextChoices):
    CUMULATIVE = "cumulative", "Acumulativo"
    NON_CUMULATIVE = "non_cumulative", "No acumulativo"


# What a product's monthly quantity means, by the accumulation of its indicator (MATRICES.md):
# the monthly report and the action plan's physical programming both say it, so that a lead
# types what monitoring.progress then adds up (cumulative) or takes the latest of (non-cumulative).
MONTHLY_QUANTITY_MEANING: dict[str, str] = {
    Accumulation.CUMULATIVE: "unidades logradas en el mes",
    Accumulation.NON_CUMULATIVE: "valor vigente al cierre del mes",
}


def monthly_quantity_hint(*, accumulation: str, unit: str) -> str:
    """The help text of a product's monthly quantity, e.g. «Valor vigente al cierre del mes (Hogares)»."""
    meaning = MONTHLY_QUANTITY_MEANING.get(accumulation, MONTHLY_QUANTITY_MEANING[Accumulation.CUMULATIVE])
    return f"{meaning[0].upper()}{meaning[1:]} ({unit})"


class Indicator(_Coded):
    stale_subject = ("este indicador", "lo")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="indicators")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="indicators", verbose_name="programa")
    kind = models.CharField("tipo", max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField("unidad de medida", max_length=60)
    direction = models.CharField("sentido", max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    accumulation = models.CharField(
        "acumulación", max_length=16, choices=Accumulation.choices, default=Accumulation.CUMULATIVE
    )
    baseline = models.DecimalField("línea base", **QTY)
    baseline_year = models.PositiveSmallIntegerField("año línea base")
    period_target = models.DecimalField("meta cuatrienio", **QTY)
    weight = models.DecimalField("ponderación", max_digits=6, decimal_places=2, default=0)
    org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="indicators", verbose_name="dependencia responsable"
    )
    mga_indicator_code = models.CharField(
        "código de indicador MGA", max_length=9, blank=True, default="", validators=[validate_mga_indicator_code],
        help_text="Catálogo de productos del DNP (9 dígitos); solo indicadores de producto.",
    )
    history = HistoricalRecords()
    # Filled by selectors.plan_tree and selectors.attach_target_cells (not a column): one per plan year.
    target_cells: list[Decimal | None]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "indicador"
        verbose_name_plural = "indicadores"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="indicator_weight_0_100"),
            models.CheckConstraint(
                condition=~Q(direction="reduce") | Q(period_target__lt=F("baseline")),
                name="indicator_reduce_target_below_baseline",
            ),
        ]

    def save(self, *args, **kwargs):
        self.plan_id = self.program.plan_id
        super().save(*args, **kwargs)

    def clean(self):
        # The format is the field's validator; here, the kind and the products' codes (admin).
        from django.core.exceptions import ValidationError

        if mga_indicator_code_error(self.mga_indicator_code):
            return
        errors = indicator_code_errors(self, self.mga_indicator_code, kind=self.kind)
        if errors:
            raise ValidationError({"mga_indicator_code": [sentence(m) for m in errors]})


TARGET_OUTSIDE_PERIOD = "El año {year} está fuera del periodo del plan ({first}–{last})."


class AnnualTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="annual_targets")
    year = models.PositiveSmallIntegerField("año")
    value = models.DecimalField("meta", **QTY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "meta anual"
        verbose_name_plural = "metas anuales"
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="annual_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

    def clean(self):
        from django.core.exceptions import ValidationError

        plan = self.indicator.plan if self.indicator_id else None
        if plan is not None and self.year is not None and not (plan.first_year <= self.year <= plan.last_year):
            raise ValidationError(
                {"year": TARGET_OUTSIDE_PERIOD.format(year=self.year, first=plan.first_year, last=plan.last_year)}
            )


class CatalogueProduct(models.Model):
    """One line of DNP's product catalogue (MGA): a product of a budget program and one of its indicators.

    Replaced whole by each import (strategy.catalogue); the imports are kept in CatalogueImport.
    """

    sector_code = models.CharField("código sector", max_length=2)
    sector_name = models.CharField("sector", max_length=300)
    program_code = models.CharField("código programa", max_length=4, db_index=True)
    program_name = models.CharField("programa", max_length=300)
    product_code = models.CharField("código producto", max_length=7, db_index=True)
    product_name = models.CharField("producto", max_length=500)
    product_unit = models.CharField("unidad del producto", max_length=100)
    indicator_code = models.CharField("código indicador", max_length=9)
    indicator_name = models.CharField("indicador de producto", max_length=500)
    indicator_unit = models.CharField("unidad del indicador", max_length=100)

    class Meta:
        ordering = ["product_code", "indicator_code"]
        verbose_name = "línea del catálogo de productos DNP"
        verbose_name_plural = "catálogo de productos DNP"
        constraints = [models.UniqueConstraint(fields=["indicator_code"], name="catalogue_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.product_code} {self.product_name} / {self.indicator_code}"


class CatalogueImport(models.Model):
    """Who replaced the DNP catalogue, when, from which file and with how many lines."""

    file_name = models.CharField("archivo", max_length=255)
    rows = models.PositiveIntegerField("líneas")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "importación del catálogo DNP"
        verbose_name_plural = "importaciones del catálogo DNP"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} líneas)"

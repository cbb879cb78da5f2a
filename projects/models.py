"""Step 4.2: investment projects formulated with the MGA methodology, their review and registration."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from isvimed_planning.fields import MONEY, QTY
from isvimed_planning.files import upload_to
from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.models import Comment, TransitionRecord, transition_state_field
from isvimed_planning.versioning import Versioned
from strategy.dnp import mga_product_code_error, sentence, validate_mga_product_code

from .bpin import validate_bpin


class ProjectState(models.TextChoices):
    FORMULATION = "formulation", "En formulación"
    IN_REVIEW = "in_review", "En revisión"
    RETURNED = "returned", "Devuelto"
    APPROVED = "approved", "Aprobado"
    REGISTERED = "registered", "Inscrito"
    VIABLE = "viable", "Viable"
    NOT_VIABLE = "not_viable", "No viable"
    IN_EXECUTION = "in_execution", "En ejecución"
    CLOSED = "closed", "Cerrado"


# States in which the project has been registered in the municipal bank (and has a BPIN).
REGISTERED_STATES = (
    ProjectState.REGISTERED,
    ProjectState.VIABLE,
    ProjectState.NOT_VIABLE,
    ProjectState.IN_EXECUTION,
    ProjectState.CLOSED,
)
EDITABLE_BY_LEAD_STATES = (ProjectState.FORMULATION, ProjectState.RETURNED)


class FundingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinario"
    PARTICIPATORY = "participatory", "Presupuesto participativo"


class Project(Versioned):
    stale_subject = ("este proyecto", "lo")

    name = models.CharField("nombre", max_length=300)
    bank_code = models.CharField(
        "código BPIN", max_length=30, null=True, blank=True, unique=True, validators=[validate_bpin]
    )
    registered_on = models.DateField("fecha de inscripción", null=True, blank=True)
    program = models.ForeignKey(
        "strategy.Program", on_delete=models.PROTECT, related_name="projects", verbose_name="programa"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="projects", verbose_name="dependencia responsable"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects", verbose_name="responsable"
    )
    funding_kind = models.CharField(
        "tipo de recurso", max_length=16, choices=FundingKind.choices, default=FundingKind.ORDINARY
    )
    start_date = models.DateField("fecha de inicio")
    end_date = models.DateField("fecha de fin")
    state = models.CharField("estado", max_length=16, choices=ProjectState.choices, default=ProjectState.FORMULATION)
    # MGA value chain
    problem = models.TextField("problema", blank=True)
    causes_effects = models.TextField("causas y efectos", blank=True)
    general_objective = models.TextField("objetivo general", blank=True)
    specific_objectives = models.TextField("objetivos específicos", blank=True)
    affected_population = models.PositiveIntegerField("población afectada", null=True, blank=True)
    target_population = models.PositiveIntegerField("población objetivo", null=True, blank=True)
    population_description = models.TextField("caracterización de la población", blank=True)
    formulation_started_on = models.DateField("inicio de formulación", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bank_code", "id"]
        verbose_name = "proyecto"
        verbose_name_plural = "proyectos"
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="project_end_after_start"),
            models.CheckConstraint(
                condition=~Q(state__in=[s.value for s in REGISTERED_STATES]) | Q(bank_code__isnull=False),
                name="project_registered_has_bank_code",
            ),
        ]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["lead"])]

    def __str__(self) -> str:
        return f"{self.bank_code} {self.name}" if self.bank_code else self.name


class ProjectTerritory(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="territories")
    territory = models.ForeignKey("core.Territory", on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField("participación (%)", max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "territorio del proyecto"
        verbose_name_plural = "territorios del proyecto"
        ordering = ["territory"]
        constraints = [
            models.UniqueConstraint(fields=["project", "territory"], name="project_territory_unique"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="project_territory_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.territory} ({self.share} %)"


class Product(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="products")
    code = models.CharField("código", max_length=20)
    name = models.CharField("nombre", max_length=300)
    indicator = models.ForeignKey(
        "strategy.Indicator", on_delete=models.PROTECT, related_name="products", verbose_name="indicador de producto"
    )
    unit = models.CharField("unidad de medida", max_length=60)
    mga_product_code = models.CharField(
        "código de producto MGA", max_length=7, blank=True, default="", validators=[validate_mga_product_code],
        help_text="Catálogo de productos del DNP (7 dígitos, empieza por el código de programa presupuestal).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "code"]
        verbose_name = "producto"
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="product_code_unique_in_project")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        # The format is the field's validator; here, the program's and the indicator's codes (admin).
        from django.core.exceptions import ValidationError

        from .dnp import product_code_errors

        if mga_product_code_error(self.mga_product_code) or not (self.project_id and self.indicator_id):
            return
        errors = product_code_errors(self, self.mga_product_code)
        if errors:
            raise ValidationError({"mga_product_code": [sentence(m) for m in errors]})


class ProductGoal(models.Model):
    """The original physical goal of a product for a year (reprogrammings live in budget)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField("año")
    goal = models.DecimalField("meta física", **QTY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "meta del producto"
        verbose_name_plural = "metas de los productos"
        ordering = ["product", "year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="product_goal_unique"),
            models.CheckConstraint(condition=Q(goal__gte=0), name="product_goal_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Meta {self.year} de {self.product}"


class Activity(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField("actividad", max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["product", "id"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"

    def __str__(self) -> str:
        return self.name


class ActivityCost(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField("año")
    amount = models.DecimalField("costo", **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "costo de actividad"
        verbose_name_plural = "costos de actividades"
        ordering = ["activity", "year"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "year"], name="activity_cost_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="activity_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Costo {self.year} de {self.activity}"


class Deliverable(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliverables")
    name = models.CharField("entregable", max_length=300)
    due_date = models.DateField("fecha", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "entregable"
        verbose_name_plural = "entregables"
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.name


class Risk(models.Model):
    class Level(models.TextChoices):
        LOW = "low", "Bajo"
        MEDIUM = "medium", "Medio"
        HIGH = "high", "Alto"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField("riesgo")
    probability = models.CharField("probabilidad", max_length=8, choices=Level.choices, default=Level.MEDIUM)
    impact = models.CharField("impacto", max_length=8, choices=Level.choices, default=Level.MEDIUM)
    mitigation = models.TextField("mitigación", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "riesgo"
        verbose_name_plural = "riesgos"
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.description


class FundingSource(models.Model):
    """Fuente de financiación: where money comes from (Recursos propios, SGP, crédito…). The
    administrator keeps the table; allocations, modifications and monthly execution name one. It
    lives here, before the budget, so that the formulation can speak of the same sources."""

    code = models.CharField("código", max_length=20, unique=True)
    name = models.CharField("nombre", max_length=120, unique=True)
    active = models.BooleanField(
        "activa", default=True, help_text="Una fuente inactiva ya no se ofrece en los formularios; lo registrado con ella se conserva."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "fuente de financiación"
        verbose_name_plural = "fuentes de financiación"
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="funding_source_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="funding_source_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectFunding(models.Model):
    """Funding source of the formulated project per year (the budget's ceilings come later, in 4.3)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="project_funding", verbose_name="fuente")
    year = models.PositiveSmallIntegerField("año")
    amount = models.DecimalField("valor", **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "fuente de financiación del proyecto"
        verbose_name_plural = "fuentes de financiación de los proyectos"
        ordering = ["project", "year", "source__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source", "year"], name="project_funding_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


class ProjectTransition(TransitionRecord):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", ProjectState)
    to_state = transition_state_field("hacia", ProjectState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "cambio de estado del proyecto"
        verbose_name_plural = "cambios de estado de los proyectos"



class ProjectComment(Comment):
    """A comment of the project's conversation (isvimed_planning.comments): posted, never edited."""

    project = models.ForeignKey(Project, verbose_name="proyecto", on_delete=models.CASCADE, related_name="comments")
    state = transition_state_field("estado al comentar", ProjectState)
    history = HistoricalRecords()

    class Meta(Comment.Meta):
        verbose_name = "comentario del proyecto"
        verbose_name_plural = "comentarios de los proyectos"


class MeetingKind(models.TextChoices):
    HOUSING_COMMISSION = "housing_commission", "Comisión de vivienda"
    MANAGEMENT_TEAM = "management_team", "Equipo de gestión"
    COMMUNITY_COUNCIL = "community_council", "Consejo comunal"
    EXTRAORDINARY = "extraordinary", "Reunión extraordinaria"


class ParticipatoryMeeting(Versioned):
    stale_subject = ("esta reunión", "la")

    territory = models.ForeignKey("core.Territory", on_delete=models.PROTECT, related_name="+", verbose_name="territorio")
    date = models.DateField("fecha")
    kind = models.CharField("tipo", max_length=20, choices=MeetingKind.choices)
    attendees = models.TextField("asistentes", blank=True)
    minutes = models.FileField("acta", upload_to=upload_to("pp-minutes"), blank=True)
    minutes_name = models.CharField("nombre original del acta", max_length=200, blank=True)
    agreements = models.TextField("acuerdos", blank=True)
    projects = models.ManyToManyField(Project, blank=True, related_name="meetings", verbose_name="proyectos")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "reunión de presupuesto participativo"
        verbose_name_plural = "reuniones de presupuesto participativo"

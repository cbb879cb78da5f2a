"""Step 4.7: legal information requests, Concejo sessions and the accountability report."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from isvimed_planning.files import upload_to
from isvimed_planning.models import TransitionRecord, transition_state_field
from isvimed_planning.versioning import Versioned


class RequesterKind(models.TextChoices):
    CITIZEN = "citizen", "Ciudadano"
    SECRETARIA_PRIVADA = "secretaria_privada", "Secretaría Privada"
    VICEALCALDIA = "vicealcaldia", "Vicealcaldía"
    PLANNING_DEPT = "planning_dept", "Departamento Administrativo de Planeación"
    CONCEJO = "concejo", "Concejo de Medellín"
    CONTROL_BODY = "control_body", "Órgano de control"
    OTHER = "other", "Otra entidad"


class Channel(models.TextChoices):
    EMAIL = "email", "Correo electrónico"
    WEB = "web", "Portal web"
    PHYSICAL = "physical", "Radicación física"
    PHONE = "phone", "Teléfono"


class RequestKind(models.TextChoices):
    GENERAL = "general", "Petición general"
    DOCUMENTS = "documents", "Solicitud de documentos"
    CONSULTATION = "consultation", "Consulta"


# Ley 1755 de 2015, art. 14: business days to answer, counted from the day after receipt.
# Keyed by the stored value (a RequestKind is that str).
LEGAL_TERM_DAYS: dict[str, int] = {RequestKind.GENERAL: 15, RequestKind.DOCUMENTS: 10, RequestKind.CONSULTATION: 30}


class RequestState(models.TextChoices):
    RECEIVED = "received", "Recibida"
    ASSIGNED = "assigned", "Asignada"
    ANSWERED = "answered", "Respondida"


class InformationRequest(Versioned):
    stale_subject = ("esta solicitud", "la")

    filing_number = models.CharField("radicado", max_length=40, unique=True)
    requester_name = models.CharField("solicitante", max_length=200)
    requester_kind = models.CharField("tipo de solicitante", max_length=20, choices=RequesterKind.choices)
    requester_email = models.EmailField("correo del solicitante", blank=True)
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    received_on = models.DateField("fecha de recibido")
    kind = models.CharField("tipo", max_length=14, choices=RequestKind.choices)
    subject = models.CharField("asunto", max_length=300)
    description = models.TextField("descripción", blank=True)
    due_date = models.DateField("vencimiento legal")
    extended_due_date = models.DateField("vencimiento prorrogado", null=True, blank=True)
    extension_notice = models.TextField("aviso de prórroga al solicitante", blank=True)
    extension_notified_on = models.DateField("fecha del aviso de prórroga", null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="asignada a"
    )
    answer = models.TextField("respuesta", blank=True)
    answer_file = models.FileField("archivo de respuesta", upload_to=upload_to("accountability/answers"), blank=True)
    answer_file_name = models.CharField("nombre original del archivo de respuesta", max_length=200, blank=True)
    answered_on = models.DateField("fecha de respuesta", null=True, blank=True)
    state = models.CharField("estado", max_length=10, choices=RequestState.choices, default=RequestState.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "solicitud de información"
        verbose_name_plural = "solicitudes de información"
        constraints = [
            models.CheckConstraint(condition=Q(due_date__gt=F("received_on")), name="request_due_after_received"),
            models.CheckConstraint(
                condition=Q(extended_due_date__isnull=True) | Q(extended_due_date__gt=F("due_date")),
                name="request_extension_after_due",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | Q(answered_on__isnull=False), name="request_answered_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing_number} {self.subject}"

    @property
    def effective_due_date(self):
        return self.extended_due_date or self.due_date


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", "Sesión ordinaria"
    EXTRAORDINARY = "extraordinary", "Sesión extraordinaria"
    ACCIDENTAL = "accidental", "Comisión accidental"


class CouncilSession(Versioned):
    stale_subject = ("esta sesión", "la")

    kind = models.CharField("tipo", max_length=14, choices=SessionKind.choices)
    date = models.DateField("fecha")
    subject = models.CharField("tema", max_length=300)
    questionnaire = models.TextField("cuestionario", blank=True)
    questionnaire_file = models.FileField("archivo del cuestionario", upload_to=upload_to("accountability/council"), blank=True)
    questionnaire_file_name = models.CharField("nombre original del cuestionario", max_length=200, blank=True)
    attendees = models.TextField("asistentes", blank=True)
    delivered = models.TextField("información entregada", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = "sesión del Concejo"
        verbose_name_plural = "sesiones del Concejo"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}: {self.subject}"


class CouncilCommitment(Versioned):
    stale_subject = ("este compromiso", "lo")

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="commitments")
    description = models.TextField("compromiso")
    due_date = models.DateField("fecha de entrega")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="responsable"
    )
    delivered_on = models.DateField("entregado el", null=True, blank=True)
    history = HistoricalRecords()

    @property
    def is_late(self) -> bool:
        """Delivered after its date, or still undelivered once the date has passed (Bogotá's today)."""
        return (self.delivered_on or timezone.localdate()) > self.due_date

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "compromiso con el Concejo"
        verbose_name_plural = "compromisos con el Concejo"

    def __str__(self) -> str:
        return self.description[:80]


class ReportState(models.TextChoices):
    DRAFT = "draft", "Borrador"
    AWAITING = "awaiting", "Por aprobar"
    APPROVED = "approved", "Aprobado"
    PUBLISHED = "published", "Publicado"


class AccountabilityReport(Versioned):
    stale_subject = ("este informe", "lo")

    """The public report of program execution for a year (or a period within it)."""

    year = models.PositiveSmallIntegerField("vigencia")
    period_start = models.DateField("desde")
    period_end = models.DateField("hasta")
    title = models.CharField("título", max_length=200)
    introduction = models.TextField("presentación", blank=True)
    state = models.CharField("estado", max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Figures frozen when the Director approves (see accountability.selectors.report_data):
    # what was approved is what the Concejo and the citizens see, even if a monthly report is
    # reopened later. Drafts have none and show live figures at period_end as cutoff.
    figures = models.JSONField("cifras aprobadas", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        ordering = ["-year", "-period_end"]
        verbose_name = "informe de rendición de cuentas"
        verbose_name_plural = "informes de rendición de cuentas"
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="accountability_period_order"),
            models.UniqueConstraint(fields=["year", "period_start", "period_end"], name="accountability_report_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class AccountabilityReportTransition(TransitionRecord):
    """Every move of an accountability report: who, when, from, to and why."""

    report = models.ForeignKey(AccountabilityReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", ReportState)
    to_state = transition_state_field("hacia", ReportState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "cambio de estado del informe"
        verbose_name_plural = "cambios de estado de informes"

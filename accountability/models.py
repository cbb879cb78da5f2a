"""Step 4.7: legal information requests, Concejo sessions and the accountability report."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from isvimed_planning.files import upload_to
from isvimed_planning.historical import HistoricalRecords
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
    # Ley 1755 de 2015: art. 17 (the clock stops while the petitioner completes the petition; a
    # month without an answer is a tacit withdrawal) and art. 21 (not competent: transferred).
    INCOMPLETE = "incomplete", "En espera del peticionario"
    TRANSFERRED = "transferred", "Trasladada por competencia"
    WITHDRAWN = "withdrawn", "Desistida"


# States in which the office has nothing more to do: never overdue, never due.
CLOSED_REQUEST_STATES = (RequestState.ANSWERED, RequestState.TRANSFERRED, RequestState.WITHDRAWN)

# Ley 1755 de 2015: art. 21 (transfer within 5 business days of receipt), art. 17 (requirement to
# complete within 10 business days of receipt), art. 14 num. 1 (documents: copies within 3 days
# once the request is taken as accepted).
TRANSFER_TERM_DAYS = 5
REQUIREMENT_TERM_DAYS = 10
DOCUMENTS_COPIES_DAYS = 3


class AnswerOutcome(models.TextChoices):
    GRANTED = "granted", "Concedida"
    PARTIAL = "partial", "Negada parcialmente"
    DENIED = "denied", "Negada"


class DenialGround(models.TextChoices):
    """Ley 1712 de 2014: art. 18 (classified information) and art. 19 (reserved information)."""

    PRIVACY = "privacy", "Art. 18 a): derecho a la intimidad de las personas"
    LIFE_HEALTH_SAFETY = "life_health_safety", "Art. 18 b): vida, salud o seguridad de las personas"
    TRADE_SECRETS = "trade_secrets", "Art. 18 c): secretos comerciales, industriales y profesionales"
    DEFENCE = "defence", "Art. 19 a): defensa y seguridad nacional"
    PUBLIC_SECURITY = "public_security", "Art. 19 b): seguridad pública"
    INTERNATIONAL = "international", "Art. 19 c): relaciones internacionales"
    CRIMINAL_INVESTIGATION = "criminal_investigation", (
        "Art. 19 d): prevención, investigación y persecución de delitos y faltas disciplinarias")
    DUE_PROCESS = "due_process", "Art. 19 e): debido proceso e igualdad de las partes en los procesos judiciales"
    JUSTICE = "justice", "Art. 19 f): administración efectiva de la justicia"
    CHILDREN = "children", "Art. 19 g): derechos de la infancia y la adolescencia"
    MACROECONOMIC = "macroeconomic", "Art. 19 h): estabilidad macroeconómica y financiera del país"
    PUBLIC_HEALTH = "public_health", "Art. 19 i): salud pública"
    DELIBERATIVE = "deliberative", "Art. 19 parágrafo: opiniones o puntos de vista del proceso deliberativo"


# Ley 1755 de 2015, arts. 25–26 (and Ley 1712 de 2014, art. 27): told to every petitioner refused.
INSISTENCE_REMEDY = (
    "Si no está de acuerdo con la negación, puede insistir en su petición (recurso de insistencia, "
    "Ley 1755 de 2015, art. 26) por escrito dentro de los 10 días hábiles siguientes a esta notificación; "
    "ISVIMED enviará la documentación al juez administrativo, que decidirá si se entrega."
)


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
    state = models.CharField("estado", max_length=12, choices=RequestState.choices, default=RequestState.RECEIVED)
    # Denial or reserved information (Ley 1712 de 2014, arts. 18-19): counted in the reports.
    outcome = models.CharField("sentido de la respuesta", max_length=10, choices=AnswerOutcome.choices, blank=True)
    denial_ground = models.CharField("fundamento legal de la negación", max_length=30, choices=DenialGround.choices, blank=True)
    denial_reason = models.TextField("motivación de la negación", blank=True)
    # Transfer to the competent authority (Ley 1755 de 2015, art. 21).
    transferred_to = models.CharField("autoridad competente", max_length=200, blank=True)
    transferred_on = models.DateField("fecha del traslado", null=True, blank=True)
    transfer_notice = models.TextField("aviso de traslado al peticionario", blank=True)
    # Incomplete petition (art. 17): the requirement, the petitioner's completion or the withdrawal.
    requirement = models.TextField("requerimiento al peticionario", blank=True)
    required_on = models.DateField("fecha del requerimiento", null=True, blank=True)
    completed_on = models.DateField("completada por el peticionario el", null=True, blank=True)
    original_due_date = models.DateField("vencimiento antes del requerimiento", null=True, blank=True)
    withdrawn_on = models.DateField("fecha del desistimiento", null=True, blank=True)
    withdrawal_notice = models.TextField("acto de desistimiento tácito", blank=True)
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
            models.CheckConstraint(
                condition=~Q(state="transferred") | (Q(transferred_on__isnull=False) & ~Q(transferred_to="")),
                name="request_transferred_has_authority",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_on__isnull=False), name="request_withdrawn_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(state="incomplete") | Q(required_on__isnull=False), name="request_incomplete_has_requirement"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["partial", "denied"]) | ~Q(denial_ground=""), name="request_denial_has_ground"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing_number} {self.subject}"

    @property
    def effective_due_date(self):
        return self.extended_due_date or self.due_date

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_REQUEST_STATES


class InformationRequestTransition(TransitionRecord):
    """Every move of a request along its life cycle (accountability.workflow.REQUEST_WORKFLOW)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", RequestState)
    to_state = transition_state_field("hacia", RequestState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "cambio de estado de la solicitud"
        verbose_name_plural = "cambios de estado de solicitudes"


class PetitionerNoticeKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acuse de recibo"
    TRANSFER = "transfer", "Traslado por competencia"
    REQUIREMENT = "requirement", "Requerimiento para completar"
    EXTENSION = "extension", "Prórroga"
    WITHDRAWAL = "withdrawal", "Desistimiento tácito"
    ANSWER = "answer", "Respuesta"
    HEARING_ANSWER = "hearing_answer", "Respuesta a la pregunta de la audiencia"


class PetitionerNotice(models.Model):
    """A notice e-mailed to the petitioner (not a user of the application): what, to whom, when.

    Written in the service's transaction; the e-mail leaves once it commits (Celery), and
    `sent_at` records when it left. One notice of each kind per request."""

    # A notice is about a request, or about a question asked for a public hearing.
    request = models.ForeignKey(
        InformationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="petitioner_notices"
    )
    question = models.ForeignKey(
        "HearingQuestion", null=True, blank=True, on_delete=models.CASCADE, related_name="petitioner_notices"
    )
    kind = models.CharField("aviso", max_length=16, choices=PetitionerNoticeKind.choices)
    to_email = models.EmailField("enviado a")
    subject = models.CharField("asunto", max_length=200)
    body = models.TextField("texto")
    created_at = models.DateTimeField("registrado", auto_now_add=True)
    sent_at = models.DateTimeField("enviado", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "aviso al peticionario"
        verbose_name_plural = "avisos al peticionario"
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="petitioner_notice_once"),
            models.UniqueConstraint(fields=["question", "kind"], name="petitioner_notice_once_per_question"),
            models.CheckConstraint(
                condition=Q(request__isnull=False, question__isnull=True) | Q(request__isnull=True, question__isnull=False),
                name="petitioner_notice_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


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


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", "Pendiente"
    IN_PROGRESS = "in_progress", "En curso"
    DONE = "done", "Cumplido"


class FollowedCommitment(Versioned):
    """What every commitment of step 4.7 shares, whatever its source (a Concejo session or a
    public hearing, Ley 1757 de 2015): one follow-up, pending → in progress → done with the
    delivery date and a note on the evidence (accountability.services.commitment_follow_up)."""

    stale_subject = ("este compromiso", "lo")
    # Where the commitment comes from, as the shared list shows it.
    source_label = ""

    description = models.TextField("compromiso")
    due_date = models.DateField("fecha de entrega")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="responsable"
    )
    # Someone outside the application (another office, a contractor) is named instead.
    responsible_name = models.CharField("responsable (nombre)", max_length=200, blank=True)
    status = models.CharField("estado", max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PENDING)
    delivered_on = models.DateField("entregado el", null=True, blank=True)
    evidence_note = models.TextField("evidencia de cumplimiento", blank=True)

    class Meta:
        abstract = True

    @property
    def is_late(self) -> bool:
        """Delivered after its date, or still undelivered once the date has passed (Bogotá's today)."""
        return (self.delivered_on or timezone.localdate()) > self.due_date

    @property
    def responsible_label(self) -> str:
        return self.responsible.display_name if self.responsible else self.responsible_name

    def __str__(self) -> str:
        return self.description[:80]


class CouncilCommitment(FollowedCommitment):
    source_label = "Concejo"

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="commitments")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "compromiso con el Concejo"
        verbose_name_plural = "compromisos con el Concejo"
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(delivered_on__isnull=False), name="council_commitment_done_has_date"),
        ]


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


# --- Public hearings (audiencias públicas de rendición de cuentas, Ley 1757 de 2015) -----------


class HearingState(models.TextChoices):
    SCHEDULED = "scheduled", "Convocada"
    HELD = "held", "Realizada"
    CANCELLED = "cancelled", "Cancelada"


class PublicHearing(Versioned):
    """A public hearing where citizens question the accountability report (Ley 1757 de 2015, arts.
    52-56; MURC). Citizens send questions during the window, which closes before the hearing."""

    stale_subject = ("esta audiencia", "la")

    title = models.CharField("título", max_length=200)
    starts_at = models.DateTimeField("fecha y hora")
    place = models.CharField("lugar", max_length=200)
    link = models.URLField("enlace de la transmisión", blank=True)
    report = models.ForeignKey(
        AccountabilityReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearings",
        verbose_name="informe de rendición de cuentas",
    )
    questions_open_at = models.DateTimeField("preguntas desde")
    questions_close_at = models.DateTimeField("preguntas hasta")
    state = models.CharField("estado", max_length=10, choices=HearingState.choices, default=HearingState.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "audiencia pública"
        verbose_name_plural = "audiencias públicas"
        constraints = [
            models.CheckConstraint(condition=Q(questions_close_at__gt=F("questions_open_at")), name="hearing_window_order"),
            models.CheckConstraint(condition=Q(questions_close_at__lte=F("starts_at")), name="hearing_window_before_hearing"),
        ]

    def __str__(self) -> str:
        return self.title

    def window_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == HearingState.SCHEDULED and self.questions_open_at <= now < self.questions_close_at


class QuestionState(models.TextChoices):
    PENDING = "pending", "Pendiente de moderación"
    PUBLISHED = "published", "Publicada"
    ANSWERED = "answered", "Respondida"
    REJECTED = "rejected", "Rechazada"


# What the public page shows: nothing before moderation, nothing rejected.
PUBLIC_QUESTION_STATES = (QuestionState.PUBLISHED, QuestionState.ANSWERED)


class HearingQuestion(Versioned):
    """A citizen's question for a hearing (no login). The e-mail is used only to send the answer
    and is never shown; the client's address is not kept (only counted for the rate limit)."""

    stale_subject = ("esta pregunta", "la")

    hearing = models.ForeignKey(PublicHearing, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField("nombre", max_length=200, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    territory = models.ForeignKey(
        "core.Territory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="comuna o corregimiento",
    )
    text = models.TextField("pregunta")
    state = models.CharField("estado", max_length=10, choices=QuestionState.choices, default=QuestionState.PENDING)
    answer = models.TextField("respuesta", blank=True)
    answered_at = models.DateTimeField("respondida el", null=True, blank=True)
    rejection_reason = models.TextField("motivo del rechazo", blank=True)
    submitted_at = models.DateTimeField("recibida", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = "pregunta de la audiencia"
        verbose_name_plural = "preguntas de la audiencia"
        constraints = [
            models.CheckConstraint(condition=~Q(state="answered") | ~Q(answer=""), name="hearing_question_answered_has_answer"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_QUESTION_STATES


class HearingQuestionTransition(TransitionRecord):
    """Every moderation step of a question (accountability.workflow.QUESTION_WORKFLOW)."""

    question = models.ForeignKey(HearingQuestion, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", QuestionState)
    to_state = transition_state_field("hacia", QuestionState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "moderación de la pregunta"
        verbose_name_plural = "moderaciones de preguntas"


class HearingCommitment(FollowedCommitment):
    """An improvement commitment arising from a public hearing, followed like the Concejo's."""

    source_label = "Audiencia pública"

    hearing = models.ForeignKey(PublicHearing, on_delete=models.CASCADE, related_name="commitments")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "compromiso de la audiencia pública"
        verbose_name_plural = "compromisos de audiencias públicas"
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(delivered_on__isnull=False), name="hearing_commitment_done_has_date"),
        ]

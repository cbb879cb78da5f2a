"""Step 4.6: monthly follow-up of each project and the matrices sent to the Alcaldía."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from isvimed_planning.fields import MONEY, QTY
from isvimed_planning.files import upload_to
from isvimed_planning.historical import HistoricalRecords
from isvimed_planning.jobs import JobFields
from isvimed_planning.models import Comment, TransitionRecord, transition_state_field
from isvimed_planning.versioning import Versioned

MONTH_RANGE = Q(month__gte=1) & Q(month__lte=12)


class PeriodState(models.TextChoices):
    OPEN = "open", "Abierto"
    CLOSED = "closed", "Cerrado"


class ReportingPeriod(Versioned):
    """A month of follow-up, with the cutoff and deadline set by the Alcaldía's coordination."""

    stale_subject = ("este periodo", "lo")

    year = models.PositiveSmallIntegerField("año")
    month = models.PositiveSmallIntegerField("mes")
    cutoff = models.DateField("fecha de corte")
    report_deadline = models.DateField("fecha límite de reporte")
    state = models.CharField("estado", max_length=8, choices=PeriodState.choices, default=PeriodState.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = "periodo de reporte"
        verbose_name_plural = "periodos de reporte"
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="reporting_period_unique"),
            models.CheckConstraint(condition=MONTH_RANGE, name="reporting_period_month_range"),
            models.CheckConstraint(
                condition=Q(report_deadline__gte=models.F("cutoff")), name="reporting_period_deadline_after_cutoff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"


class ReportState(models.TextChoices):
    PENDING = "pending", "Pendiente"
    SUBMITTED = "submitted", "Enviado"
    RETURNED = "returned", "Devuelto"
    APPROVED = "approved", "Aprobado"


class ProgressReport(Versioned):
    """Monthly physical progress and financial execution of one project (amounts of the month)."""

    stale_subject = ("este reporte", "lo")

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField("año")
    month = models.PositiveSmallIntegerField("mes")
    state = models.CharField("estado", max_length=10, choices=ReportState.choices, default=ReportState.PENDING)
    committed = models.DecimalField("comprometido", default=0, **MONEY)
    obligated = models.DecimalField("obligado", default=0, **MONEY)
    paid = models.DecimalField("pagado", default=0, **MONEY)
    # The structured narrative of the month (DOMAIN.md): what was achieved, what got in the way, what will be done about it.
    achievements = models.TextField("logros", blank=True)
    difficulties = models.TextField("dificultades", blank=True)
    improvement_actions = models.TextField("acciones de mejora", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year", "month"]
        verbose_name = "reporte mensual"
        verbose_name_plural = "reportes mensuales"
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="report_one_per_project_month"),
            models.CheckConstraint(condition=MONTH_RANGE, name="report_month_range"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(obligated__gte=0) & Q(paid__gte=0), name="report_amounts_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "state"])]

    def __str__(self) -> str:
        return f"{self.project} {self.month:02d}/{self.year}"


class ProductProgress(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="product_progress")
    product = models.ForeignKey("projects.Product", on_delete=models.PROTECT, related_name="progress")
    quantity = models.DecimalField("cantidad del mes", **QTY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avance del producto"
        verbose_name_plural = "avances de los productos"
        ordering = ["report", "product"]
        constraints = [
            models.UniqueConstraint(fields=["report", "product"], name="product_progress_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="product_progress_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Avance de {self.product}"


class IndicatorMonthTotal(models.Model):
    """v(m) of a product indicator kept up to date (MATRICES.md, "Values of an indicator"): the
    sum of the quantities of its products in the approved reports of one month. A row exists
    exactly when at least one such quantity exists (a reported 0 is a value), so reading these
    rows answers what summing the product-progress rows answers, from ~10× fewer rows.
    monitoring.totals owns them: every path that approves, reopens, imports or deletes reports
    calls totals.refresh_totals in its own transaction; `manage.py check_totals` recomputes them
    from the rows. Kept for every indicator (readers filter plan and kind), so that changing an
    indicator's kind or a product's indicator needs no special case beyond a refresh."""

    indicator = models.ForeignKey("strategy.Indicator", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("año")
    month = models.PositiveSmallIntegerField("mes")
    quantity = models.DecimalField("cantidad del mes", **QTY)

    class Meta:
        verbose_name = "total mensual de un indicador"
        verbose_name_plural = "totales mensuales de los indicadores"
        ordering = ["indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "month"], name="indicator_month_total_unique"),
            models.CheckConstraint(condition=MONTH_RANGE, name="indicator_month_total_month_range"),
        ]
        indexes = [models.Index(fields=["year", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.month:02d}/{self.year}: {self.quantity}"


class ApprovedReportsStamp(models.Model):
    """How many times the approved reports have changed: one row, bumped by database triggers
    (migration 0015) on every statement that inserts, updates or deletes a report that is or
    was approved, whoever writes it (services, imports, bulk loads, the admin, SQL).

    The figures cached for pages (monitoring.figures.inputs_version) read this number instead
    of aggregating every approved report on each view (480,000 at a whole administration's size:
    ~80 ms a page). Edits of reports that are not approved, the month's traffic, do not bump it.
    A flushed table reads as 0 (the triggers insert the row again on the next change)."""

    changes = models.PositiveBigIntegerField("cambios de los reportes aprobados", default=0)

    class Meta:
        verbose_name = "marca de los reportes aprobados"
        verbose_name_plural = "marcas de los reportes aprobados"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="approved_reports_stamp_single_row")]

    def __str__(self) -> str:
        return str(self.changes)


class ApprovedReportChange(models.Model):
    """Which projects' approved figures changed at each bump of ApprovedReportsStamp (`seq`: the
    stamp's value after the bump; `project_id` None: any project's may have). Written by the same
    triggers (migration 0016) and by monitoring.totals. The dashboard's figures after an approval
    recompute only the projects changed since the figures they start from
    (monitoring.figures.dashboard_figures).

    `seq` comes from the stamp's row, which each writer holds locked until it commits: changes
    get their numbers in commit order, so a reader that saw the stamp at N sees every change up
    to N (a sequence would hand out numbers in start order, and a reader could miss a change
    committed late with a number below N). Not a foreign key: a deleted project's change stays."""

    seq = models.PositiveBigIntegerField("cambio", db_index=True)
    project_id = models.IntegerField("proyecto", null=True)

    class Meta:
        verbose_name = "cambio de los reportes aprobados"
        verbose_name_plural = "cambios de los reportes aprobados"

    def __str__(self) -> str:
        return f"{self.seq}: {self.project_id or 'todos'}"


class SourceExecution(models.Model):
    """The month's execution of one funding source: the split of the report's committed,
    obligated and paid amounts. A report of a project with a single source of the year has no
    rows: all of it is that source's (monitoring.sources decides)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="source_execution")
    source = models.ForeignKey("projects.FundingSource", on_delete=models.PROTECT, related_name="+", verbose_name="fuente")
    committed = models.DecimalField("comprometido", default=0, **MONEY)
    obligated = models.DecimalField("obligado", default=0, **MONEY)
    paid = models.DecimalField("pagado", default=0, **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "source__code"]
        verbose_name = "ejecución por fuente"
        verbose_name_plural = "ejecución por fuente"
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="source_execution_unique"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(obligated__gte=0) & Q(paid__gte=0), name="source_execution_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Ejecución de {self.source}"


class TerritorialDistribution(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="territories")
    territory = models.ForeignKey("core.Territory", on_delete=models.PROTECT, related_name="+")
    committed = models.DecimalField("comprometido", **MONEY)
    beneficiaries = models.PositiveIntegerField("beneficiarios", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "distribución territorial"
        verbose_name_plural = "distribuciones territoriales"
        ordering = ["report", "territory"]
        constraints = [
            models.UniqueConstraint(fields=["report", "territory"], name="territorial_distribution_unique"),
            models.CheckConstraint(condition=Q(committed__gte=0), name="territorial_committed_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Distribución en {self.territory}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    # Stored under a random name; served only by monitoring.views.evidence_download.
    file = models.FileField("archivo", upload_to=upload_to("evidence"))
    original_name = models.CharField("nombre", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField("descripción", max_length=300, blank=True)
    # Planning staff mark the files citizens may download from the public project page (only
    # once the report is approved: transparency.selectors); private until then.
    is_public = models.BooleanField("pública", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = "evidencia"
        verbose_name_plural = "evidencias"

    def __str__(self) -> str:
        return self.original_name


class ReportTransition(TransitionRecord):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = transition_state_field("desde", ReportState)
    to_state = transition_state_field("hacia", ReportState)

    class Meta(TransitionRecord.Meta):
        verbose_name = "transición de reporte"
        verbose_name_plural = "transiciones de reportes"


class ReportComment(Comment):
    """A comment of the monthly report's conversation (isvimed_planning.comments): posted, never edited."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="reporte", on_delete=models.CASCADE, related_name="comments"
    )
    state = transition_state_field("estado al comentar", ReportState)
    history = HistoricalRecords()

    class Meta(Comment.Meta):
        verbose_name = "comentario del reporte"
        verbose_name_plural = "comentarios de los reportes"


class IndicatorMeasurement(Versioned):
    """The value of a result indicator in a month, recorded by planning staff."""

    # The values of a month are edited together, in one grid.
    stale_subject = ("estos valores", "los")

    indicator = models.ForeignKey("strategy.Indicator", on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField("año")
    month = models.PositiveSmallIntegerField("mes")
    value = models.DecimalField("valor", **QTY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "month"], name="measurement_unique"),
            models.CheckConstraint(condition=MONTH_RANGE, name="measurement_month_range"),
        ]
        verbose_name = "medición de indicador"
        verbose_name_plural = "mediciones de indicadores"


class MatrixKind(models.TextChoices):
    PLAN_INDICATIVO = "plan-indicativo", "Plan Indicativo"
    PLAN_ACCION = "plan-accion", "Plan de Acción"
    GEORREFERENCIACION = "georreferenciacion", "Georreferenciación"
    PRESUPUESTO_RESULTADOS = "presupuesto-resultados", "Presupuesto por Resultados"


class SnapshotState(models.TextChoices):
    QUEUED = "queued", "En cola"
    RUNNING = "running", "Generando"
    DONE = "done", "Lista"
    FAILED = "failed", "Falló"


class MatrixSnapshot(JobFields):
    """A matrix file as produced and kept: who asked, when, with which parameters."""

    kind = models.CharField("matriz", max_length=24, choices=MatrixKind.choices)
    year = models.PositiveSmallIntegerField("vigencia")
    cutoff = models.DateField("fecha de corte")
    state = models.CharField("estado", max_length=8, choices=SnapshotState.choices, default=SnapshotState.QUEUED)
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    file = models.FileField("archivo", upload_to="matrices/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set by scheduled jobs so that a job run twice produces one snapshot.
    schedule_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The version of the data the file was computed from (monitoring.matrices.asof): the instant
    # its computation started, the greatest history id of each table it reads, and the rows of
    # the tables without history it reads. Empty for files generated before they were recorded.
    data_as_of = models.DateTimeField("datos al", null=True, blank=True)
    data_marks = models.JSONField("marcas del historial", default=dict, blank=True)
    data_version = models.CharField("versión de los datos", max_length=64, blank=True)
    reference_rows = models.JSONField("tablas de referencia", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "matriz generada"
        verbose_name_plural = "matrices generadas"


class SubmissionChannel(models.TextChoices):
    EMAIL = "email", "Correo electrónico"
    PORTAL = "portal", "SAP / portal de la Alcaldía"
    OFICIO = "oficio", "Oficio radicado"
    OTHER = "other", "Otro"


class SealedQuerySet(models.QuerySet):
    """A sent matrix is never altered: bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise SealedError(SEALED_MESSAGE)

    def delete(self):
        raise SealedError(SEALED_MESSAGE)


SEALED_MESSAGE = "Una matriz enviada no se puede modificar ni eliminar: queda como se envió."


class SealedError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MatrixSubmission(models.Model):
    """A matrix file as sent to the Alcaldía (or another recipient): to whom, when, by whom and
    how, with its own copy of the file, the file's SHA-256 and the version of the data it was
    computed from. Written once (monitoring.submission_services.snapshot_send) and never altered:
    save() of an existing row, delete() and bulk update/delete refuse; `seal` is a SHA-256 of every
    field, so a change made outside the application (raw SQL) shows on the public list."""

    snapshot = models.ForeignKey(MatrixSnapshot, on_delete=models.PROTECT, related_name="submissions", verbose_name="matriz")
    kind = models.CharField("matriz", max_length=24, choices=MatrixKind.choices)
    year = models.PositiveSmallIntegerField("vigencia")
    cutoff = models.DateField("fecha de corte")
    file = models.FileField("archivo enviado", upload_to="matrices/enviadas/%Y/")
    file_size = models.PositiveBigIntegerField("tamaño (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    data_as_of = models.DateTimeField("datos al")
    data_marks = models.JSONField("marcas del historial", default=dict)
    data_version = models.CharField("versión de los datos", max_length=64)
    reference_rows = models.JSONField("tablas de referencia", default=dict)
    recipient = models.CharField("destinatario", max_length=200)
    channel = models.CharField("medio", max_length=8, choices=SubmissionChannel.choices)
    sent_at = models.DateTimeField("enviada el")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enviada por")
    note = models.TextField("nota", blank=True)
    created_at = models.DateTimeField("registrada el")
    seal = models.CharField("sello", max_length=64)

    objects = SealedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "matriz enviada"
        verbose_name_plural = "matrices enviadas"
        indexes = [models.Index(fields=["year", "cutoff"], name="matrix_submission_cutoff")]
        constraints = [
            models.CheckConstraint(condition=~Q(recipient=""), name="matrix_submission_recipient"),
            models.CheckConstraint(condition=~Q(sha256="") & ~Q(seal="") & ~Q(data_version=""), name="matrix_submission_sealed"),
            models.CheckConstraint(condition=Q(channel__in=SubmissionChannel.values), name="matrix_submission_channel"),
            models.CheckConstraint(condition=Q(sent_at__lte=models.F("created_at")), name="matrix_submission_sent_before_recorded"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} al {self.cutoff:%d/%m/%Y} → {self.recipient}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise SealedError(SEALED_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SealedError(SEALED_MESSAGE)

    def sealed_fields(self) -> dict:
        """What `seal` digests (also what the public list shows)."""
        def utc(moment):
            return moment.astimezone(dt.UTC).isoformat()

        return {
            "kind": self.kind, "year": self.year, "cutoff": self.cutoff.isoformat(),
            "sha256": self.sha256, "file_size": self.file_size, "file": self.file.name,
            "data_as_of": utc(self.data_as_of), "data_marks": self.data_marks, "data_version": self.data_version,
            "reference_rows": self.reference_rows, "recipient": self.recipient, "channel": self.channel,
            "sent_at": utc(self.sent_at), "sent_by": self.sent_by_id, "note": self.note,
            "created_at": utc(self.created_at), "snapshot": self.snapshot_id,
        }


class SubmissionCheck(JobFields):
    """One recomputation of a sent matrix as of its data (monitoring.matrices.asof) and its
    difference with the data of today, computed in the background; `result` holds both."""

    submission = models.ForeignKey(MatrixSubmission, on_delete=models.PROTECT, related_name="checks")
    state = models.CharField("estado", max_length=8, choices=SnapshotState.choices, default=SnapshotState.QUEUED)
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    error = models.TextField(blank=True)
    result = models.JSONField("resultado", default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "verificación de matriz enviada"
        verbose_name_plural = "verificaciones de matrices enviadas"


class CuadreRun(JobFields):
    """One computation of the cuadre (consistency rules, monitoring.cuadre) for a year and cutoff:
    its progress while it runs, then its findings as they were. A run is reused while the data it
    was computed from (data_version) has not changed: that is the cuadre's cache."""

    year = models.PositiveSmallIntegerField("vigencia")
    cutoff = models.DateField("fecha de corte")
    state = models.CharField("estado", max_length=8, choices=SnapshotState.choices, default=SnapshotState.QUEUED)
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    data_version = models.CharField("versión de los datos", max_length=40)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["year", "cutoff", "-created_at"], name="cuadre_run_latest")]
        verbose_name = "cálculo del cuadre"
        verbose_name_plural = "cálculos del cuadre"

    def __str__(self) -> str:
        return f"Cuadre {self.year} al {self.cutoff:%d/%m/%Y}"


class CuadreFinding(models.Model):
    """One finding of a run, as it was found (a row, not a JSON document: the project page, the
    report page, the home card and the dashboard read a few of thousands by project, lead or
    severity). Ids of the objects concerned are plain integers, not foreign keys: the run is a
    record of what the data said, and the object may be deleted since."""

    run = models.ForeignKey(CuadreRun, on_delete=models.CASCADE, related_name="finding_rows")
    position = models.PositiveIntegerField("orden")  # most serious first (cuadre.compute.sort_findings)
    rule = models.CharField("regla", max_length=10)
    severity = models.CharField("severidad", max_length=12)
    key = models.CharField("hallazgo", max_length=80)
    object_kind = models.CharField("tipo de objeto", max_length=20)
    object_id = models.BigIntegerField("objeto")
    subject = models.CharField("objeto", max_length=500)
    message = models.TextField("explicación")
    url = models.CharField("enlace", max_length=500)
    project_id = models.BigIntegerField(null=True, blank=True)
    program_id = models.BigIntegerField(null=True, blank=True)
    org_unit_id = models.BigIntegerField(null=True, blank=True)
    lead_id = models.BigIntegerField(null=True, blank=True)
    numbers = models.JSONField("cifras", default=dict, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="cuadre_finding_position")]
        indexes = [
            models.Index(fields=["run", "project_id"], name="cuadre_finding_project"),
            models.Index(fields=["run", "lead_id"], name="cuadre_finding_lead"),
            models.Index(fields=["run", "object_kind", "object_id"], name="cuadre_finding_object"),
        ]
        verbose_name = "hallazgo del cuadre"
        verbose_name_plural = "hallazgos del cuadre"

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"


class FindingJustification(models.Model):
    """A planner's reason for accepting an alert of the cuadre (errors cannot be justified). It is
    attached to the finding's key (rule, object), so it holds for every cutoff of the year."""

    year = models.PositiveSmallIntegerField("vigencia")
    key = models.CharField("hallazgo", max_length=80)
    rule = models.CharField("regla", max_length=10)
    comment = models.TextField("justificación")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="por")
    at = models.DateTimeField("fecha", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="finding_justification_once"),
            models.CheckConstraint(condition=~Q(comment=""), name="finding_justification_comment"),
        ]
        verbose_name = "justificación de hallazgo"
        verbose_name_plural = "justificaciones de hallazgos"

    def __str__(self) -> str:
        return f"{self.key} ({self.year})"

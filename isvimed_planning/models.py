"""Shared reference data and mechanisms: users, territories, organisational units, calendar, notices."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from isvimed_planning.historical import HistoricalRecords


class User(AbstractUser):
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="dependencia", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"

    @property
    def display_name(self) -> str:
        """Full name when known, else the username (as the Plan de Acción matrix asks)."""
        return self.get_full_name().strip() or self.username

    def __str__(self) -> str:
        return self.display_name


class TerritoryKind(models.TextChoices):
    CITY = "city", "Ciudad"
    COMUNA = "comuna", "Comuna"
    CORREGIMIENTO = "corregimiento", "Corregimiento"


class Territory(models.Model):
    """A comuna or corregimiento of Medellín; code 0 is city-wide investment."""

    code = models.PositiveSmallIntegerField("código", primary_key=True)
    name = models.CharField("nombre", max_length=80, unique=True)
    kind = models.CharField("tipo", max_length=16, choices=TerritoryKind.choices)
    zone = models.CharField("zona", max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "territorio"
        verbose_name_plural = "territorios"
        constraints = [
            models.CheckConstraint(
                condition=Q(code=0, kind="city") | (~Q(code=0) & ~Q(kind="city")),
                name="territory_city_is_code_zero",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"

    @property
    def is_placeable(self) -> bool:
        """A participatory-budget project is bound to a comuna or corregimiento, never to the city."""
        return self.kind != TerritoryKind.CITY


class OrgUnit(models.Model):
    """Dependencia: an organisational unit responsible for indicators and projects."""

    code = models.CharField("código", max_length=20, unique=True)
    name = models.CharField("nombre", max_length=200)
    active = models.BooleanField("activa", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"

    def __str__(self) -> str:
        return self.name


class NonWorkingDay(models.Model):
    """An institutional non-working day, on top of weekends and Colombian public holidays."""

    date = models.DateField("fecha", unique=True)
    description = models.CharField("descripción", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "día no hábil institucional"
        verbose_name_plural = "días no hábiles institucionales"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.description}"


# Longest state value any workflow may use; one length for every transition table.
STATE_MAX_LENGTH = 20


def transition_state_field(verbose_name: str, states: type[models.TextChoices]) -> models.CharField:
    """A state column of a transition record with its app's labels (for «get_to_state_display»)."""
    return models.CharField(verbose_name, max_length=STATE_MAX_LENGTH, choices=states.choices)


class TransitionRecord(models.Model):
    """One move of an object along its workflow: which action, from and to which state, who, when, why.

    Each app's concrete table adds the foreign key to its object (``related_name="transitions"``)
    and, with `transition_state_field`, the labels of its states. `by` is PROTECT, never SET_NULL:
    the record is the evidence of who decided, and people leave by being deactivated, not deleted.
    """

    name = models.CharField("acción", max_length=30)
    from_state = models.CharField("desde", max_length=STATE_MAX_LENGTH)
    to_state = models.CharField("hacia", max_length=STATE_MAX_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="por", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("fecha", auto_now_add=True)
    comment = models.TextField("comentario", blank=True)

    class Meta:
        abstract = True
        # The object's foreign key index serves "the moves of this object"; they are few, sorted in memory.
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_state} → {self.to_state}"


# Longest comment of a conversation (isvimed_planning.comments): a long e-mail, not a document.
COMMENT_MAX_LENGTH = 4000


class Comment(models.Model):
    """One message of the conversation about an object under review (a project, a monthly report)
    between its lead and planning staff (isvimed_planning.comments).

    Each app's concrete table adds the foreign key to its object (``related_name="comments"``) and,
    with `transition_state_field`, the labels of its states: `state` is the object's state when the
    comment was posted ("en revisión"). A comment is posted, never edited nor deleted (the author
    writes another one); `author` is PROTECT like a transition's `by`.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="autor", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("comentario", max_length=COMMENT_MAX_LENGTH)
    state = models.CharField("estado al comentar", max_length=STATE_MAX_LENGTH)
    at = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class Notice(models.Model):
    """An in-app notice; `key` makes sending idempotent (a job that runs twice notifies once)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("tipo", max_length=60)
    key = models.CharField(max_length=200)
    title = models.CharField("título", max_length=200)
    body = models.TextField("mensaje", blank=True)
    url = models.CharField("enlace", max_length=300, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    read_at = models.DateTimeField("leído", null=True, blank=True)
    emailed_at = models.DateTimeField("enviado por correo", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "aviso"
        verbose_name_plural = "avisos"
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notice_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NoticePreference(models.Model):
    """Whether a user wants e-mail for one kind of notice (in-app notices are always kept)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField("tipo", max_length=60)
    email = models.BooleanField("recibir correo", default=True)

    class Meta:
        verbose_name = "preferencia de avisos"
        verbose_name_plural = "preferencias de avisos"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class CalendarToken(models.Model):
    """The private key of a user's calendar feed (/agenda/<token>.ics): whoever holds the URL reads
    the user's dates without logging in, so the user can regenerate it, which revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField("clave", max_length=64, unique=True)
    created_at = models.DateTimeField("creada", auto_now=True)

    class Meta:
        verbose_name = "clave del calendario"
        verbose_name_plural = "claves del calendario"

    def __str__(self) -> str:
        return f"Calendario de {self.user}"

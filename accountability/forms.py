"""Forms of step 4.7 (Spanish labels; rules that need the database live in services)."""
from __future__ import annotations

from django import forms
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.dates import DateField, WindowValidator
from isvimed_planning.files import validate_upload
from isvimed_planning.models import Territory, User
from isvimed_planning.versioning import VersionedForm

from .models import (
    AccountabilityReport,
    AnswerOutcome,
    Channel,
    CommitmentStatus,
    DenialGround,
    HearingState,
    RequesterKind,
    RequestKind,
    SessionKind,
)


def staff_choices():
    """People who may be given a request or a commitment: active planning and management staff."""
    return (
        roles.users_with_role(roles.PLANEACION, roles.DIRECCION, roles.FINANCIERA)
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class UploadField(forms.FileField):
    """A file checked by content and size (isvimed_planning.files.validate_upload)."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and hasattr(data, "size") and data is not initial:
            validate_upload(data)
        return data


class RequestForm(forms.Form):
    filing_number = forms.CharField(label="Radicado", max_length=40)
    received_on = DateField(label="Fecha de recibido")
    kind = forms.ChoiceField(
        label="Tipo de solicitud", choices=RequestKind.choices,
        help_text="Petición general: 15 días hábiles; documentos: 10; consulta: 30 (Ley 1755 de 2015, art. 14).",
    )
    channel = forms.ChoiceField(label="Canal", choices=Channel.choices)
    requester_name = forms.CharField(label="Solicitante", max_length=200)
    requester_kind = forms.ChoiceField(label="Tipo de solicitante", choices=RequesterKind.choices)
    requester_email = forms.EmailField(label="Correo del solicitante", required=False)
    subject = forms.CharField(label="Asunto", max_length=300)
    description = forms.CharField(label="Descripción", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    assignee = UserChoiceField(label="Asignada a", queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices()


class AssignForm(VersionedForm):
    assignee = UserChoiceField(label="Asignar a", queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices()


class ExtensionForm(VersionedForm):
    new_due_date = DateField(label="Nueva fecha de vencimiento")
    notified_on = DateField(label="Fecha del aviso al solicitante")
    notice = forms.CharField(
        label="Aviso de prórroga enviado al solicitante", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Motivos de la demora y fecha en que se responderá.",
    )


class AnswerForm(VersionedForm):
    answered_on = DateField(label="Fecha de respuesta")
    answer = forms.CharField(label="Respuesta", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    answer_file = UploadField(label="Archivo de respuesta", required=False,
                              help_text="PDF, imagen o documento de Office.")
    outcome = forms.ChoiceField(label="Sentido de la respuesta", choices=AnswerOutcome.choices, initial=AnswerOutcome.GRANTED,
                                required=False)
    denial_ground = forms.ChoiceField(
        label="Fundamento legal de la negación", choices=[("", "—")] + DenialGround.choices, required=False,
        help_text="Solo si niega total o parcialmente (información clasificada o reservada, Ley 1712 de 2014).",
    )
    denial_reason = forms.CharField(label="Motivación de la negación", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate()


class TransferForm(VersionedForm):
    transferred_to = forms.CharField(label="Autoridad competente", max_length=200)
    transferred_on = DateField(label="Fecha del traslado")
    notice = forms.CharField(label="Aviso al peticionario", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Por qué ISVIMED no es competente y a quién se envió la petición.")


class RequirementForm(VersionedForm):
    required_on = DateField(label="Fecha del requerimiento")
    requirement = forms.CharField(label="Qué debe completar el peticionario", widget=forms.Textarea(attrs={"rows": 4}))


class CompletionForm(VersionedForm):
    completed_on = DateField(label="Fecha en que el peticionario completó la petición")


class WithdrawalForm(VersionedForm):
    withdrawn_on = DateField(label="Fecha del desistimiento")
    notice = forms.CharField(label="Acto motivado de desistimiento", widget=forms.Textarea(attrs={"rows": 4}))


class FiguresForm(forms.Form):
    """Which execution figures to put into an answer (GET)."""

    vigencia = forms.IntegerField(label="Vigencia", min_value=2000, max_value=2100)
    corte = DateField(label="Fecha de corte")

    def clean(self):
        data = super().clean()
        if data.get("vigencia") and data.get("corte") and data["corte"].year != data["vigencia"]:
            self.add_error("corte", "La fecha de corte debe estar dentro de la vigencia.")
        return data


class SessionForm(VersionedForm):
    kind = forms.ChoiceField(label="Tipo de sesión", choices=SessionKind.choices)
    date = DateField(label="Fecha")
    subject = forms.CharField(label="Tema", max_length=300)
    questionnaire = forms.CharField(label="Cuestionario", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    questionnaire_file = UploadField(label="Archivo del cuestionario", required=False)
    attendees = forms.CharField(label="Asistentes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    delivered = forms.CharField(label="Información entregada", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CommitmentForm(forms.Form):
    description = forms.CharField(label="Compromiso", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = DateField(label="Fecha de entrega")
    responsible = UserChoiceField(label="Responsable", queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_choices()


class DeliverForm(VersionedForm):
    delivered_on = DateField(label="Entregado el")


class ReportForm(forms.Form):
    year = forms.IntegerField(label="Vigencia", min_value=2000, max_value=2100)
    title = forms.CharField(label="Título", max_length=200)
    period_start = DateField(label="Desde", required=False,
                             help_text="Vacío: 1 de enero de la vigencia.")
    period_end = DateField(label="Hasta (fecha de corte)", required=False,
                           help_text="Vacío: 31 de diciembre de la vigencia.")
    introduction = forms.CharField(label="Presentación", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class ReportEditForm(VersionedForm):
    title = forms.CharField(label="Título", max_length=200)
    introduction = forms.CharField(label="Presentación", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class TransitionForm(forms.Form):
    comment = forms.CharField(label="Comentario", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_comment(self):
        return self.cleaned_data.get("comment", "")


# --- Public hearings (Ley 1757 de 2015) -------------------------------------------------------

DATETIME_FORMAT_MESSAGE = "Escriba la fecha y la hora como dd/mm/aaaa hh:mm, por ejemplo 31/03/2026 09:30."


class DateTimeField(forms.DateTimeField):
    """A date and time typed dd/mm/aaaa hh:mm (Bogotá time), inside the dates' window."""

    input_formats = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    default_error_messages = {"invalid": DATETIME_FORMAT_MESSAGE}

    def __init__(self, **kwargs):
        kwargs["widget"] = forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/aaaa hh:mm", "autocomplete": "off", "size": 16},
        )
        super().__init__(**kwargs)
        self.validators.append(WindowValidator())


class HearingForm(VersionedForm):
    title = forms.CharField(label="Título", max_length=200)
    starts_at = DateTimeField(label="Fecha y hora de la audiencia")
    place = forms.CharField(label="Lugar", max_length=200)
    link = forms.URLField(label="Enlace de la transmisión", required=False, max_length=200, assume_scheme="https",
                          error_messages={"invalid": "Escriba una dirección web completa, por ejemplo https://…"})
    report = forms.ModelChoiceField(label="Informe de rendición de cuentas", queryset=AccountabilityReport.objects.all(),
                                    required=False)
    questions_open_at = DateTimeField(label="Preguntas desde")
    questions_close_at = DateTimeField(label="Preguntas hasta", help_text="Antes de la audiencia.")
    state = forms.ChoiceField(label="Estado", choices=HearingState.choices, initial=HearingState.SCHEDULED)


class QuestionForm(forms.Form):
    """The citizens' form (no login). `sitio_web` is a honeypot: hidden from people (and from
    screen readers), bots fill it; a filled one is discarded without telling."""

    HONEYPOT = "sitio_web"

    name = forms.CharField(label="Nombre (opcional)", max_length=200, required=False)
    email = forms.EmailField(label="Correo electrónico (opcional)", required=False,
                             help_text="Solo para enviarle la respuesta; no se publica.")
    territory = forms.ModelChoiceField(label="Comuna o corregimiento (opcional)", queryset=Territory.objects.none(),
                                       required=False)
    text = forms.CharField(label="Su pregunta", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    sitio_web = forms.CharField(
        label="Deje este campo vacío", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.exclude(kind="city")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.HONEYPOT, "").strip())


class ModerationForm(VersionedForm):
    answer = forms.CharField(label="Respuesta", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    comment = forms.CharField(label="Motivo del rechazo", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HearingCommitmentForm(forms.Form):
    description = forms.CharField(label="Compromiso de mejora", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = DateField(label="Fecha de entrega")
    responsible = UserChoiceField(label="Responsable", queryset=User.objects.none(), required=False)
    responsible_name = forms.CharField(label="Otro responsable (nombre)", max_length=200, required=False,
                                       help_text="Si no es una persona de la lista.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_choices()


class FollowUpForm(VersionedForm):
    status = forms.ChoiceField(label="Estado", choices=CommitmentStatus.choices)
    delivered_on = DateField(label="Cumplido el", required=False, help_text="Solo si está cumplido.")
    evidence_note = forms.CharField(label="Evidencia del cumplimiento", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))

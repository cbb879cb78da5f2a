"""Optimistic locking shared by every form that edits an existing object.

A versioned model carries `version`; its edit form carries the version the user started from in
a hidden field; the service claims the next version with one conditional UPDATE before it writes.
A save based on an old version is refused with the Spanish "Otra persona modificó…" message and
nothing is overwritten; the view shows the form again with what the user typed (and the old
version, so that a second click cannot overwrite the other person's change unseen either).
"""
from __future__ import annotations

from django import forms
from django.db import models
from django.db.models import F

from .workflow import DomainError

STALE_TEMPLATE = (
    "Otra persona modificó {subject} mientras usted {pronoun} editaba. Revise los cambios y vuelva a intentarlo."
)
# A version that is missing or not a number comes from a hand-made request or an old page.
RELOAD_MESSAGE = "Vuelva a abrir el formulario: le falta la versión de los datos que está editando."


class Versioned(models.Model):
    """`version` counts the edits of the row; claim_version() moves it forward (or a service that
    holds the row locked with select_for_update and checks it with check_version())."""

    # Not editable: the Django admin, which writes without a version check, must not type it either.
    version = models.PositiveIntegerField(default=1, editable=False)
    # How the stale message names the object: (subject, pronoun of "mientras usted … editaba").
    stale_subject = ("estos datos", "los")
    # A model whose `version` already means something else keeps its edit count in another field.
    version_field = "version"
    # Set before save() by services to word the history row (django-simple-history reads it).
    _change_reason: str

    class Meta:
        abstract = True


def stale_message(obj_or_model) -> str:
    subject, pronoun = getattr(obj_or_model, "stale_subject", Versioned.stale_subject)
    return STALE_TEMPLATE.format(subject=subject, pronoun=pronoun)


def stale_error(obj_or_model) -> DomainError:
    return DomainError(stale_message(obj_or_model), field="version")


def version_of(obj) -> int:
    return getattr(obj, getattr(obj, "version_field", "version"))


def check_version(obj, version: int | None) -> None:
    """For a row already locked (select_for_update): refuses when `version` is not its version."""
    if version is not None and version_of(obj) != version:
        raise stale_error(obj)


def claim_version(obj, version: int | None = None, *, sync: bool = True) -> None:
    """Claims the next version of `obj`, or refuses when `version` is no longer the stored one.

    The compare-and-set UPDATE is atomic in the database, so two saves based on the same version
    cannot both succeed; it also locks the row until the caller's transaction ends. Call it inside
    transaction.atomic, after the checks and right before the writes: a refusal raised after the
    claim rolls the database back, but not `obj`, which a caller may use again. `version=None` (a
    caller without a form, e.g. an import) means "the version `obj` was read at". On success `obj`
    carries its new version, so its save() writes it and its history records it; `sync=False`
    leaves `obj` alone, for a caller that reads the row again itself.
    """
    model = obj._meta.concrete_model
    name = getattr(obj, "version_field", "version")
    if version is None:
        version = version_of(obj)
    claimed = model._base_manager.filter(pk=obj.pk, **{name: version}).update(**{name: F(name) + 1})
    if not claimed:
        raise stale_error(obj)
    if sync:
        setattr(obj, name, version + 1)


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": RELOAD_MESSAGE, "invalid": RELOAD_MESSAGE})
        super().__init__(**kwargs)


class VersionedForm(forms.Form):
    """An edit form: carries, hidden, the version of the object the user started from.

    `instance` (the object being edited) fills the version; `creating=True` drops the field for
    the forms that also create (there is nothing to be stale against yet).
    """

    version = VersionField()

    def __init__(self, *args, instance=None, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        if creating:
            del self.fields["version"]
        elif instance is not None:
            self.initial.setdefault("version", version_of(instance))


class VersionedModelForm(forms.ModelForm):
    """A ModelForm on an existing row: save() claims the version the form was opened on (call it
    inside transaction.atomic; a stale form raises the DomainError and nothing is written)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", version_of(self.instance))

    def save(self, commit=True):
        if "version" in self.fields:
            claim_version(self.instance, self.cleaned_data["version"])
        return super().save(commit=commit)

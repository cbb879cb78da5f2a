"""Workflows as data: a table of transitions per state and role, and the one way to apply them.

Each app declares its table in its own `<app>/workflow.py`, with its transition model (a
`TransitionRecord`) and its notice builder. Views ask `available(...)` to draw buttons; services
call `apply(...)`, which locks the row, checks the move (`check(...)` raises `WorkflowError` with
a Spanish message), runs the app's hooks, moves the state, records the move and notifies, all in
one transaction: a refusal anywhere leaves nothing behind.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from .roles import role_names


class DomainError(Exception):
    """A rule of the procedure refused the action; the message is for the user, in Spanish."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def add_to_form(self, form) -> None:
        """Show the refusal next to its field when the form shows that field, else above the form."""
        field = self.field if self.field in form.fields and not form.fields[self.field].widget.is_hidden else None
        form.add_error(field, self.message)


class WorkflowError(DomainError):
    pass


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    # Extra object-level condition, e.g. "the lead of this project".
    allowed_if: Callable[[object, object], bool] | None = None
    # Role that passes when `allowed_if` holds even without being in `roles`.
    conditional_roles: tuple[str, ...] = field(default_factory=tuple)
    needs_comment: bool = False
    # What the move means, not how it looks: "advance" moves the object on, "reverse" sends it
    # back or refuses it, "aside" is a side step (close, reopen). The `button_class` filter draws it.
    tone: str = "advance"


@dataclass(frozen=True)
class Hooks:
    """What one move does besides changing the state, on the locked object, inside the transaction.

    `before(obj, transition)` runs after the check and before the state moves: more conditions
    (raise DomainError to refuse; nothing is kept) and changes saved with the state (e.g. the BPIN).
    `after(obj, transition, record)` runs once the state is saved and the move recorded.
    """

    before: Callable[[Any, Transition], None] | None = None
    after: Callable[[Any, Transition, Any], None] | None = None


@dataclass(frozen=True)
class TransitionNotice:
    """Who hears about a move and what they read; the one who made the move is never told."""

    recipients: Iterable
    kind: str
    title: str
    body: str = ""
    url: str = ""


# (object, transition, by, comment) -> the notice of the move, or None for a silent move.
NoticeBuilder = Callable[[Any, Transition, Any, str], "TransitionNotice | None"]


def transition_notice_key(obj, record) -> str:
    """The idempotency key of the notices of one recorded move: a move notifies each person once."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}:transition:{record.pk}"


def change_reason(transition: Transition, comment: str) -> str:
    """The history's reason for a move (django-simple-history keeps at most 100 characters)."""
    return (transition.label + (f": {comment}" if comment else ""))[:100]


class Workflow:
    def __init__(
        self,
        transitions: Iterable[Transition],
        state_labels: dict[str, str],
        *,
        record_model=None,
        notice: NoticeBuilder | None = None,
        select_related: tuple[str, ...] = (),
        counts_versions: bool = False,
    ):
        """`record_model`: the app's TransitionRecord table (its foreign key to the object is
        found by type). `notice`: builds the notice of a move. `select_related`: relations the
        checks and hooks read, loaded with the locked row without locking them. `counts_versions`:
        a move is an edit of a versioned object, so forms opened before it become stale."""
        self.transitions = {t.name: t for t in transitions}
        self.state_labels = state_labels
        self.record_model = record_model
        self.notice = notice
        self.select_related = select_related
        self.counts_versions = counts_versions

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise WorkflowError(f"La acción «{name}» no existe.") from None

    def get_or_404(self, name: str) -> Transition:
        """The transition named in an address: an unknown name is a page that does not exist."""
        try:
            return self.get(name)
        except WorkflowError as exc:
            raise Http404(exc.message) from None

    def is_allowed(self, transition: Transition, obj, user) -> bool:
        roles = role_names(user)
        if roles & set(transition.roles):
            return True
        if transition.allowed_if and roles & set(transition.conditional_roles):
            return bool(transition.allowed_if(user, obj))
        return False

    def available(self, obj, user, state: str | None = None) -> list[Transition]:
        current = state if state is not None else obj.state
        return [
            t for t in self.transitions.values() if current in t.source and self.is_allowed(t, obj, user)
        ]

    def check(self, name: str, obj, user, *, comment: str = "") -> Transition:
        transition = self.get(name)
        if obj.state not in transition.source:
            raise WorkflowError(
                f"No se puede «{transition.label.lower()}» en estado «{self.state_labels.get(obj.state, obj.state)}»."
            )
        if not self.is_allowed(transition, obj, user):
            raise WorkflowError(f"Su rol no permite «{transition.label.lower()}».")
        if transition.needs_comment and not comment.strip():
            raise WorkflowError("Escriba un comentario que explique la decisión.", field="comment")
        return transition

    def apply(
        self,
        *,
        obj,
        name: str,
        by,
        comment: str = "",
        version: int | None = None,
        hooks: Mapping[str, Hooks] | None = None,
    ):
        """Moves `obj` along the workflow and returns the transition record.

        The row is locked and read again first, so of two simultaneous moves the second one is
        checked against the state the first one left. `version` (from a form) refuses a move based
        on a stale page. The caller's `obj` is brought up to date.
        """
        from django.db import transaction

        from .notices import notify
        from .versioning import check_version

        if self.record_model is None:
            raise TypeError("This workflow has no transition model: pass record_model= to Workflow().")
        comment = comment.strip()
        hook = (hooks or {}).get(name) or Hooks()
        with transaction.atomic():
            model = type(obj)
            locked = (
                model._default_manager.select_for_update(of=("self",)).select_related(*self.select_related).get(pk=obj.pk)
            )
            check_version(locked, version)
            transition = self.check(name, locked, by, comment=comment)
            if hook.before:
                hook.before(locked, transition)
            from_state = locked.state
            locked.state = transition.target
            if self.counts_versions:
                locked.version += 1
            locked._change_reason = change_reason(transition, comment)
            locked.save()
            record = self.record_model._default_manager.create(
                **{self._object_field(model): locked},
                name=name, from_state=from_state, to_state=transition.target, by=by, comment=comment,
            )
            if hook.after:
                hook.after(locked, transition, record)
            if obj is not locked:
                obj.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
                obj._state.fields_cache.clear()
            message = self.notice(locked, transition, by, comment) if self.notice else None
            if message is not None:
                notify(
                    recipients=[u for u in message.recipients if u is not None and u.pk != by.pk],
                    kind=message.kind, key=transition_notice_key(locked, record),
                    title=message.title, body=message.body, url=message.url,
                )
        return record

    def _object_field(self, model) -> str:
        """The name of the record's foreign key to the moved object (project, report, plan...)."""
        for f in self.record_model._meta.get_fields():
            if f.many_to_one and f.name != "by" and issubclass(model, f.related_model):
                return f.name
        raise TypeError(f"{self.record_model.__name__} has no foreign key to {model.__name__}.")

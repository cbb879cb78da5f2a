"""Workflows as data: a table of transitions per state and role.

Each app declares its table (see projects.workflow) and records every move in its own
transition model. Views ask `available(...)` to draw buttons; services call `check(...)`,
which raises `WorkflowError` with a Spanish message when the move is not allowed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

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
    style: str = "primary"


class Workflow:
    def __init__(self, transitions: Iterable[Transition], state_labels: dict[str, str]):
        self.transitions = {t.name: t for t in transitions}
        self.state_labels = state_labels

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

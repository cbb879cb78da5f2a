"""Conversations about an object under review: a project's lead, planning staff (and, on a
project, the Director) write comments on a project or a monthly report in the application
instead of discussing it by e-mail.

The base owns what every conversation shares: the abstract model (`models.Comment`), the form,
the rule of who is told of a new comment and how (`post`), and the page's section
(`templates/includes/conversation.html`, fed a `Conversation`). Each app owns its concrete table
(`projects.ProjectComment`, `monitoring.ReportComment`), the permission to write
(`projects.comment_project`, `monitoring.comment_report` in its rules.py; whoever sees the
object reads its conversation), its service, its selector and its view.

A comment is posted, never edited nor deleted, not even by its author: the conversation is the
record of the review, as the transitions are (its history is kept by django-simple-history).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from . import roles
from .models import COMMENT_MAX_LENGTH, Comment, User
from .notices import notify
from .workflow import DomainError

KIND = "comment"  # the notice kind (isvimed_planning.notices.NOTICE_KINDS)
COMMENT_REQUIRED = "Escriba el comentario antes de publicarlo."
COMMENT_TOO_LONG = "El comentario puede tener hasta 4.000 caracteres (tiene {length})."
POSTED = "Comentario publicado."

C = TypeVar("C", bound=Comment)


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Nuevo comentario", max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Lo leen el responsable del proyecto y Planeación; se avisa a los demás participantes. "
                  "Un comentario publicado no se puede editar ni borrar.",
        error_messages={
            "required": COMMENT_REQUIRED,
            "max_length": COMMENT_TOO_LONG.replace("{length}", "%(show_value)d"),
        },
    )


@dataclass(frozen=True)
class Conversation:
    """What the page's «Conversación» section shows: the comments, oldest first, and the form to
    add one (None for a user who may only read, or on a page that only shows the thread: then
    `reply_url`, if any, links to the page where one writes)."""

    comments: list
    form: CommentForm | None
    action: str  # the URL the form posts to
    state_label: str  # the object's state now ("En revisión")
    reply_url: str = ""


def recipients(*, by: User, lead: User | None, previous: Iterable[User]) -> list[User]:
    """Who is told of a comment: the other side of the review and everyone who already wrote in
    the conversation, never the author. The lead's comment goes to planning staff; planning
    staff's comment to the lead; anyone else's (the Director) to both."""
    if lead is not None and by.pk == lead.pk:
        others: list[User | None] = list(roles.users_with_role(roles.PLANEACION))
    elif roles.has_role(by, roles.PLANEACION):
        others = [lead]
    else:
        others = [lead, *roles.users_with_role(roles.PLANEACION)]
    found: dict[int, User] = {}
    for user in [*others, *previous]:
        if user is not None and user.pk != by.pk:
            found.setdefault(user.pk, user)
    return list(found.values())


def post(
    *, model: type[C], target_field: str, target, by: User, text: str, lead: User | None, title: str, url: str
) -> C:
    """Adds `by`'s comment to `target`'s conversation and notifies the others (once per comment and
    recipient, e-mail queued when the transaction commits). The caller checked the permission."""
    text = text.strip()
    if not text:
        raise DomainError(COMMENT_REQUIRED, field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(COMMENT_TOO_LONG.format(length=len(text)), field="text")
    with transaction.atomic():
        comment = model._default_manager.create(**{target_field: target}, author=by, text=text, state=target.state)
        earlier = model._default_manager.filter(**{target_field: target}).exclude(pk=comment.pk).values("author")
        previous = User.objects.filter(pk__in=earlier)
        state = comment.get_state_display()  # type: ignore[attr-defined]
        notify(
            recipients=recipients(by=by, lead=lead, previous=previous),
            kind=KIND, key=f"comment:{model._meta.label_lower}:{comment.pk}",
            title=title, body=f"{by.display_name} · {state}\n\n{text}", url=url,
        )
    return comment


def handle_post(
    request: HttpRequest, *, add: Callable[[str], object], done_url: str,
    refused: Callable[[CommentForm], HttpResponse],
) -> HttpResponse:
    """The comment views' one way through a posted comment: `add(text)` (the app's service) saves
    it and the page reopens at the conversation; a refused comment comes back through `refused`,
    the object's page rendered with the form as typed and its Spanish message."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add(form.cleaned_data["text"])
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, POSTED)
            return redirect(done_url)
    return refused(form)

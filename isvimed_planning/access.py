"""Permission-checked fetchers: the object for this user with what they may do to it, or a 404.

Views never query around these: whatever a user may not see does not exist for them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from .roles import may

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Fetched(Generic[M]):
    """`can` answers each asked permission by its name without the app label
    ("projects.edit_project" -> can["edit_project"]), so templates read `can.edit_project`."""

    obj: M
    can: dict[str, bool] = field(default_factory=dict)


def get_for_user(queryset: QuerySet[M], **lookup) -> M:
    """`queryset` must already be the user's visible set (from a selector)."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("No existe o no tiene acceso.") from None


def fetch_for_user(queryset: QuerySet[M], user, perms: tuple[str, ...] = (), **lookup) -> Fetched[M]:
    """The object of the user's visible `queryset` matching `lookup` (or a 404), with `perms` answered for it."""
    obj = get_for_user(queryset, **lookup)
    return Fetched(obj, {perm.split(".", 1)[1]: may(user, perm, obj) for perm in perms})


def require_perm(user, perm: str, obj=None) -> None:
    """A view refuses (403) a user without `perm`."""
    if not may(user, perm, obj):
        raise PermissionDenied("Su rol no permite esta acción.")

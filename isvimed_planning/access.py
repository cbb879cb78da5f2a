"""Permission-checked fetchers: one helper returns the object for this user, or a 404.

Views never query around these: whatever a user may not see does not exist for them.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from .roles import has_role


def get_for_user(queryset: QuerySet, **lookup) -> Model:
    """`queryset` must already be the user's visible set (from a selector)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404("No existe o no tiene acceso.") from None


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied("Su rol no permite esta acción.")

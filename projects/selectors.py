"""Reads of projects for a user: what they may see, and the project page's data."""
from __future__ import annotations

from django.db.models import QuerySet

from isvimed_planning import roles
from isvimed_planning.access import get_for_user
from isvimed_planning.roles import has_role

from .models import Project


def visible_projects(user) -> QuerySet[Project]:
    """Every project for read-all roles; a lead (`responsable`) sees only the projects they lead."""
    qs = Project.objects.all()
    if has_role(user, *roles.READ_ALL_ROLES):
        return qs
    if has_role(user, roles.RESPONSABLE):
        return qs.filter(lead=user)
    return qs.none()


def get_project_for_user(user, pk) -> Project:
    """The project if this user may see it, else Http404."""
    return get_for_user(visible_projects(user).select_related("program", "org_unit", "lead"), pk=pk)

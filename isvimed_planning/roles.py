"""Roles (Django groups) and the object rules built on them.

A user may hold several roles. Permissions ("a lead edits only their own projects") are
django-rules permissions declared in each app's rules.py from the predicates below, so that
views, templates and services ask the same question: `may(user, "projects.edit_project", p)`.
"""
from __future__ import annotations

import rules
from django.db.models import QuerySet

PLANEACION = "planeacion"
RESPONSABLE = "responsable"
DIRECCION = "direccion"
FINANCIERA = "financiera"
CONSULTA = "consulta"
ADMIN = "admin"

ROLES: dict[str, str] = {
    PLANEACION: "Subdirección de Planeación",
    RESPONSABLE: "Responsable de proyecto",
    DIRECCION: "Dirección",
    FINANCIERA: "Subdirección Administrativa y Financiera",
    CONSULTA: "Consulta",
    ADMIN: "Administración del sistema",
}

# Roles that may read every domain object (leads read their own projects and the plan).
READ_ALL_ROLES = (PLANEACION, DIRECCION, FINANCIERA, CONSULTA, ADMIN)


def role_names(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {ADMIN}
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(role_names(user) & set(roles))


def users_with_role(*roles: str) -> QuerySet:
    """Active users holding any of `roles` (notice recipients, choice lists, jobs).

    Superusers count as ADMIN in `role_names` but only their groups count here: nobody is
    notified for being a superuser.
    """
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct()


# Role predicates: the bricks each app's rules.py builds its permissions from.
is_planner = rules.predicate(lambda user: has_role(user, PLANEACION), name="is_planner")
is_lead = rules.predicate(lambda user: has_role(user, RESPONSABLE), name="is_lead")
is_director = rules.predicate(lambda user: has_role(user, DIRECCION), name="is_director")
is_finance = rules.predicate(lambda user: has_role(user, FINANCIERA), name="is_finance")
is_admin = rules.predicate(lambda user: has_role(user, ADMIN), name="is_admin")
reads_all = rules.predicate(lambda user: has_role(user, *READ_ALL_ROLES), name="reads_all")
has_any_role = rules.predicate(lambda user: bool(role_names(user)), name="has_any_role")


@rules.predicate
def is_project_lead(user, project) -> bool:
    """The user leads this project (works for any object with a `lead_id`, or a `project`)."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    target = getattr(project, "project", project)
    return getattr(target, "lead_id", None) == user.pk


def may(user, perm: str, obj=None) -> bool:
    """Asks a permission of the apps' rules.py.

    Not `user.has_perm`: Django answers yes to every question for an active superuser and
    consults the model permissions of the auth tables, while a permission here is exactly
    its rule (the administrator configures; they do not approve or edit budgets).
    """
    return rules.has_perm(perm, user, obj)

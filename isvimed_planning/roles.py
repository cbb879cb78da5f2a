"""Roles (Django groups) and the object rules built on them.

A user may hold several roles. Object rules ("a lead edits only their own projects") are
django-rules predicates so that views, templates and services ask the same question.
"""
from __future__ import annotations

import rules

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


is_planner = rules.predicate(lambda user: has_role(user, PLANEACION), name="is_planner")
is_lead = rules.predicate(lambda user: has_role(user, RESPONSABLE), name="is_lead")
is_director = rules.predicate(lambda user: has_role(user, DIRECCION), name="is_director")
is_finance = rules.predicate(lambda user: has_role(user, FINANCIERA), name="is_finance")
is_reader = rules.predicate(lambda user: has_role(user, CONSULTA), name="is_reader")
is_admin = rules.predicate(lambda user: has_role(user, ADMIN), name="is_admin")
reads_all = rules.predicate(lambda user: has_role(user, *READ_ALL_ROLES), name="reads_all")


@rules.predicate
def is_project_lead(user, project) -> bool:
    """The user leads this project (works for any object with a `lead_id`, or a `project`)."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    target = getattr(project, "project", project)
    return getattr(target, "lead_id", None) == user.pk


rules.add_rule("core.is_project_lead", is_project_lead)
rules.add_rule("core.reads_all", reads_all)

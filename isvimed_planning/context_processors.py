from __future__ import annotations

from .roles import ADMIN, PLANEACION, READ_ALL_ROLES, ROLES, role_names

# The procedure's steps in order; each app registers its URL namespace `<app>:index`. The last
# item is who may open the step (None: every role); a menu never offers a page that refuses.
STEPS = [
    ("4.1", "Formulación estratégica", "strategy:index", None),
    ("4.2", "Proyectos", "projects:index", None),
    ("4.3", "Presupuesto", "budget:index", None),
    ("4.5", "Plan de acción", "action_plan:index", None),
    ("4.6", "Seguimiento", "monitoring:index", None),
    ("4.7", "Rendición de cuentas", "accountability:index", set(READ_ALL_ROLES)),
]


def navigation(request):
    user = getattr(request, "user", None)
    context = {}
    if user is not None and user.is_authenticated:
        roles = role_names(user)
        context["reads_all"] = bool(roles & set(READ_ALL_ROLES))
        context["nav_steps"] = [
            (number, label, urlname) for number, label, urlname, allowed in STEPS if allowed is None or roles & allowed
        ]
        context["user_roles"] = [label for key, label in ROLES.items() if key in roles]
        context["unread_notices"] = user.notices.filter(read_at__isnull=True).count()
        # Cross-step tools, shown only to the roles whose views accept them.
        context["nav_tools"] = [
            (label, urlname)
            for label, urlname, allowed in (
                ("ANS", "deadlines:index", set(READ_ALL_ROLES)),
                ("Libro Excel", "workbook:index", {PLANEACION, ADMIN}),
            )
            if roles & allowed
        ]
    return context

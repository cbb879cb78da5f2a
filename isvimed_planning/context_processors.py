from __future__ import annotations

from .roles import ADMIN, CONSULTA, DIRECCION, PLANEACION, ROLES, role_names

# The procedure's steps in order; each app registers its URL namespace `<app>:index`.
STEPS = [
    ("4.1", "Formulación estratégica", "strategy:index"),
    ("4.2", "Proyectos", "projects:index"),
    ("4.3", "Presupuesto", "budget:index"),
    ("4.5", "Plan de acción", "action_plan:index"),
    ("4.6", "Seguimiento", "monitoring:index"),
    ("4.7", "Rendición de cuentas", "accountability:index"),
]


def navigation(request):
    user = getattr(request, "user", None)
    context = {"nav_steps": STEPS}
    if user is not None and user.is_authenticated:
        roles = role_names(user)
        context["user_roles"] = [label for key, label in ROLES.items() if key in roles]
        context["unread_notices"] = user.notices.filter(read_at__isnull=True).count()
        # Cross-step tools, shown only to the roles whose views accept them.
        context["nav_tools"] = [
            (label, urlname)
            for label, urlname, allowed in (
                ("ANS", "deadlines:index", {PLANEACION, DIRECCION, ADMIN, CONSULTA}),
                ("Libro Excel", "workbook:index", {PLANEACION, ADMIN}),
            )
            if roles & allowed
        ]
    return context

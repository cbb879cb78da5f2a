"""Demo data for `make run`: a small, realistic institute (see load_demo)."""
from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import OrgUnit, User

DEMO_PASSWORD = "isvimed-demo-2026"

# username, first name, last name, role
DEMO_USERS = [
    ("planeacion", "Paula", "Restrepo", roles.PLANEACION),
    ("responsable", "Luis", "Gómez", roles.RESPONSABLE),
    ("responsable2", "Lina", "Zapata", roles.RESPONSABLE),
    ("direccion", "Diego", "Arango", roles.DIRECCION),
    ("financiera", "Fernanda", "Mejía", roles.FINANCIERA),
    ("consulta", "Carlos", "Ochoa", roles.CONSULTA),
    ("admin", "Ana", "Villa", roles.ADMIN),
]

ORG_UNITS = [
    ("PLA", "Subdirección de Planeación"),
    ("SDV", "Subdirección de Dotación de Vivienda"),
    ("SMV", "Subdirección de Mejoramiento de Vivienda"),
    ("SPO", "Subdirección Poblacional"),
    ("SAF", "Subdirección Administrativa y Financiera"),
]


@transaction.atomic
def create_users() -> dict[str, User]:
    units = {code: OrgUnit.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in ORG_UNITS}
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@isvimed.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.ADMIN
            user.is_superuser = role == roles.ADMIN
            user.org_unit = units["PLA"] if role == roles.PLANEACION else units["SDV"]
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users

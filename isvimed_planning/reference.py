"""Reference data every database must hold: the six roles and the 22 territories.

Created by a data migration; also re-created by the test suite after a transactional test has
flushed the tables."""
from __future__ import annotations

from .roles import ROLES
from .territories import TERRITORIES


def ensure_reference_data(group_model, territory_model) -> None:
    """Idempotent; takes the models as arguments so that migrations can pass historical ones."""
    existing_groups = set(group_model.objects.filter(name__in=list(ROLES)).values_list("name", flat=True))
    group_model.objects.bulk_create([group_model(name=name) for name in ROLES if name not in existing_groups])
    existing = set(territory_model.objects.values_list("code", flat=True))
    territory_model.objects.bulk_create(
        [territory_model(code=code, name=name, kind=kind, zone=zone)
         for code, name, kind, zone in TERRITORIES if code not in existing]
    )

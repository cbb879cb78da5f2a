"""Two data sizes of seed_scale (every fifth indicator of a program is a result indicator, so both
sizes have result indicators) and a way to measure something at each without mixing them."""
from __future__ import annotations

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from isvimed_planning.caching import clear_local

SMALL = {"lines": 1, "components": 2, "programs": 2, "indicators": 10, "projects": 3, "leads": 2}
LARGER = {"lines": 2, "components": 4, "programs": 6, "indicators": 30, "projects": 12, "leads": 4}
YEAR = 2026


def at_size(size: dict, measure):
    """Seeds `size`, returns measure(), then rolls the seeded data back (reference data stays).
    Starts with empty caches: seed_scale writes no history rows, so the cached figures' version
    (isvimed_planning.caching) cannot tell one rolled-back size from the next."""
    cache.clear()
    clear_local()
    with transaction.atomic():
        call_command("seed_scale", verbosity=0, stdout=_Null(), **size)
        result = measure()
        transaction.set_rollback(True)
    return result


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass

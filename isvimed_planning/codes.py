"""Plan codes (`4.2.10`) compared as text and sorted naturally (`4.2.9` before `4.2.10`)."""
from __future__ import annotations

import re

_PART = re.compile(r"(\d+)")


def natural_key(code: str) -> str:
    """A string that sorts like the code's natural order; stored so the database can ORDER BY it."""
    return _PART.sub(lambda m: m.group(1).zfill(10), (code or "").strip())


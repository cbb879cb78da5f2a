"""How many examples a property test draws: its own number under `make test`, FUZZ_SCALE times
more under `make fuzz` (the "fuzz" hypothesis profile)."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

FUZZ_SCALE = int(os.environ.get("FUZZ_SCALE", "20"))

# Marks a property test, so that `make fuzz` (pytest -m fuzz) runs only those.
fuzz = pytest.mark.fuzz


def examples(n: int) -> int:
    return n * FUZZ_SCALE if settings.get_current_profile_name() == "fuzz" else n

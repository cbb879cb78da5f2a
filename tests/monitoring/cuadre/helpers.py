"""What the cuadre's rule tests share: the findings of one rule after a full run."""
from __future__ import annotations

import datetime as dt

from monitoring.cuadre.base import Finding
from monitoring.cuadre.compute import run_rules


def findings(rule: str, *, cutoff: dt.date) -> list[Finding]:
    """The findings of `rule` when the whole cuadre runs for the cutoff's year (other rules may
    find other things in the same data)."""
    return [f for f in run_rules(year=cutoff.year, cutoff=cutoff) if f.rule == rule]

"""The vocabulary of the cuadre (consistency check before a cutoff): a rule, its severity, who
acts on it, and the finding it yields for one object.

A rule's check reads what it needs for the year and cutoff in a constant number of queries
(whatever the number of projects) and yields Findings. A finding names its object by kind and
primary key; its `key` (rule, kind, pk) is what a planner's justification is attached to, so a
justification survives re-runs of the cuadre and later cutoffs of the same year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models


class Severity(models.TextChoices):
    # The order of the choices is the order of the pages and the counts (most serious first).
    ERROR = "error", "Error"
    ALERT = "alerta", "Alerta"
    INFO = "informacion", "Información"


SEVERITY_ORDER = {severity.value: index for index, severity in enumerate(Severity)}


class Actor(models.TextChoices):
    """Who must act on a finding."""

    LEAD = "lead", "Líder del proyecto"
    PLANNING = "planning", "Oficina de Planeación"
    FINANCE = "finance", "Finanzas"


@dataclass(frozen=True)
class Context:
    """What every check is given: the year, the cutoff, and settings read once."""

    year: int
    cutoff: dt.date
    # |goal × unit cost − allocated| / allocated above this (0.01 = 1 %) is a finding.
    unit_cost_tolerance: Decimal = Decimal("0.01")

    @property
    def month(self) -> int:
        """The last month counted: the cutoff's."""
        return self.cutoff.month


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str  # the Spanish explanation, with the numbers
    object_kind: str  # "project", "product", "indicator", "program", "report", "modification", …
    object_id: int
    subject: str  # how the object is named on the page ("Proyecto 2024… — Vivienda nueva")
    url: str  # where it is fixed
    # For the filters and for "the lead's own findings" (None where the object has none).
    project_id: int | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    lead_id: int | None = None
    # Extra figures kept with the finding (exports, tests): names to Decimal/str/int.
    numbers: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return finding_key(self.rule, self.object_kind, self.object_id)

    # The columns of monitoring.models.CuadreFinding that a Finding is read from.
    COLUMNS = (
        "rule", "severity", "message", "object_kind", "object_id", "subject", "url", "project_id", "program_id",
        "org_unit_id", "lead_id", "numbers",
    )

    @classmethod
    def from_row(cls, row: dict) -> Finding:
        """From a CuadreFinding's values(*Finding.COLUMNS)."""
        return cls(**{name: row[name] for name in cls.COLUMNS})


def finding_key(rule: str, object_kind: str, object_id: int) -> str:
    return f"{rule}:{object_kind}:{object_id}"


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One consistency rule, declared in monitoring.cuadre.rules.RULES."""

    code: str
    severity: str  # a Severity value
    title: str  # short Spanish name, shown in the counts per rule
    acts: str  # an Actor value
    check: Check
    help: str = ""  # one sentence on what the rule compares and why

    @property
    def justifiable(self) -> bool:
        """Alerts and notes may be justified by a planner; errors must be fixed."""
        return self.severity != Severity.ERROR

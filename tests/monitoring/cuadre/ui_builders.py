"""Findings for the cuadre's pages without the real checks: the rules of the table (codes,
severities, titles) each yield the findings given here for their code, and a run is computed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys

from monitoring import cuadre_services
from monitoring.cuadre import rules as rule_table
from monitoring.cuadre.base import Finding
from monitoring.models import CuadreRun

YEAR = 2025
CUTOFF = dt.date(2025, 3, 31)


def use_findings(monkeypatch, findings: list[Finding]) -> None:
    """Every module that took the rule table sees one whose checks yield `findings` (by rule)."""
    original_rules, original_by_code = rule_table.RULES, rule_table.BY_CODE

    def check_of(code):
        return lambda ctx: [f for f in findings if f.rule == code]

    rules = tuple(dataclasses.replace(rule, check=check_of(rule.code)) for rule in original_rules)
    by_code = {rule.code: rule for rule in rules}
    for name, module in list(sys.modules.items()):
        if not name.startswith("monitoring") or module is None:
            continue
        if getattr(module, "RULES", None) is original_rules:
            monkeypatch.setattr(module, "RULES", rules)
        if getattr(module, "BY_CODE", None) is original_by_code:
            monkeypatch.setattr(module, "BY_CODE", by_code)


def finding(rule: str, *, project=None, object_kind: str = "project", object_id: int | None = None,
            message: str | None = None, subject: str | None = None, url: str | None = None, lead_id=None) -> Finding:
    """A finding of `rule` about a project (or another object of the project)."""
    severity = rule_table.BY_CODE[rule].severity
    pk = object_id if object_id is not None else (project.pk if project is not None else 1)
    return Finding(
        rule=rule, severity=str(severity), message=message or f"Mensaje de {rule} sobre {object_kind} {pk}",
        object_kind=object_kind, object_id=pk,
        subject=subject or (project.name if project is not None else f"Objeto {pk}"),
        url=url or (f"/proyectos/{project.pk}/" if project is not None else "/seguimiento/"),
        project_id=project.pk if project is not None else None,
        program_id=project.program_id if project is not None else None,
        org_unit_id=project.org_unit_id if project is not None else None,
        lead_id=lead_id if lead_id is not None else (project.lead_id if project is not None else None),
    )


def computed(monkeypatch, findings: list[Finding], *, year: int = YEAR, cutoff: dt.date = CUTOFF) -> CuadreRun:
    """A finished run of the cuadre for the year and cutoff with `findings`."""
    use_findings(monkeypatch, findings)
    return cuadre_services.cuadre_now(year=year, cutoff=cutoff)

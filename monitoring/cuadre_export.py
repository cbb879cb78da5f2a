"""The cuadre's findings as an Excel workbook (the page's filters applied): one sheet, Spanish
headers, every text written as text (isvimed_planning.xlsx)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http.response import HttpResponseBase
from django.utils import timezone

from budget.exports import TITLE, header
from isvimed_planning import xlsx

from .cuadre.base import Actor, Severity
from .cuadre.rules import BY_CODE
from .models import CuadreRun

HEADERS = [
    "Severidad", "Regla", "Título de la regla", "Objeto", "Mensaje", "Quién actúa", "Programa", "Dependencia",
    "Responsable", "Estado", "Justificación", "Justificado por", "Enlace",
]


def findings_rows(shown: list, *, year: int, cutoff: dt.date, names: dict, done: CuadreRun | None) -> list[list]:
    severities, actors = dict(Severity.choices), dict(Actor.choices)
    site = settings.SITE_URL.rstrip("/")
    when = (
        f"Calculado el {timezone.localtime(done.finished_at or done.created_at):%d/%m/%Y %H:%M}"
        if done is not None else "Sin cuadre calculado para este corte"
    )
    rows: list[list] = [
        [xlsx.Cell(f"Cuadre de la vigencia {year} al {cutoff:%d/%m/%Y}", TITLE)],
        [when],
        [],
        header(HEADERS),
    ]
    for s in shown:
        f = s.finding
        rule = BY_CODE.get(f.rule)
        j = s.justification
        rows.append([
            severities.get(f.severity, f.severity), f.rule, rule.title if rule else "", f.subject, f.message,
            actors.get(rule.acts, rule.acts) if rule else "",
            names["programa"].get(f.program_id, "") if f.program_id else "",
            names["dependencia"].get(f.org_unit_id, "") if f.org_unit_id else "",
            names["responsable"].get(f.lead_id, "") if f.lead_id else "",
            "Justificado" if j is not None else "Abierto",
            j.comment if j is not None else "",
            j.by.display_name if j is not None else "",
            f"{site}{f.url}" if f.url.startswith("/") else f.url,
        ])
    return rows


def findings_download(shown: list, *, year: int, cutoff: dt.date, names: dict, done: CuadreRun | None) -> HttpResponseBase:
    rows = findings_rows(shown, year=year, cutoff=cutoff, names=names, done=done)
    sheet = xlsx.Sheet(
        name="Hallazgos", rows=rows, widths=[11, 8, 34, 36, 60, 22, 28, 28, 24, 12, 40, 22, 40], freeze=(4, 0),
    )
    return xlsx.download([sheet], f"cuadre-{year}-corte-{cutoff:%Y-%m-%d}.xlsx")

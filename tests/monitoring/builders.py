"""Builders for follow-up tests, on top of tests/factories.py."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from monitoring import totals
from monitoring.models import Evidence, ProductProgress, ProgressReport, ReportingPeriod, TerritorialDistribution
from tests import factories

YEAR = 2025


def small_pdf(text: str = "Acta de entrega") -> bytes:
    """A tiny but real one-page PDF."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def period(year: int = YEAR, month: int = 3, state: str = "open") -> ReportingPeriod:
    cutoff = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return ReportingPeriod.objects.get_or_create(
        year=year, month=month,
        defaults={"cutoff": cutoff, "report_deadline": cutoff + dt.timedelta(days=7), "state": state},
    )[0]


def reporting_project(*, lead, name: str | None = None, state: str = "in_execution", the_program=None):
    """A project in execution with one product (goal 20 in 2025)."""
    project = factories.project(lead=lead, state=state, name=name, territory_code=10, the_program=the_program)
    factories.product(project, code="P1", name="Viviendas mejoradas", goals={YEAR: "20"})
    return project


def report(
    project, *, year: int = YEAR, month: int = 3, state: str = "pending", committed="1000000", obligated="600000",
    paid="400000", territories: dict[int, str] | None = None, quantity: str | None = "2", evidence: bool = True,
    achievements: str = "Se entregaron dos mejoramientos.", difficulties: str = "", improvement_actions: str = "",
) -> ProgressReport:
    rep = ProgressReport.objects.create(
        project=project, year=year, month=month, state=state, committed=Decimal(committed),
        obligated=Decimal(obligated), paid=Decimal(paid), achievements=achievements, difficulties=difficulties,
        improvement_actions=improvement_actions,
    )
    for code, amount in (territories if territories is not None else {10: committed}).items():
        TerritorialDistribution.objects.create(report=rep, territory_id=code, committed=Decimal(amount), beneficiaries=5)
    if quantity is not None:
        for product in project.products.all():
            ProductProgress.objects.create(report=rep, product=product, quantity=Decimal(quantity))
    if evidence:
        add_evidence(rep, by=project.lead)
    totals.refresh_totals(report_ids=[rep.pk])  # rows written directly, as seed_scale does
    return rep


def add_evidence(rep, *, by, name: str = "acta.pdf") -> Evidence:
    ev = Evidence(report=rep, original_name=name, content_type="application/pdf", size=100, uploaded_by=by)
    ev.file.save(name, ContentFile(small_pdf()), save=False)
    ev.save()
    return ev


def typed(value) -> str:
    """A number as a user in Colombia types it: decimal comma, no thousands separator."""
    return str(value).replace(".", ",")


def edit_data(rep, **overrides) -> dict:
    """POST data of the report form with the report's current content, then `overrides`."""
    data = {
        "version": rep.version, "committed": typed(rep.committed), "obligated": typed(rep.obligated),
        "paid": typed(rep.paid), "achievements": rep.achievements, "difficulties": rep.difficulties,
        "improvement_actions": rep.improvement_actions,
    }
    for p in ProductProgress.objects.filter(report=rep):
        data[f"qty_{p.product_id}"] = typed(p.quantity)
    for d in TerritorialDistribution.objects.filter(report=rep):
        data[f"terr_committed_{d.territory_id}"] = typed(d.committed)
        data[f"terr_beneficiaries_{d.territory_id}"] = str(d.beneficiaries)
    data.update({k: v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def allocate(project, amount: str = "10000000", year: int = YEAR, source: str = "Recursos propios"):
    from budget.models import FiscalYear, ProjectAllocation

    fy = FiscalYear.objects.get_or_create(year=year, defaults={"global_ceiling": Decimal("1e12")})[0]
    return ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=factories.funding_source(source), amount=Decimal(amount))


def split(rep, amounts: dict[str, tuple[str, str, str]]) -> None:
    """SourceExecution rows of a report: {source name: (committed, obligated, paid)}."""
    from monitoring.models import SourceExecution

    for name, (c, o, p) in amounts.items():
        SourceExecution.objects.create(
            report=rep, source=factories.funding_source(name), committed=Decimal(c), obligated=Decimal(o), paid=Decimal(p)
        )


def many_projects(n: int, *, lead, start: int = 0, the_program=None):
    """n projects in execution with an allocation, two approved months and a pending third one."""
    the_program = the_program or factories.program()
    for k in range(start, start + n):
        project = factories.project(lead=lead, state="in_execution", the_program=the_program, bank_code=f"77{k:05d}",
                                    name=f"Proyecto masivo {k}")
        factories.product(project, code="P1", goals={YEAR: "20"})
        allocate(project)
        for month in (1, 2):
            report(project, month=month, state="approved", quantity="3", evidence=False,
                   territories={(k % 16) + 1: "1000000"})
        report(project, month=3, state="pending", evidence=False)

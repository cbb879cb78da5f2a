"""Builders for step 4.7 tests: requests, and a small execution data set (year 2025)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

from accountability import services
from accountability.models import AccountabilityReport, InformationRequest
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning.models import Territory
from monitoring import totals
from monitoring.models import ProductProgress, ProgressReport, TerritorialDistribution
from tests import factories

_seq = count(1)

# A minimal valid PDF, enough for the upload check (content sniffing).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def info_request(*, received_on: dt.date, kind: str = "general", **extra) -> InformationRequest:
    data = dict(
        filing_number=f"RAD-{next(_seq):05d}", requester_name="María Pérez Gómez", requester_kind="citizen",
        requester_email="maria.perez@example.com", channel="email", received_on=received_on, kind=kind,
        subject="Estado de mi postulación al subsidio de vivienda",
        due_date=services.legal_due_date(received_on=received_on, kind=kind),
    )
    data.update(extra)
    return InformationRequest.objects.create(**data)


def report_row(project, month, *, state="approved", c=0, o=0, p=0, products=None, territories=None, year=2025):
    rep = ProgressReport.objects.create(
        project=project, year=year, month=month, state=state, committed=Decimal(c), obligated=Decimal(o), paid=Decimal(p)
    )
    for product, qty in (products or {}).items():
        ProductProgress.objects.create(report=rep, product=product, quantity=Decimal(qty))
    for code, (committed, beneficiaries) in (territories or {}).items():
        TerritorialDistribution.objects.create(
            report=rep, territory=Territory.objects.get(code=code), committed=Decimal(committed), beneficiaries=beneficiaries
        )
    totals.refresh_totals(report_ids=[rep.pk])  # rows written directly, as seed_scale does
    return rep


def execution(*, lead) -> SimpleNamespace:
    """Two programs, two projects of 2025; approved reports up to June, one submitted (not counted).

    At cutoff 30/06/2025: definitive 1.500.000.000, committed 550.000.000, obligated 300.000.000,
    paid 150.000.000; territories: comuna 3 = 200 M (40), comuna 8 = 250 M (25), city = 100 M.
    """
    viv = factories.program("4.2.9", "Vivienda nueva")
    mej = factories.program("4.2.10", "Mejoramiento de vivienda")
    i1 = factories.indicator("4.2.9.1", the_program=viv, name="Viviendas nuevas entregadas", targets={2025: "40"})
    i2 = factories.indicator("4.2.10.1", the_program=mej, name="Viviendas mejoradas", targets={2025: "100"})
    a = factories.project(lead=lead, the_program=viv, state="in_execution", bank_code="2025001", name="Vivienda nueva Pajarito")
    b = factories.project(lead=lead, the_program=mej, state="in_execution", bank_code="2025002", name="Mejoramiento Comuna 8",
                          funding_kind="participatory", territory_code=8)
    p1 = factories.product(a, code="P1", the_indicator=i1, goals={2025: "40"})
    p2 = factories.product(b, code="P1", the_indicator=i2, goals={2025: "100"})
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("5000000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=a, source=factories.funding_source("Recursos propios"), amount=Decimal("1000000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=b, source=factories.funding_source("Presupuesto participativo"), amount=Decimal("500000000"))
    report_row(a, 1, c=300000000, o=200000000, p=100000000, products={p1: "10"},
               territories={3: ("200000000", 40), 0: ("100000000", 0)})
    report_row(a, 2, state="submitted", c=999999, products={p1: "30"}, territories={3: ("999999", 9)})
    report_row(b, 3, c=250000000, o=100000000, p=50000000, products={p2: "50"}, territories={8: ("250000000", 25)})
    return SimpleNamespace(a=a, b=b, p1=p1, p2=p2, fy=fy, viv=viv, mej=mej)


def report(*, by, year=2025, period_end=dt.date(2025, 6, 30), title="Rendición de cuentas 2025") -> AccountabilityReport:
    return services.report_create(by=by, year=year, title=title, period_end=period_end)


def fill_peticion_form(page) -> None:
    """The request form, in a browser, as the planner fills it for a derecho de petición
    received on Friday 27/03/2026 (before Easter), assigned to the planner persona."""
    page.get_by_label("Radicado").fill("RAD-2026-0042")
    page.get_by_label("Fecha de recibido").fill("2026-03-27")
    page.get_by_label("Tipo de solicitud").select_option(label="Petición general")
    page.get_by_label("Canal").select_option(label="Correo electrónico")
    page.get_by_label("Solicitante", exact=True).fill("María Pérez Gómez")
    page.get_by_label("Tipo de solicitante").select_option(label="Ciudadano")
    page.get_by_label("Asunto").fill("Estado de mi postulación al subsidio")
    page.get_by_label("Asignada a").select_option(label="Paula Planeación")


def bogota(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Bogotá time (UTC-5, no daylight saving)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def hearing(**extra):
    """A public hearing on 15/10/2026 at 15:00 (Bogotá); questions from 15/09 to 10/10/2026 18:00."""
    from accountability.models import PublicHearing

    data = dict(
        title="Audiencia de rendición de cuentas 2026", starts_at=bogota(2026, 10, 15, 15), place="Teatro Lido, Medellín",
        questions_open_at=bogota(2026, 9, 15), questions_close_at=bogota(2026, 10, 10, 18),
    )
    data.update(extra)
    return PublicHearing.objects.create(**data)

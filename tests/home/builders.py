"""The work waiting on the home page, `n` of each kind (two sizes for the query counts)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accountability.models import AccountabilityReport, InformationRequest
from action_plan.models import ActionPlan
from budget.models import FiscalYear, TargetReprogramming
from monitoring.models import ProgressReport
from projects.models import Project
from tests import factories
from tests.deadlines.builders import instance

TODAY = dt.date(2025, 4, 3)


def page_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, key: str) -> str:
    """The text of one queue card of the home page."""
    marker = f'data-testid="queue-{key}"'
    assert marker in html, key
    return html.split(marker)[1].split("</section>")[0]


def lead_projects(lead, n: int, *, state="registered", name="Proyecto de Luis") -> list[Project]:
    return [factories.funded(factories.project(lead=lead, state=state, name=f"{name} {i}"), 2025) for i in range(n)]


def request_due(due: dt.date, subject: str, **extra) -> InformationRequest:
    return InformationRequest.objects.create(
        filing_number=f"RAD-{subject[:12]}-{due:%m%d}-{InformationRequest.objects.count()}", requester_name="María Pérez",
        requester_kind="citizen", channel="email", received_on=due - dt.timedelta(days=15), kind="general",
        subject=subject, due_date=due, **extra,
    )


def planner_work(n: int, *, lead, lead2) -> None:
    """n reports sent for review (plus one approved), n projects in review and n approved to
    register, n requests overdue, n due this week, n later (plus one answered), a draft report,
    a draft action plan, and n ANS clocks overdue, n at risk and one on time."""
    for i, project in enumerate(lead_projects(lead2, n, name="Proyecto de Lina")):
        ProgressReport.objects.create(project=project, year=2025, month=3, state="submitted")
        if i == 0:
            ProgressReport.objects.create(project=project, year=2025, month=2, state="approved")
    for i in range(n):
        factories.project(lead=lead, state="in_review", name=f"En revisión {i}")
        factories.project(lead=lead, state="approved", name=f"Aprobado {i}")
        request_due(TODAY - dt.timedelta(days=1 + i), f"Vencida {i}")
        request_due(TODAY + dt.timedelta(days=1 + i % 3), f"Esta semana {i}")
        request_due(TODAY + dt.timedelta(days=20 + i), f"Después {i}")
        late, close = (factories.project(lead=lead, name=f"Con plazo {i}{x}") for x in "ab")
        instance(late, step="project", start=TODAY - dt.timedelta(days=30), due=TODAY - dt.timedelta(days=1 + i))
        instance(close, step="project", start=TODAY - dt.timedelta(days=9), due=TODAY + dt.timedelta(days=1))
    instance(factories.project(lead=lead), step="project", start=TODAY, due=TODAY + dt.timedelta(days=30))
    request_due(TODAY - dt.timedelta(days=30), "Ya respondida", state="answered", answered_on=TODAY - dt.timedelta(days=31))
    AccountabilityReport.objects.create(year=2024, period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
                                        title="Rendición de cuentas 2024")
    ActionPlan.objects.get_or_create(fiscal_year=FiscalYear.objects.get_or_create(year=2025, defaults={"global_ceiling": 1})[0])


def director_work(n: int, *, lead, planner) -> None:
    """n registered projects awaiting viability, n goal reprogrammings pending (plus one
    approved), an accountability report awaiting approval and another in draft, a draft plan."""
    projects = [factories.project(lead=lead, state="registered", name=f"Inscrito {i}") for i in range(n)]
    for i, project in enumerate(projects):
        product = factories.product(project, code=f"P{i}")
        TargetReprogramming.objects.create(product=product, year=2025, effective_date=dt.date(2025, 3, 1 + i % 28),
                                           new_goal=Decimal(5), requested_by=planner)
    TargetReprogramming.objects.create(product=product, year=2025, effective_date=dt.date(2025, 2, 1), new_goal=1,
                                       state="approved")
    AccountabilityReport.objects.update_or_create(
        year=2024, period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
        defaults={"title": "Rendición de cuentas 2024", "state": "awaiting"},
    )
    AccountabilityReport.objects.create(year=2025, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31),
                                        title="Primer trimestre 2025")
    ActionPlan.objects.get_or_create(fiscal_year=FiscalYear.objects.get_or_create(year=2025, defaults={"global_ceiling": 1})[0])

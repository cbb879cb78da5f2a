"""The budget's sections of other pages (registered in BudgetConfig.ready through
isvimed_planning.panels): on the project page the project's budget by funding source for each
year it has money; on the home page the Director's goal reprogrammings to decide and Finance's
open years with ceiling left to allocate."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.formatting import format_cop
from isvimed_planning.panels import QueueItem, QueueRow, queue_card

from . import money, selectors
from .models import FiscalYear, FiscalYearState, ProjectAllocation, ReprogrammingState, TargetReprogramming


@dataclass
class YearBudget:
    year: int
    at_date: object
    summary: selectors.SourceSummary


def project_budget(request, project) -> dict | None:
    """The panel's context: per year with allocations (oldest first), the project's initial
    budget, modifications and definitive budget by source, read at selectors.reference_date.
    None for a user who may not see the project's money, or a project without any. Three queries."""
    if not roles.may(request.user, "budget.read_project_budget", project):
        return None
    years = sorted(set(ProjectAllocation.objects.filter(project=project).values_list("fiscal_year__year", flat=True)))
    if not years:
        return None
    at_dates = {year: selectors.reference_date(year) for year in years}
    by_year = money.source_budgets_by_year([project.pk], at_dates)
    return {
        "years": [
            YearBudget(year, at_dates[year], selectors.source_summary([by_year.get(year, {}).get(project.pk, {})]))
            for year in years
        ],
    }


# --- The home page's cards (page "home") ---------------------------------------------------------

NEXT_REPROGRAMMINGS = 5


def home_reprogrammings_card(request, user) -> dict | None:
    """The Director: the goal reprogrammings awaiting his decision, the first ones listed (two
    queries whatever their number)."""
    if not roles.may(user, "budget.decide_reprogramming"):
        return None
    pending = TargetReprogramming.objects.filter(state=ReprogrammingState.PENDING)
    count = pending.count()
    first = pending.select_related("product__project").order_by("effective_date", "id")[:NEXT_REPROGRAMMINGS] if count else []
    rows = [
        QueueRow(label=f"{r.product.code} {r.product.name} ({r.year})", url=reverse("budget:reprogramming", args=[r.pk]),
                 note=r.product.project.name)
        for r in first
    ]
    item = QueueItem(count, "reprogramación de metas por aprobar", "reprogramaciones de metas por aprobar",
                     f"{reverse('budget:index')}#pending-title", "No tiene reprogramaciones de metas por aprobar.")
    return queue_card(key="reprogrammings", title="Reprogramaciones de metas", items=[item], rows=rows)


def home_ceilings_card(request, user) -> dict | None:
    """Finance: the open budget years whose global ceiling is not yet fully allocated to projects,
    each with what is left to allocate (one query)."""
    if not roles.has_role(user, roles.FINANCIERA):
        return None
    years = list(
        FiscalYear.objects.filter(state=FiscalYearState.OPEN, allocated_total__lt=F("global_ceiling")).order_by("year")
    )
    rows = [
        QueueRow(label=f"Vigencia {fy.year}", url=reverse("budget:year", args=[fy.year]),
                 note=f"{format_cop(fy.global_ceiling - fy.allocated_total)} del tope sin asignar")
        for fy in years
    ]
    item = QueueItem(len(years), "vigencia abierta con tope sin asignar", "vigencias abiertas con tope sin asignar",
                     reverse("budget:index"), "No tiene vigencias abiertas con tope sin asignar.")
    return queue_card(key="ceilings", title="Techos presupuestales", items=[item], rows=rows)

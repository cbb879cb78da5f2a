"""Which projects must report a month: the one definition behind the "sin reporte" list, the
lead's "Reportar" offers, opening a report, the reminders, the missing-report notice and the
ANS clock of the follow-up cycle.

A project owes the report of a month when, at once:
- it is in the project bank and not closed (registered, viable or in execution): a project in
  formulation has no money to follow and a closed one has stopped;
- it has started by the end of that month (its start date): a project that starts in January
  is not asked for November's report;
- it has a budget for that year (an allocation or a modification of that fiscal year): without
  money there is no physical or financial execution to report.
"""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from budget.models import BudgetModification, ProjectAllocation
from isvimed_planning.calendar import month_end, month_name
from projects.models import Project, ProjectState

REPORTING_PROJECT_STATES = (ProjectState.REGISTERED, ProjectState.VIABLE, ProjectState.IN_EXECUTION)


def _has_budget(year: int):
    return Exists(ProjectAllocation.objects.filter(project=OuterRef("pk"), fiscal_year__year=year)) | Exists(
        BudgetModification.objects.filter(project=OuterRef("pk"), fiscal_year__year=year)
    )


def owes_report(*, year: int, month: int) -> Q:
    """The condition on Project of owing the report of (year, month)."""
    return Q(state__in=REPORTING_PROJECT_STATES, start_date__lte=month_end(year, month)) & Q(_has_budget(year))


def projects_owing(*, year: int, month: int, among: QuerySet[Project] | None = None) -> QuerySet[Project]:
    return (Project.objects.all() if among is None else among).filter(owes_report(year=year, month=month))


def why_not_owed(project: Project, *, year: int, month: int) -> str | None:
    """None when the project owes the month's report; otherwise why not, in Spanish, for the lead.

    Reads the same condition as the lists (a query on this project), so the two cannot disagree."""
    if projects_owing(year=year, month=month, among=Project.objects.filter(pk=project.pk)).exists():
        return None
    label = f"{month_name(month)} de {year}"
    if project.state not in REPORTING_PROJECT_STATES:
        return (
            f"El proyecto está «{project.get_state_display().lower()}»: solo se reportan proyectos inscritos, "
            "viables o en ejecución."
        )
    if project.start_date > month_end(year, month):
        return f"El proyecto inicia el {project.start_date:%d/%m/%Y}: no se reporta {label}."
    return f"El proyecto no tiene presupuesto para la vigencia {year}: no se reporta {label}."

"""What monitoring adds to other apps' pages (isvimed_planning.sections): the project page's
programmed vs. executed, at the follow-up's current cutoff."""
from __future__ import annotations

from isvimed_planning import charts, roles
from isvimed_planning.calendar import MONTH_NAMES, month_end
from isvimed_planning.sections import Section

from . import figures, selectors


def money_curve(programmed: list, committed: list) -> charts.Curve:
    """The chart of money programmed in the action plan against money committed in approved
    reports, running totals by month (the dashboard's and the project page's); an empty
    programmed list draws no programmed curve."""
    return charts.curve(
        [name[:3].capitalize() for name in MONTH_NAMES],
        [("Programado (plan de acción)", "programmed", programmed or [None] * 12),
         ("Comprometido reportado", "reported", committed)],
    )


def project_programming(user, project) -> Section | None:
    """The project's actual against programmed to date (financial: committed vs. programmed;
    physical: % avance vs. % esperado), its products, the second semáforo and the curve of
    programmed vs. committed money by month. Nothing for a project without budget that year or
    for a role that does not read the follow-up. A constant number of queries."""
    if not roles.may(user, "monitoring.read_monitoring"):
        return None
    year, month = selectors.current_cycle()
    cutoff = month_end(year, month)
    found = figures.project_figures(year=year, cutoff=cutoff, project_ids=[project.pk])
    if not found:
        return None
    mine = found[0]
    programmed = figures.programming.programmed_money_by_month([project.pk], year=year).get(project.pk)
    committed = figures.monthly_committed([project.pk], year=year, month=month).get(
        project.pk, [figures.ZERO] * month + [None] * (12 - month)
    )
    chart = money_curve(figures.running(programmed) if programmed else [], figures.running(committed))
    return Section("monitoring/_project_programming.html", {
        "year": year, "cutoff": cutoff, "figures": figures.project_programming(mine), "products": mine.products,
        "curve": chart, "has_plan": mine.programmed_money is not None,
    })

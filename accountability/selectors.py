"""Reads of step 4.7: what each user may see, the request lists, and the figures of a report.

`report_figures` is the ONE place where accountability takes execution figures: it calls
monitoring.figures (project_figures / program_figures / territory_figures for the year at the
cutoff) and only reshapes the result, so a number shown to the Concejo is the number of the
matrices. Totals are sums of those rows, computed here once and written into the report data,
so the page, the PDF, the CSV and the JSON all show the same totals.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from isvimed_planning import roles

from .models import (
    AccountabilityReport,
    CouncilSession,
    InformationRequest,
    ReportState,
    RequestState,
)

PUBLIC_STATES = (ReportState.APPROVED, ReportState.PUBLISHED)


# --- Visible sets -------------------------------------------------------------------------


def visible_requests(user) -> QuerySet[InformationRequest]:
    if not roles.may(user, "accountability.read_accountability"):
        return InformationRequest.objects.none()
    return InformationRequest.objects.select_related("assignee")


def visible_sessions(user) -> QuerySet[CouncilSession]:
    if not roles.may(user, "accountability.read_accountability"):
        return CouncilSession.objects.none()
    return CouncilSession.objects.all()


def visible_reports(user) -> QuerySet[AccountabilityReport]:
    if not roles.may(user, "accountability.read_accountability"):
        return AccountabilityReport.objects.none()
    return AccountabilityReport.objects.select_related("approved_by", "created_by")


def public_reports() -> QuerySet[AccountabilityReport]:
    """What anyone, without logging in, may see: approved and published reports only."""
    return AccountabilityReport.objects.filter(state__in=PUBLIC_STATES)


# --- Request lists ------------------------------------------------------------------------


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def _effective_due_q(op: str, value) -> Q:
    """Filter on the effective due date (the extended one when there is an extension)."""
    return Q(extended_due_date__isnull=True, **{f"due_date__{op}": value}) | Q(
        extended_due_date__isnull=False, **{f"extended_due_date__{op}": value}
    )


def pending(qs: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    return qs.exclude(state=RequestState.ANSWERED)


def due_this_week(qs: QuerySet[InformationRequest], today: dt.date | None = None) -> QuerySet[InformationRequest]:
    """Unanswered requests whose term ends from today to Sunday of this week."""
    today = today or timezone.localdate()
    _, sunday = week_bounds(today)
    return pending(qs).filter(_effective_due_q("gte", today) & _effective_due_q("lte", sunday))


def overdue(qs: QuerySet[InformationRequest], today: dt.date | None = None) -> QuerySet[InformationRequest]:
    """Unanswered requests whose term has ended."""
    today = today or timezone.localdate()
    return pending(qs).filter(_effective_due_q("lt", today))


def request_list(user, params=None, *, today: dt.date):
    """The requests the user sees, filtered by the list's filter bar (`params`: the query string).
    Returns (requests, filter set)."""
    from .filters import RequestFilter

    filterset = RequestFilter(params or None, queryset=visible_requests(user), today=today)
    return filterset.qs, filterset


def report_list(user, params=None):
    """The accountability reports the user sees, filtered by the list's bar (`params`: the query
    string). Returns (reports, filter set)."""
    from .filters import ReportFilter

    filterset = ReportFilter(params or None, queryset=visible_reports(user))
    return filterset.qs, filterset


def request_status(req: InformationRequest, today: dt.date | None = None) -> str:
    """on_time / due_week / overdue / answered / answered_late (for the tag shown in lists)."""
    today = today or timezone.localdate()
    due = req.effective_due_date
    if req.state == RequestState.ANSWERED:
        return "answered_late" if req.answered_on and req.answered_on > due else "answered"
    if due < today:
        return "overdue"
    if due <= week_bounds(today)[1]:
        return "due_week"
    return "on_time"


STATUS_LABELS = {
    "on_time": "En término",
    "due_week": "Vence esta semana",
    "overdue": "Vencida",
    "answered": "Respondida a tiempo",
    "answered_late": "Respondida fuera de término",
}


def session_list(user) -> QuerySet[CouncilSession]:
    return visible_sessions(user).annotate(
        n_commitments=Count("commitments"),
        n_pending=Count("commitments", filter=Q(commitments__delivered_on__isnull=True)),
    ).order_by("-date", "-id")  # Meta.ordering does not apply to an aggregated query


# --- The report's figures: the one adapter over monitoring.figures -----------------------

RATIO_PLACES = Decimal("0.000001")
MONEY_PLACES = Decimal("0.01")

PROGRAM_FIELDS = ["line_code", "line_name", "code", "name", "projects", "definitive", "committed", "paid",
                  "execution_ratio", "physical_fulfilment", "efficiency"]
PROJECT_FIELDS = ["program_code", "program_name", "bpin", "name", "org_unit", "funding_kind", "initial",
                  "modifications", "definitive", "committed", "obligated", "paid", "execution_ratio",
                  "payments_ratio", "physical_ratio", "rating"]
TERRITORY_FIELDS = ["code", "name", "kind", "projects", "committed", "beneficiaries", "share"]
MONEY_KEYS = {"definitive", "committed", "obligated", "paid", "initial", "modifications"}
RATIO_KEYS = {"execution_ratio", "physical_fulfilment", "efficiency", "payments_ratio", "physical_ratio", "share"}
INT_KEYS = {"projects", "beneficiaries", "code"}


def _store(value, key: str):
    """A JSON-safe value: money and ratios as decimal strings (never floats)."""
    if value is None:
        return None
    if key in MONEY_KEYS:
        return str(Decimal(value).quantize(MONEY_PLACES))
    if key in RATIO_KEYS:
        return str(Decimal(value).quantize(RATIO_PLACES))
    if key in INT_KEYS and key != "code":
        return int(value)
    return value


def _row(obj, fields: list[str]) -> dict[str, Any]:
    return {key: _store(getattr(obj, key), key) for key in fields}


def _ratio(numerator: Decimal, denominator: Decimal) -> str | None:
    from monitoring.figures import ratio

    value = ratio(numerator, denominator)
    return None if value is None else str(value.quantize(RATIO_PLACES))


def report_figures(*, year: int, cutoff: dt.date) -> dict[str, Any]:
    """Execution of programs, projects and territories of `year` at `cutoff`, from monitoring.figures,
    as JSON-safe data (no personal data: the project lead is left out)."""
    from monitoring import figures

    projects = figures.project_figures(year=year, cutoff=cutoff, with_products=False)
    indicators = figures.indicator_figures(year=year, cutoff=cutoff)
    programs = figures.program_figures(year=year, cutoff=cutoff, indicators=indicators, all_projects=projects)
    territorial = figures.territory_figures(year=year, cutoff=cutoff)

    def total(rows, key):
        return sum((getattr(r, key) for r in rows), Decimal(0))

    program_totals = {k: total(programs, k) for k in ("definitive", "committed", "paid")}
    project_totals = {k: total(projects, k) for k in ("initial", "modifications", "definitive", "committed", "obligated", "paid")}
    territory_committed = total(territorial.territories, "committed")
    return {
        "year": year,
        "cutoff": cutoff.isoformat(),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "programs": [_row(p, PROGRAM_FIELDS) for p in programs],
        "projects": [_row(p, PROJECT_FIELDS) for p in projects],
        "territories": [_row(t, TERRITORY_FIELDS) for t in territorial.territories],
        "totals": {
            "programs": {
                **{k: _store(v, k) for k, v in program_totals.items()},
                "projects": sum(p.projects for p in programs),
                "execution_ratio": _ratio(program_totals["committed"], program_totals["definitive"]),
            },
            "projects": {
                **{k: _store(v, k) for k, v in project_totals.items()},
                "execution_ratio": _ratio(project_totals["committed"], project_totals["definitive"]),
                "payments_ratio": _ratio(project_totals["paid"], project_totals["definitive"]),
            },
            "territories": {
                "committed": _store(territory_committed, "committed"),
                "beneficiaries": sum(t.beneficiaries for t in territorial.territories),
                "projects": len({p.project_id for p in territorial.pairs}),
            },
        },
    }


def _load_value(key: str, value):
    if value is None:
        return None
    if key in MONEY_KEYS or key in RATIO_KEYS:
        return Decimal(value)
    return value


def _load_rows(rows: list[dict]) -> list[dict]:
    return [{k: _load_value(k, v) for k, v in row.items()} for row in rows]


def load_figures(data: dict[str, Any]) -> dict[str, Any]:
    """Stored (JSON) figures back to Decimals, for templates."""
    return {
        **data,
        "cutoff_date": dt.date.fromisoformat(data["cutoff"]),
        "programs": _load_rows(data["programs"]),
        "projects": _load_rows(data["projects"]),
        "territories": _load_rows(data["territories"]),
        "totals": {name: {k: _load_value(k, v) for k, v in row.items()} for name, row in data["totals"].items()},
    }


def report_data(report: AccountabilityReport) -> dict[str, Any]:
    """The figures of a report, as JSON-safe data: frozen at approval, or live for a draft
    (the period end is the cutoff). The page, the PDF, the CSV and the JSON all use this."""
    if report.figures:
        return report.figures
    return report_figures(year=report.year, cutoff=report.period_end)


def answer_figures_text(*, year: int, cutoff: dt.date) -> str:
    """A paragraph with the execution figures of `year` at `cutoff`, for an answer to a request
    or to the Concejo: the same numbers as the reports and the matrices (from report_figures)."""
    from isvimed_planning.formatting import format_cop, format_date, format_percent

    data = load_figures(report_figures(year=year, cutoff=cutoff))
    totals = data["totals"]["projects"]
    lines = [
        f"Ejecución de la vigencia {year} con corte al {format_date(cutoff)} (seguimiento mensual aprobado): "
        f"presupuesto definitivo {format_cop(totals['definitive'])}, comprometido {format_cop(totals['committed'])} "
        f"({format_percent(totals['execution_ratio']) or 'sin dato'}), pagado {format_cop(totals['paid'])}.",
    ]
    for p in data["programs"]:
        if not p["projects"]:
            continue
        lines.append(
            f"- Programa {p['code']} {p['name']}: comprometido {format_cop(p['committed'])} de "
            f"{format_cop(p['definitive'])} ({format_percent(p['execution_ratio']) or 'sin dato'}); "
            f"cumplimiento físico {format_percent(p['physical_fulfilment']) or 'sin dato'}."
        )
    placed = [t for t in data["territories"] if t["committed"]]
    if placed:
        lines.append("Inversión comprometida por comuna y corregimiento: " + "; ".join(
            f"{t['name']} {format_cop(t['committed'])}" for t in placed) + ".")
    return "\n".join(lines)


# --- Petition statistics (open data) ------------------------------------------------------


def request_statistics(year: int | None = None) -> list[dict[str, Any]]:
    """How many information requests were received per month and are in each state, for the
    periodic petitions report (Ley 1712, Res. 1519 anexo 2): counts only, no requester, subject
    or filing number. Generic by state: a state added to RequestState appears with its label.
    Sorted by year, month and the state's order in the choices; one query."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    states = [value for value, _ in InformationRequest._meta.get_field("state").choices or []]
    labels = dict(InformationRequest._meta.get_field("state").choices or [])
    rows = InformationRequest.objects.annotate(
        year=ExtractYear("received_on"), month=ExtractMonth("received_on")
    )
    if year is not None:
        rows = rows.filter(year=year)
    counted = rows.values("year", "month", "state").annotate(count=Count("pk")).order_by()
    result = [
        {"year": r["year"], "month": r["month"], "state": r["state"], "state_label": labels.get(r["state"], r["state"]),
         "count": r["count"]}
        for r in counted
    ]
    order = {value: i for i, value in enumerate(states)}
    result.sort(key=lambda r: (r["year"], r["month"], order.get(r["state"], len(order)), r["state"]))
    return result

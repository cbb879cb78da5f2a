"""Reads of step 4.7: what each user may see, the request lists, and the figures of a report.

`report_figures` is the ONE place where accountability takes execution figures: it calls
monitoring.figures (project_figures / program_figures / territory_figures for the year at the
cutoff) and only reshapes the result, so a number shown to the Concejo is the number of the
matrices. Totals are sums of those rows, computed here once and written into the report data,
so the page, the PDF, the CSV and the JSON all show the same totals.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.calendar import month_end

from .models import (
    CLOSED_REQUEST_STATES,
    PUBLIC_QUESTION_STATES,
    AccountabilityReport,
    AnswerOutcome,
    CommitmentStatus,
    CouncilCommitment,
    CouncilSession,
    DenialGround,
    FollowedCommitment,
    HearingCommitment,
    HearingQuestion,
    InformationRequest,
    PublicHearing,
    ReportState,
    RequestKind,
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


def visible_hearings(user) -> QuerySet[PublicHearing]:
    if not roles.may(user, "accountability.read_accountability"):
        return PublicHearing.objects.none()
    return PublicHearing.objects.select_related("report")


def public_hearings() -> QuerySet[PublicHearing]:
    """Every convened hearing is public: its date, place and window are the invitation."""
    return PublicHearing.objects.all()


def public_questions(hearing: PublicHearing) -> QuerySet[HearingQuestion]:
    """Moderated and published questions only (with their answers); never the citizen's e-mail."""
    return hearing.questions.filter(state__in=PUBLIC_QUESTION_STATES).select_related("territory")


# --- Commitments in follow-up (the Concejo's and the public hearings', one list) ------------


def commitment_url(commitment: FollowedCommitment) -> str:
    from django.urls import reverse

    if isinstance(commitment, HearingCommitment):
        return reverse("accountability:hearing_detail", args=[commitment.hearing_id]) + "#compromisos"
    assert isinstance(commitment, CouncilCommitment)
    return reverse("accountability:session_detail", args=[commitment.session_id]) + "#compromisos"


def commitments_in_follow_up(user, params=None):
    """Every commitment the user may see, whatever its source, the ones to do first, by due date:
    the same status and delivery for both kinds (models.FollowedCommitment), filtered by the
    list's bar (`params`: the query string). Returns (commitments, filter set)."""
    from .filters import CommitmentFilter

    readable = roles.may(user, "accountability.read_accountability")
    council = CouncilCommitment.objects.select_related("responsible", "session")
    hearing = HearingCommitment.objects.select_related("responsible", "hearing")
    if not readable:
        council, hearing = council.none(), hearing.none()
    filterset = CommitmentFilter(params or None, queryset=council)
    rows: list[FollowedCommitment] = [*filterset.qs, *CommitmentFilter(params or None, queryset=hearing).qs]
    rows.sort(key=lambda c: (c.status == CommitmentStatus.DONE, c.due_date, c.source_label, c.pk))
    return rows, filterset


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
    """Requests the office still has to resolve: not answered, transferred or withdrawn (those
    waiting for the petitioner to complete them included)."""
    return qs.exclude(state__in=CLOSED_REQUEST_STATES)


def running(qs: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """Pending requests whose legal clock runs: not suspended waiting for the petitioner (art. 17)."""
    return pending(qs).exclude(state=RequestState.INCOMPLETE)


def due_this_week(qs: QuerySet[InformationRequest], today: dt.date | None = None) -> QuerySet[InformationRequest]:
    """Requests whose running term ends from today to Sunday of this week."""
    today = today or timezone.localdate()
    _, sunday = week_bounds(today)
    return running(qs).filter(_effective_due_q("gte", today) & _effective_due_q("lte", sunday))


def overdue(qs: QuerySet[InformationRequest], today: dt.date | None = None) -> QuerySet[InformationRequest]:
    """Requests whose running term has ended (a suspended or closed one is never overdue)."""
    today = today or timezone.localdate()
    return running(qs).filter(_effective_due_q("lt", today))


def open_counts(qs: QuerySet[InformationRequest], today: dt.date) -> dict[str, int]:
    """The dashboard's and the home card's counts, in one query: pending (not closed), overdue and
    due this week (running clocks only: a suspended one is neither)."""
    _, sunday = week_bounds(today)
    ticking = ~Q(state=RequestState.INCOMPLETE)
    return pending(qs).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=ticking & _effective_due_q("lt", today)),
        week=Count("pk", filter=ticking & _effective_due_q("gte", today) & _effective_due_q("lte", sunday)),
    )


def answered_late(req: InformationRequest) -> bool:
    """The one rule of "answered out of term": after the effective (extended) due date."""
    return bool(req.answered_on and req.answered_on > req.effective_due_date)


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
    """on_time / due_week / overdue / answered / answered_late / transferred / withdrawn /
    incomplete (for the tag shown in lists)."""
    today = today or timezone.localdate()
    due = req.effective_due_date
    if req.state == RequestState.ANSWERED:
        return "answered_late" if answered_late(req) else "answered"
    if req.state in (RequestState.TRANSFERRED, RequestState.WITHDRAWN, RequestState.INCOMPLETE):
        return str(req.state)
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
    "transferred": "Trasladada por competencia",
    "withdrawn": "Desistida",
    "incomplete": "Término suspendido",
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


# --- Petitions reports (Ley 1755 de 2015; Ley 1712 de 2014 art. 11 h, Decreto 103 de 2015 art. 52) ----

# The access-to-information report counts requests for information and documents; consultations
# (a concept asked of the entity) are petitions but not access to information.
ACCESS_KINDS = (RequestKind.GENERAL, RequestKind.DOCUMENTS)
PETITION_ROW_FIELDS = ["filing_number", "received_on", "kind", "state", "due_date", "answered_on",
                       "business_days", "on_time", "outcome", "denial_ground"]


def period_bounds(period: str) -> tuple[dt.date, dt.date, str] | None:
    """"2026-T3" (a quarter) or "2026" (a year) → (first day, last day, label); None if unreadable."""
    match = re.fullmatch(r"(\d{4})(?:-T([1-4]))?", period or "")
    if not match or not 2000 <= int(match[1]) <= 2100:
        return None
    year = int(match[1])
    if match[2] is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"Año {year}"
    q = int(match[2])
    return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), f"Trimestre {q} de {year}"


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def petitions_report(*, start: dt.date, end: dt.date, access_only: bool = False) -> dict[str, Any]:
    """The quarterly petitions report (every kind) or the access-to-information report
    (`access_only`: ACCESS_KINDS), of the requests RECEIVED in [start, end], in their state today.

    received, transferred, withdrawn, pending, answered on time and late (selectors.answered_late,
    the rule of the list's tags), average response time in business days (from receipt, or from the
    day the petitioner completed the petition when the term restarted, to the answer), denied in
    whole or in part with their grounds, and one row per request (no personal data). JSON-safe;
    the page, the PDF, the CSV and the JSON all show this. Two queries whatever the number of rows."""
    from isvimed_planning.calendar import business_days_counter

    qs = InformationRequest.objects.filter(received_on__range=(start, end)).order_by("received_on", "id")
    if access_only:
        qs = qs.filter(kind__in=ACCESS_KINDS)
    requests = list(qs)
    last = max([end, *(r.answered_on for r in requests if r.answered_on)])
    days = business_days_counter(start, last)
    rows, times = [], []
    counts = {"received": len(requests), "transferred": 0, "withdrawn": 0, "pending": 0, "answered": 0,
              "on_time": 0, "late": 0, "denied": 0, "partially_denied": 0}
    grounds: dict[str, int] = {}
    for req in requests:
        elapsed = None
        if req.state == RequestState.TRANSFERRED:
            counts["transferred"] += 1
        elif req.state == RequestState.WITHDRAWN:
            counts["withdrawn"] += 1
        elif req.state == RequestState.ANSWERED:
            counts["answered"] += 1
            counts["late" if answered_late(req) else "on_time"] += 1
            elapsed = days(req.completed_on or req.received_on, req.answered_on)
            times.append(elapsed)
            if req.outcome == AnswerOutcome.DENIED:
                counts["denied"] += 1
            elif req.outcome == AnswerOutcome.PARTIAL:
                counts["partially_denied"] += 1
            if req.denial_ground:
                grounds[req.denial_ground] = grounds.get(req.denial_ground, 0) + 1
        else:
            counts["pending"] += 1
        rows.append({
            "filing_number": req.filing_number, "received_on": req.received_on.isoformat(), "kind": req.kind,
            "state": req.state, "due_date": req.effective_due_date.isoformat(),
            "answered_on": req.answered_on.isoformat() if req.answered_on else None, "business_days": elapsed,
            "on_time": (not answered_late(req)) if req.state == RequestState.ANSWERED else None,
            "outcome": req.outcome or None, "denial_ground": req.denial_ground or None,
        })
    average = (Decimal(sum(times)) / len(times)).quantize(Decimal("0.1"), ROUND_HALF_UP) if times else None
    labels = dict(DenialGround.choices)
    return {
        "start": start.isoformat(), "end": end.isoformat(), "access_only": access_only,
        **counts,
        "average_business_days": str(average) if average is not None else None,
        "grounds": [{"ground": g, "label": labels[g], "count": n} for g, n in sorted(grounds.items(), key=lambda i: (-i[1], i[0]))],
        "by_kind": {kind: sum(1 for r in requests if r.kind == kind) for kind, _ in RequestKind.choices
                    if not access_only or kind in ACCESS_KINDS},
        "requests": rows,
    }
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

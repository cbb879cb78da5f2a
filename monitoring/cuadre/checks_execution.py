"""Cuadre checks on what the monthly reports say against the money and the territory
(monitoring.cuadre.rules declares them). Each reads in a constant number of queries.

What the issue left open, decided here once for the five checks:

- The months counted are January to the cutoff's month of the year (Context.month), as in the
  matrices.
- CU01, CU02 and CU03 read the reports in a reported state (monitoring.workflow.REPORTED_STATES:
  sent or approved), not only the approved ones the matrices count: a sent report is what the
  matrices will count once approved, and finding its inconsistency before the approval lets
  Planeación return it instead of approving it. A pending or returned report is the lead's draft
  and is not judged until it is sent.
- CU04 compares with the committed money by source that the Plan de Acción shows
  (monitoring.sources.source_rows: approved reports, the budget at the cutoff), so the error is the
  one the Alcaldía would read in the matrix.
- CU03 and CU04 give one finding per project (object_kind "project") that lists every territory
  or source at fault: both rules are errors, never justified, so a key per territory or source
  would buy nothing, and a finding about a project is shown on that project.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.urls import reverse

from isvimed_planning.calendar import month_name
from isvimed_planning.codes import natural_key
from isvimed_planning.formatting import format_cop, format_date, format_number
from projects.models import FundingKind, Project, ProjectTerritory

from .. import reporting_duty, sources
from ..models import ProductProgress, ProgressReport, ReportingPeriod, ReportState, TerritorialDistribution
from ..workflow import REPORTED_STATES
from .base import Context, Finding, Rule

# What every finding about a project carries, read with the rows (values() names, prefix "project__").
PROJECT_FIELDS = ("bank_code", "name", "program_id", "org_unit_id", "lead_id")
STATE_LABELS = {state.value: state.label.lower() for state in ReportState}


# --- Naming ------------------------------------------------------------------------------------


def project_subject(bank_code: str | None, name: str) -> str:
    """How a project is named on the cuadre's pages: "Proyecto 2024050010001 — Vivienda nueva"
    (a project not yet in the bank, without a BPIN: "Proyecto Vivienda nueva")."""
    return f"Proyecto {bank_code} — {name}" if bank_code else f"Proyecto {name}"


def report_subject(bank_code: str | None, name: str, *, year: int, month: int) -> str:
    """"Proyecto 2024050010001 — Vivienda nueva (reporte de marzo de 2026)"."""
    return f"{project_subject(bank_code, name)} (reporte de {month_name(month)} de {year})"


def spanish_list(items: Iterable[str]) -> str:
    """"marzo", "marzo y abril", "enero, marzo y abril"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} y {items[-1]}"


def _months(months: Iterable[int]) -> str:
    return spanish_list(month_name(m) for m in sorted(set(months)))


def _quantity(value: Decimal) -> str:
    return format_number(value, 4, trim=True)


def _values(prefix: str = "project__") -> tuple[str, ...]:
    return tuple(prefix + name for name in PROJECT_FIELDS)


def _rule(code: str) -> Rule:
    """The rule as the table declares it (its severity is data there); read when a check runs,
    since the table imports the checks."""
    from .rules import BY_CODE

    return BY_CODE[code]


def _finding(
    rule: Rule, row: dict, *, prefix: str, project_id: int, message: str, object_kind: str, object_id: int, subject: str,
    url: str, numbers: dict,
) -> Finding:
    return Finding(
        rule=rule.code, severity=rule.severity, message=message, object_kind=object_kind, object_id=object_id,
        subject=subject, url=url, project_id=project_id, program_id=row[f"{prefix}program_id"],
        org_unit_id=row[f"{prefix}org_unit_id"], lead_id=row[f"{prefix}lead_id"], numbers=numbers,
    )


def _reported(ctx: Context) -> QuerySet[ProgressReport]:
    """The year's reports of the counted months that were sent (approved or waiting for review)."""
    return ProgressReport.objects.filter(
        year=ctx.year, month__gte=1, month__lte=ctx.month, state__in=REPORTED_STATES
    )


# --- CU01 --------------------------------------------------------------------------------------


def progress_without_money(ctx: Context) -> Iterator[Finding]:
    """A sent report with physical progress in some product (quantity > 0) and nothing committed
    in the month (committed = 0). One finding per report. One query."""
    rows = (
        ProductProgress.objects.filter(report__in=_reported(ctx).filter(committed=0), quantity__gt=0)
        .values(
            "report_id", "report__month", "report__committed", "report__project_id",
            *_values("report__project__"), "product__code", "product__name", "product__unit", "quantity",
        )
        .order_by("report_id", "product__code")
    )
    by_report: dict[int, list[dict]] = {}
    for row in rows:
        by_report.setdefault(row["report_id"], []).append(row)
    for report_id, products in by_report.items():
        first = products[0]
        month = first["report__month"]
        progress = "; ".join(
            f"{p['product__code']} {p['product__name']}: {_quantity(p['quantity'])} {p['product__unit']}".rstrip()
            for p in products
        )
        yield _finding(
            _rule("CU01"), first, prefix="report__project__", project_id=first["report__project_id"],
            message=(
                f"El reporte de {month_name(month)} de {ctx.year} tiene avance físico ({progress}) y no "
                f"compromete recursos en el mes ({format_cop(first['report__committed'])})."
            ),
            object_kind="report", object_id=report_id,
            subject=report_subject(first["report__project__bank_code"], first["report__project__name"],
                                   year=ctx.year, month=month),
            url=reverse("monitoring:report_detail", args=[report_id]),
            numbers={"month": month, "committed": first["report__committed"],
                     **{f"progress {p['product__code']}": p["quantity"] for p in products}},
        )


# --- CU02 --------------------------------------------------------------------------------------


def money_without_progress(ctx: Context) -> Iterator[Finding]:
    """A sent report with money committed in the month, no physical progress in any product (no
    quantity above 0) and no difficulty written (blank or only spaces): money that went out with
    nothing to show and no word of why. One finding per report. One query."""
    progressed = ProductProgress.objects.filter(report=OuterRef("pk"), quantity__gt=0)
    rows = (
        _reported(ctx).filter(committed__gt=0).filter(~Exists(progressed))
        .values("pk", "month", "committed", "difficulties", "project_id", *_values())
        .order_by("project__bank_code", "project_id", "month")
    )
    for row in rows:
        if row["difficulties"].strip():
            continue
        yield _finding(
            _rule("CU02"), row, prefix="project__", project_id=row["project_id"],
            message=(
                f"El reporte de {month_name(row['month'])} de {ctx.year} compromete {format_cop(row['committed'])} "
                "sin avance físico en ningún producto y sin dificultades escritas que lo expliquen."
            ),
            object_kind="report", object_id=row["pk"],
            subject=report_subject(row["project__bank_code"], row["project__name"], year=ctx.year, month=row["month"]),
            url=reverse("monitoring:report_detail", args=[row["pk"]]),
            numbers={"month": row["month"], "committed": row["committed"]},
        )


# --- CU03 --------------------------------------------------------------------------------------


def participatory_outside_territory(ctx: Context) -> Iterator[Finding]:
    """A participatory-budget project (projects.FundingKind.PARTICIPATORY) whose sent reports put
    committed money (> 0) in a territory that is not one of its own (ProjectTerritory), the
    city-wide code 0 included: participatory money belongs to the comuna or corregimiento that
    voted it. One finding per project (object_kind "project") listing each foreign territory with
    its committed money of the counted months and the months. Two queries (the second reads the
    territories of the projects found, by a subquery, so that it runs whatever is found)."""
    own = ProjectTerritory.objects.filter(project=OuterRef("report__project"), territory=OuterRef("territory"))
    rows = (
        TerritorialDistribution.objects.filter(
            report__in=_reported(ctx), report__project__funding_kind=FundingKind.PARTICIPATORY, committed__gt=0,
        )
        .filter(~Exists(own))
        .values(
            "report__project_id", *_values("report__project__"), "report__month", "territory_id", "territory__name",
            "committed",
        )
        .order_by("report__project_id", "territory_id", "report__month")
    )
    by_project: dict[int, list[dict]] = {}
    for row in rows:
        by_project.setdefault(row["report__project_id"], []).append(row)
    homes: dict[int, list[str]] = {}
    for project_id, code, name in (
        ProjectTerritory.objects.filter(project__in=rows.values("report__project_id"))
        .values_list("project_id", "territory_id", "territory__name").order_by("territory_id")
    ):
        homes.setdefault(project_id, []).append(f"{code} - {name}")
    for project_id, places in by_project.items():
        first = places[0]
        foreign: dict[int, tuple[str, Decimal, list[int]]] = {}
        for row in places:
            code = row["territory_id"]
            label, amount, months = foreign.get(code, (f"{code} - {row['territory__name']}", Decimal(0), []))
            foreign[code] = (label, amount + row["committed"], [*months, row["report__month"]])
        home = homes.get(project_id)
        where = f"de {spanish_list(home)}" if home else "sin comuna ni corregimiento asignado"
        listed = "; ".join(
            f"{label}, {format_cop(amount)} ({_months(months)})" for label, amount, months in foreign.values()
        )
        yield _finding(
            _rule("CU03"), first, prefix="report__project__", project_id=project_id,
            message=(
                f"Proyecto de presupuesto participativo {where} con inversión reportada en otro territorio en "
                f"{ctx.year}: {listed}."
            ),
            object_kind="project", object_id=project_id,
            subject=project_subject(first["report__project__bank_code"], first["report__project__name"]),
            url=reverse("projects:detail", args=[project_id]) + "#territorios",
            numbers={f"territory {code}": amount for code, (_, amount, _) in foreign.items()},
        )


# --- CU04 --------------------------------------------------------------------------------------


def definitive_below_committed(ctx: Context) -> Iterator[Finding]:
    """A project whose definitive budget of a funding source at the cutoff (budget.money, through
    monitoring.sources.source_rows) is below what its approved reports of the counted months have
    committed from that source. Money not yet assigned to a source (a multi-source report without
    its split, a modification without a source: monitoring.sources.needs_split lists it) cannot
    be compared by source; while a project has some, its totals are compared instead (the sum of
    its sources, the unassigned part included). One finding per project (object_kind "project")
    listing what is short. Six queries (five of source_rows)."""
    short: dict[int, list[tuple[str, str, Decimal, Decimal]]] = {}  # (key, label, definitive, committed)
    everyone = Project.objects.order_by().values("pk")
    for project_id, rows in sources.source_rows(everyone, year=ctx.year, cutoff=ctx.cutoff).items():
        below = [
            (str(row.code), f"{row.code} {row.name}", row.definitive, row.committed)
            for row in rows if row.source is not None and row.definitive < row.committed
        ]
        if any(row.source is None for row in rows):
            definitive = sum((row.definitive for row in rows), Decimal(0))
            committed = sum((row.committed for row in rows), Decimal(0))
            if definitive < committed:
                below.append(("total", "total del proyecto (con dinero sin fuente asignada)", definitive, committed))
        if below:
            short[project_id] = below
    # The names of every project (few columns): read whatever is found, so that the check always
    # reads the same queries; a list of ids could be empty (no query) or too long for SQLite.
    names = {row["pk"]: row for row in everyone.values("pk", *PROJECT_FIELDS)}
    for project_id in sorted(short, key=lambda pk: (natural_key(names[pk]["bank_code"] or ""), pk)):
        project, below = names[project_id], short[project_id]
        listed = "; ".join(
            f"{label}, definitivo {format_cop(definitive)} y comprometido {format_cop(committed)} "
            f"(faltan {format_cop(committed - definitive)})"
            for _, label, definitive, committed in below
        )
        numbers: dict = {}
        for key, _, definitive, committed in below:
            numbers[f"definitive {key}"] = definitive
            numbers[f"committed {key}"] = committed
        yield _finding(
            _rule("CU04"), project, prefix="", project_id=project["pk"],
            message=f"Al {format_date(ctx.cutoff)} el presupuesto definitivo no alcanza lo comprometido: {listed}.",
            object_kind="project", object_id=project["pk"],
            subject=project_subject(project["bank_code"], project["name"]),
            url=reverse("projects:detail", args=[project["pk"]]) + "#presupuesto",
            numbers=numbers,
        )


# --- CU05 --------------------------------------------------------------------------------------


def missing_reports(ctx: Context) -> Iterator[Finding]:
    """The counted months a project owed (monitoring.reporting_duty, the one definition of who
    must report) and of which it has no report sent (REPORTED_STATES). A month counts when the
    calendar has its reporting period: without one nobody can open the month's report
    (services.report_start), so the omission would be the office's, not the project's. The
    cutoff's month counts even before its report deadline: the matrices at that cutoff will read
    it, and finding who has not sent it yet is the point of running the cuadre before sending
    them. One finding per project (object_kind "project") listing the months, with the state of
    those opened and not sent; it links to the follow-up page of the first month missing, where
    the lead opens or sends it. One query (a union of one select per counted month)."""
    month_reports = ProgressReport.objects.filter(project=OuterRef("pk"), year=ctx.year)
    missing_rows = [
        reporting_duty.projects_owing(year=ctx.year, month=month)
        .filter(Exists(ReportingPeriod.objects.filter(year=ctx.year, month=month)))
        .filter(~Exists(month_reports.filter(month=month, state__in=REPORTED_STATES)))
        .annotate(owed_month=Value(month), draft=Subquery(month_reports.filter(month=month).values("state")[:1]))
        .values_list("pk", "owed_month", "draft", *PROJECT_FIELDS).order_by()
        for month in range(1, ctx.month + 1)
    ]
    missing: dict[int, list[tuple[int, str | None]]] = {}
    projects: dict[int, dict] = {}
    for pk, month, draft, *fields in missing_rows[0].union(*missing_rows[1:], all=True):
        missing.setdefault(pk, []).append((month, draft))
        projects[pk] = dict(zip(PROJECT_FIELDS, fields, strict=True))
    for pk in sorted(missing, key=lambda pk: (natural_key(projects[pk]["bank_code"] or ""), pk)):
        project, months = projects[pk], sorted(missing[pk])
        if len(months) == 1:
            message = f"Falta el reporte de {month_name(months[0][0])} de {ctx.year}"
        else:
            message = f"Faltan los reportes de {_months(m for m, _ in months)} de {ctx.year}"
        drafts = [(m, draft) for m, draft in months if draft]
        if drafts:
            message += "; sin enviar: " + ", ".join(f"{month_name(m)} ({STATE_LABELS[d]})" for m, d in drafts)
        yield _finding(
            _rule("CU05"), project, prefix="", project_id=pk,
            message=message + ".", object_kind="project", object_id=pk,
            subject=project_subject(project["bank_code"], project["name"]),
            url=f"{reverse('monitoring:index')}?anio={ctx.year}&mes={months[0][0]}",
            numbers={"missing": len(months), "months": ",".join(str(m) for m, _ in months)},
        )

"""Pages of step 4.6 (monthly follow-up). Views stay thin: selectors read, services decide and write."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from isvimed_planning import charts, comments, roles
from isvimed_planning.access import get_for_user, require_perm
from isvimed_planning.calendar import MONTH_NAMES, month_name
from isvimed_planning.comments import CommentForm, Conversation
from isvimed_planning.dates import year_or_404
from isvimed_planning.files import attachment_response
from isvimed_planning.history import history_rows
from isvimed_planning.list_export import Column, chosen_filters, list_download
from isvimed_planning.params import posted_version
from isvimed_planning.roles import has_role
from isvimed_planning.workflow import DomainError

from . import figures, selectors, services, workflow as wf
from .forms import (
    EvidenceForm,
    MeasurementForm,
    MonthForm,
    PeriodForm,
    ReportForm,
    TransitionForm,
)
from .models import ReportingPeriod, ReportState
from .panels import report_cuadre_panel

PAGE_SIZE = 50


def _require_some_role(user) -> None:
    if not roles.may(user, "monitoring.read_monitoring"):
        raise PermissionDenied("Su rol no permite ver el seguimiento.")


def _chosen_month(request) -> tuple[int, int, MonthForm]:
    """The month asked for, else the latest period of the calendar that has started (the cycle
    being reported), else the current month."""
    default_year, default_month = selectors.current_cycle()
    form = MonthForm(request.GET or None, initial={"anio": default_year, "mes": default_month})
    if form.is_bound and form.is_valid():
        return form.cleaned_data["anio"], form.cleaned_data["mes"], form
    if form.is_bound:
        form = MonthForm(initial={"anio": default_year, "mes": default_month})
    return default_year, default_month, form


def _report_url(report, anchor: str = "") -> str:
    return reverse("monitoring:report_detail", args=[report.pk]) + (f"#{anchor}" if anchor else "")


# --- Programmed vs. executed (the dashboard's and, through isvimed_planning.panels, the project page's) ---


def money_curve(programmed: list, committed: list, projected: list | None = None) -> charts.Curve:
    """The chart of money programmed in the action plan against money committed in approved
    reports, running totals by month (the dashboard's and the project page's), and the
    projection of the commitments to December (monitoring.projection) from the cutoff on; an
    empty programmed or projected list draws no such curve."""
    return charts.curve(
        [name[:3].capitalize() for name in MONTH_NAMES],
        [("Programado (plan de acción)", "programmed", programmed or [None] * 12),
         ("Comprometido reportado", "reported", committed),
         ("Proyección", "projection", projected or [None] * 12)],
    )


def project_programming(request, project) -> dict | None:
    """The project's actual against programmed to date (financial: committed vs. programmed;
    physical: % avance vs. % esperado), its products, the second semáforo and the curve of
    programmed vs. committed money by month. Nothing for a project without budget that year or
    for a role that does not read the follow-up. A constant number of queries."""
    if not roles.may(request.user, "monitoring.read_monitoring"):
        return None
    found = selectors.project_programming(project)
    if found is None:
        return None
    projected = {p.product_id: p for p in found.projection.products} if found.projection else {}
    return {
        "year": found.year, "cutoff": found.cutoff, "figures": found.figures, "products": found.products,
        "product_rows": [(p, projected.get(p.product_id)) for p in found.products],
        "curve": money_curve(found.programmed_curve, found.committed_curve, found.projected_curve),
        "has_plan": found.has_plan, "projection": found.projection,
    }


# --- Dashboard ----------------------------------------------------------------------------


def _with_projections(page, projections):
    """The page's projects (50 of the institute's 20,000 at a whole administration's size) paired
    with their year-end projection."""
    page.object_list = [(p, projections.get(p.project_id)) for p in page.object_list]
    return page


@login_required
def index(request):
    _require_some_role(request.user)
    year, month, form = _chosen_month(request)
    board = selectors.dashboard(request.user, year=year, month=month)
    is_lead = has_role(request.user, roles.RESPONSABLE)
    # Both long tables are paged; the month chosen stays in the links.
    query = urlencode({"anio": year, "mes": month})
    shown = board.charted_programs

    def territory_map() -> dict:
        tiles = charts.tile_map([(t.code, t.committed) for t in board.territories])
        return {"tiles": list(zip(board.territories, tiles.tiles, strict=True)), "height": tiles.height}

    # The institute's parts (bars, programs, territories) are the same for every user: built only
    # when the page's fragment cache (keyed by board.figures_key) has not got them.
    context = {
        "form": form, "board": board, "month_name": month_name(month),
        "physical_bars": lambda: charts.ratio_bars(
            [(p.code, p.name, p.physical_fulfilment) for p in shown], state=figures.rating
        ),
        "financial_bars": lambda: charts.ratio_bars(
            [(p.code, p.name, p.execution_ratio) for p in shown], state=figures.rating
        ),
        "territory_map": territory_map,
        "curve": money_curve(board.programmed_curve, board.committed_curve, board.projected_curve),
        # A chart per program (60 at ten times ISVIMED): drawn only when the page's fragment cache
        # (keyed by board.fragment_key) has not got them, since Django calls a callable lazily.
        "program_curves": lambda: [
            (p, money_curve(programmed, committed, projected)) for p, programmed, committed, projected in board.program_curves()
        ],
        "program_rows": lambda: [(p, board.program_projections.get(p.program_id)) for p in board.programs],
        "ratings": figures.RATINGS,
        "is_planner": has_role(request.user, roles.PLANEACION), "is_lead": is_lead,
        "projects_page": _with_projections(
            Paginator(board.projects, PAGE_SIZE).get_page(request.GET.get("pagina")), board.projections
        ),
        "missing_page": Paginator(board.missing, PAGE_SIZE).get_page(request.GET.get("pagina_sin_reporte")),
        "query": query,
        "cuadre": selectors.dashboard_cuadre(request.user, year=year, cutoff=board.cutoff),
        "ans": selectors.dashboard_ans(request.user, today=timezone.localdate()),
    }
    if is_lead:
        context["my_rows"] = selectors.my_reports(request.user, year=year, month=month)
        context["my_open"] = list(selectors.open_reports_of_lead(request.user))
        context["period"] = ReportingPeriod.objects.filter(year=year, month=month).first()
    return render(request, "monitoring/index.html", context)


# --- Reporting calendar -------------------------------------------------------------------


@login_required
def period_list(request):
    _require_some_role(request.user)
    periods = selectors.visible_periods(request.user).order_by("-year", "-month")
    return render(
        request, "monitoring/period_list.html",
        {"periods": periods, "can_manage": roles.may(request.user, "monitoring.manage_calendar")},
    )


@login_required
def period_form(request, pk: int | None = None):
    require_perm(request.user, "monitoring.manage_calendar")
    period = get_for_user(ReportingPeriod.objects.all(), pk=pk) if pk else None
    initial = {}
    if period is not None:
        initial = {"year": period.year, "month": period.month, "cutoff": period.cutoff,
                   "report_deadline": period.report_deadline}
    form = PeriodForm(request.POST or None, initial=initial, instance=period, creating=period is None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.period_save(by=request.user, period=period, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"Periodo {saved} guardado.")
            return redirect("monitoring:period_list")
    return render(
        request, "monitoring/period_form.html",
        {"form": form, "period": period, "title": f"Periodo {period}" if period else "Nuevo periodo de reporte",
         "history": history_rows(period) if period else None},
    )


@login_required
@require_POST
def period_close(request, pk: int):
    require_perm(request.user, "monitoring.manage_calendar")
    period = get_for_user(ReportingPeriod.objects.all(), pk=pk)
    try:
        services.period_close(by=request.user, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Periodo {period} cerrado.")
    return redirect("monitoring:period_list")


# --- Reports ------------------------------------------------------------------------------


@login_required
def report_list(request):
    _require_some_role(request.user)
    qs, filterset = selectors.report_list(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "monitoring/report_list.html",
        {"page": page, "reports": page.object_list, "query": query.urlencode(), "states": ReportState.choices,
         "year": filterset.typed("anio"), "month": filterset.typed("mes"), "state": filterset.chosen_state, "months": list(enumerate(MONTH_NAMES, start=1))},
    )


REPORT_COLUMNS = [
    Column("Año", lambda r: r.year, "year", width=8),
    Column("Mes", lambda r: r.month, "year", width=6),
    Column("BPIN", lambda r: r.project.bank_code, width=14),
    Column("Proyecto", lambda r: r.project.name, width=50),
    Column("Programa", lambda r: f"{r.project.program.code} {r.project.program.name}", width=36),
    Column("Responsable", lambda r: r.project.lead.display_name, width=24),
    Column("Comprometido", lambda r: r.committed, "money", width=18),
    Column("Obligado", lambda r: r.obligated, "money", width=18),
    Column("Pagado", lambda r: r.paid, "money", width=18),
    Column("Estado", lambda r: r.get_state_display(), width=14),
    Column("Enviado el", lambda r: r.submitted_at and timezone.localtime(r.submitted_at), "date", width=12),
    Column("Aprobado el", lambda r: r.approved_at and timezone.localtime(r.approved_at), "date", width=12),
]


@login_required
def report_list_xlsx(request):
    """The monthly reports of the list as Excel: the same selector and filters, every row."""
    _require_some_role(request.user)
    qs, filterset = selectors.report_list(request.user, request.GET)
    return list_download(
        qs, REPORT_COLUMNS, title="Reportes mensuales de seguimiento", filters=chosen_filters(filterset),
        filename=f"reportes-mensuales-{timezone.localdate():%Y-%m-%d}.xlsx", sheet="Reportes",
    )


@login_required
@require_POST
def report_start(request, project_pk: int, year: int, month: int):
    project = get_for_user(selectors.visible_projects_for(request.user), pk=project_pk)
    if not roles.may(request.user, "monitoring.create_report", project):  # read-only roles see the project, may not report
        raise PermissionDenied("Solo el responsable del proyecto o Planeación pueden reportar este proyecto.")
    if not 1 <= month <= 12:
        raise Http404("Mes inexistente.")
    year_or_404(year)
    try:
        report = services.report_start(by=request.user, project=project, year=year, month=month)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:index")
    return redirect("monitoring:report_edit", pk=report.pk)


@login_required
def report_detail(request, pk: int):
    return _render_report(request, pk)


def _render_report(request, pk: int, *, evidence_form=None, comment_form: CommentForm | None = None, status: int = 200):
    """The report page; a refused evidence or comment form is shown again as typed."""
    fetched = selectors.fetch_report_for_user(
        request.user, pk, perms=("monitoring.edit_report", "monitoring.comment_report"),
    )
    report = fetched.obj
    sheet = selectors.report_sheet(report)
    can_edit = fetched.can["edit_report"]
    can_comment = fetched.can["comment_report"]
    if can_edit and evidence_form is None:
        evidence_form = EvidenceForm(initial={"version": report.version})
    return render(
        request, "monitoring/report_detail.html",
        {
            "report": report, "sheet": sheet, "can_edit": can_edit,
            "can_publish_evidence": roles.may(request.user, "monitoring.publish_evidence", report),
            "transitions": wf.REPORT_WORKFLOW.available(report, request.user),
            "evidence_form": evidence_form if can_edit else None,
            "history": history_rows(report), "month_name": month_name(report.month),
            "last_comment": next((t for t in reversed(sheet.transitions) if t.comment), None),
            "cuadre_panel": report_cuadre_panel(request.user, report),
            "conversation": Conversation(
                comments=selectors.report_comments(report),
                form=(comment_form or CommentForm()) if can_comment else None,
                action=reverse("monitoring:report_comment", args=[report.pk]), state_label=report.get_state_display(),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def report_comment(request, pk: int):
    """Writes in the report's conversation; a refused comment comes back on the report page as typed."""
    fetched = selectors.fetch_report_for_user(request.user, pk, perms=("monitoring.comment_report",))
    report = fetched.obj
    if not fetched.can["comment_report"]:
        raise PermissionDenied(services.COMMENT_REFUSED)
    return comments.handle_post(
        request, add=lambda text: services.report_comment_add(report=report, by=request.user, text=text),
        done_url=_report_url(report, "conversacion"),
        refused=lambda form: _render_report(request, pk, comment_form=form, status=400),
    )


def _editable_report(request, pk: int):
    fetched = selectors.fetch_report_for_user(request.user, pk, perms=("monitoring.edit_report",))
    if fetched.obj.state == ReportState.APPROVED:
        raise PermissionDenied(services.LOCKED_MESSAGE)
    if not fetched.can["edit_report"]:
        raise PermissionDenied(services.NOT_EDITABLE_MESSAGE)
    return fetched.obj


@login_required
def report_edit(request, pk: int):
    report = _editable_report(request, pk)
    sheet = selectors.report_sheet(report, with_record=False)
    if request.method == "POST":
        form = ReportForm(request.POST, sheet=sheet)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_update(
                    report=report, by=request.user, version=data["version"], committed=data["committed"],
                    obligated=data["obligated"], paid=data["paid"], achievements=data["achievements"],
                    difficulties=data["difficulties"], improvement_actions=data["improvement_actions"],
                    quantities=form.quantities(), territories=form.territories(), sources=form.sources(),
                )
            except DomainError as exc:
                form.add_refusal(exc)
            else:
                messages.success(request, "Reporte guardado.")
                return redirect(_report_url(report))
    else:
        form = ReportForm(initial=ReportForm.initial_for(report, sheet), sheet=sheet)
    return render(
        request, "monitoring/report_form.html",
        {"report": report, "form": form, "sheet": sheet, "month_name": month_name(report.month)},
    )


@login_required
@require_POST
def evidence_upload(request, pk: int):
    report = _editable_report(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                report=report, by=request.user, upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"], version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Evidencia adjuntada.")
            return redirect(_report_url(report, "evidencias"))
    return _render_report(request, pk, evidence_form=form, status=400)


@login_required
def evidence_download(request, pk: int):
    evidence = get_for_user(selectors.visible_evidence(request.user), pk=pk)
    if not evidence.file:
        raise Http404("No existe o no tiene acceso.")
    return attachment_response(evidence.file, evidence.original_name)


@login_required
@require_POST
def evidence_publish(request, pk: int):
    """Planning staff mark an evidence file public (citizens download it from the project's
    public page once the report is approved) or private again."""
    evidence = get_for_user(selectors.visible_evidence(request.user).select_related("report"), pk=pk)
    if not roles.may(request.user, "monitoring.publish_evidence", evidence):
        raise PermissionDenied(services.PUBLISH_REFUSED)
    public = request.POST.get("publica") == "1"
    services.evidence_set_public(evidence=evidence, by=request.user, public=public)
    messages.success(
        request, f"Evidencia «{evidence.original_name}» " + ("marcada pública." if public else "marcada privada.")
    )
    return redirect(_report_url(evidence.report, "evidencias"))


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_for_user(selectors.visible_evidence(request.user).select_related("report__project"), pk=pk)
    report = evidence.report
    if not roles.may(request.user, "monitoring.create_report", report.project):  # read-only roles may not delete evidence
        raise PermissionDenied(services.NOT_EDITABLE_MESSAGE)
    try:
        services.evidence_delete(evidence=evidence, by=request.user, version=posted_version(request.POST.get("version")))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Evidencia «{evidence.original_name}» eliminada.")
    return redirect(_report_url(report, "evidencias"))


@login_required
def report_transition(request, pk: int, name: str):
    report = selectors.get_report_for_user(request.user, pk)
    step = wf.REPORT_WORKFLOW.get_or_404(name)
    if not wf.REPORT_WORKFLOW.is_allowed(step, report, request.user):
        raise PermissionDenied(f"Su rol no permite «{step.label.lower()}».")
    form = TransitionForm(request.POST or None, initial={"version": report.version})
    if step.needs_comment:
        form.fields["comment"].required = True
        form.fields["comment"].error_messages["required"] = "Escriba un comentario que explique la decisión."
        form.fields["comment"].label = "Motivo de la reapertura" if name == wf.REOPEN else "Observaciones para el responsable"
    if request.method == "POST" and form.is_valid():
        try:
            services.report_transition(
                report=report, by=request.user, name=name, comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"{step.label}: hecho. El reporte quedó «{report.get_state_display().lower()}».")
            return redirect(_report_url(report))
    sheet = {"sources": selectors.source_lines(report)}  # the review shows the split by source
    conversation = Conversation(  # the review shows the thread; one writes on the report's page
        comments=selectors.report_comments(report), form=None, action="", state_label=report.get_state_display(),
        reply_url=_report_url(report, "conversacion") if roles.may(request.user, "monitoring.comment_report", report) else "",
    )
    return render(
        request, "monitoring/transition_form.html",
        {"report": report, "step": step, "form": form, "sheet": sheet, "conversation": conversation},
    )


# --- Result indicators --------------------------------------------------------------------


@login_required
def measurements(request):
    _require_some_role(request.user)
    year, month, month_form = _chosen_month(request)
    indicators = selectors.result_indicators(year)
    can_edit = roles.may(request.user, "monitoring.record_measurements")
    current = selectors.measurements_of_month(year, month, [i.pk for i in indicators])
    previous = selectors.previous_measurements(year, month, [i.pk for i in indicators])
    for indicator in indicators:
        indicator.previous = previous.get(indicator.pk)
    initial = {f"value_{pk}": m.value for pk, m in current.items()}
    form = MeasurementForm(
        request.POST or None, indicators=indicators, initial=initial,
        versions={pk: m.version for pk, m in current.items()},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Solo la Subdirección de Planeación registra los valores de los indicadores.")
        if form.is_valid():
            try:
                changes = services.measurements_save(
                    by=request.user, year=year, month=month, values=form.values(), versions=form.versions()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Valores de {month_name(month)} de {year} guardados ({changes} cambios).")
                return redirect(f"{reverse('monitoring:measurements')}?anio={year}&mes={month}")
    return render(
        request, "monitoring/measurements.html",
        {"form": form, "month_form": month_form, "year": year, "month": month, "can_edit": can_edit,
         "month_name": month_name(month), "current": current},
    )

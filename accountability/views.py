"""Pages of step 4.7. Views stay thin: selectors read, services decide and write.

Internal pages need a reading role (planeacion, direccion, financiera, consulta, admin); leads,
users without a role and anonymous visitors see nothing of them. Public pages (publico/) show
approved and published reports only, with no personal data.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from isvimed_planning import charts, roles
from isvimed_planning.access import fetch_for_user, get_for_user
from isvimed_planning.auth import over_limit
from isvimed_planning.client_ip import client_ip
from isvimed_planning.files import attachment_response
from isvimed_planning.history import history_rows
from isvimed_planning.list_export import Column, chosen_filters, list_download
from isvimed_planning.pdf import pdf_response
from isvimed_planning.safe_export import csv_download, set_download_name
from isvimed_planning.workflow import DomainError

from . import selectors, services, workflow as wf
from .forms import (
    AnswerForm,
    AssignForm,
    CommitmentForm,
    CompletionForm,
    DeliverForm,
    ExtensionForm,
    FiguresForm,
    FollowUpForm,
    HearingCommitmentForm,
    HearingForm,
    ModerationForm,
    QuestionForm,
    ReportEditForm,
    ReportForm,
    RequestForm,
    RequirementForm,
    SessionForm,
    TransferForm,
    TransitionForm,
    WithdrawalForm,
)
from .models import (
    INSISTENCE_REMEDY,
    LEGAL_TERM_DAYS,
    AnswerOutcome,
    CouncilCommitment,
    DenialGround,
    FollowedCommitment,
    HearingCommitment,
    HearingQuestion,
    RequestKind,
    RequestState,
)

PAGE_SIZE = 50


def _require_read(user) -> None:
    if not roles.may(user, "accountability.read_accountability"):
        raise PermissionDenied("Su rol no permite ver la rendición de cuentas.")


def _require_manage(user) -> None:
    if not roles.may(user, "accountability.manage"):
        raise PermissionDenied(services.NOT_ALLOWED)


@login_required
def index(request):
    _require_read(request.user)
    today = timezone.localdate()
    requests_qs = selectors.visible_requests(request.user)
    counts = selectors.open_counts(requests_qs, today)
    context = {
        "due_week": list(selectors.due_this_week(requests_qs, today).order_by("due_date")[:20]),
        "overdue": list(selectors.overdue(requests_qs, today).order_by("due_date")[:20]),
        "pending_count": counts["open"], "due_week_count": counts["week"], "overdue_count": counts["overdue"],
        "quarter": selectors.quarter_of(today),
        "sessions": list(selectors.session_list(request.user)[:5]),
        "reports": list(selectors.visible_reports(request.user)[:10]),
        "can_manage": roles.may(request.user, "accountability.manage"),
        "today": today,
    }
    return render(request, "accountability/index.html", context)


# --- Information requests -----------------------------------------------------------------


def _decorate(requests, today):
    for req in requests:
        req.status = selectors.request_status(req, today)
        req.status_label = selectors.STATUS_LABELS[req.status]
    return requests


@login_required
def request_list(request):
    _require_read(request.user)
    today = timezone.localdate()
    qs, filterset = selectors.request_list(request.user, request.GET, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "accountability/request_list.html",
        {"form": filterset.form, "page": page, "requests": _decorate(list(page.object_list), today), "query": query.urlencode(),
         "can_manage": roles.may(request.user, "accountability.manage")},
    )


def _request_columns(today: dt.date) -> list[Column]:
    return [
        Column("Radicado", lambda r: r.filing_number, width=16),
        Column("Asunto", lambda r: r.subject, width=50),
        Column("Tipo", lambda r: r.get_kind_display(), width=16),
        Column("Solicitante", lambda r: r.requester_name, width=28),
        Column("Tipo de solicitante", lambda r: r.get_requester_kind_display(), width=18),
        Column("Canal", lambda r: r.get_channel_display(), width=12),
        Column("Recibida", lambda r: r.received_on, "date", width=12),
        Column("Vence", lambda r: r.effective_due_date, "date", width=12),
        Column("Prorrogada", lambda r: "Sí" if r.extended_due_date else "No", width=11),
        Column("Asignada a", lambda r: r.assignee.display_name if r.assignee else "", width=24),
        Column("Estado", lambda r: selectors.STATUS_LABELS[selectors.request_status(r, today)], width=18),
        Column("Respondida el", lambda r: r.answered_on, "date", width=12),
    ]


@login_required
def request_list_xlsx(request):
    """The information requests of the list as Excel: the same selector and filters, every row."""
    _require_read(request.user)
    today = timezone.localdate()
    qs, filterset = selectors.request_list(request.user, request.GET, today=today)
    return list_download(
        qs, _request_columns(today), title="Solicitudes de información", filters=chosen_filters(filterset),
        filename=f"solicitudes-{today:%Y-%m-%d}.xlsx", sheet="Solicitudes",
    )


@login_required
def request_create(request):
    _require_manage(request.user)
    form = RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_register(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"Solicitud registrada. Vence el {req.due_date:%d/%m/%Y}.")
            return redirect("accountability:request_detail", pk=req.pk)
    return render(request, "accountability/form.html", {
        "form": form, "title": "Registrar solicitud de información", "cancel": reverse("accountability:request_list"),
        "multipart": False, "submit": "Registrar",
    })


@login_required
def request_detail(request, pk: int):
    fetched = fetch_for_user(
        selectors.visible_requests(request.user), request.user, perms=("accountability.handle_request",), pk=pk
    )
    req = fetched.obj
    today = timezone.localdate()
    _decorate([req], today)
    manage = fetched.can["handle_request"]
    return render(request, "accountability/request_detail.html", {
        "req": req, "term_days": LEGAL_TERM_DAYS[req.kind], "can_manage": manage,
        "extension_limit": services.extension_limit(req),
        "actions": {t.name for t in wf.REQUEST_WORKFLOW.available(req, request.user)} if manage else set(),
        "transfer_limit": services.transfer_limit(req), "requirement_limit": services.requirement_limit(req),
        "completion_limit": services.completion_limit(req), "withdrawal_from": services.withdrawal_from(req),
        "copies_due": services.copies_due_date(req, today),
        "remedy": INSISTENCE_REMEDY,
        "petitioner_notices": list(req.petitioner_notices.all()),
        "transition_log": req.transitions.select_related("by"),
        "assign_form": AssignForm(initial={"assignee": req.assignee_id}, instance=req) if manage else None,
        "history": history_rows(req),
    })


def _request_action(request, pk, *, form_class, template_title, run, success, multipart=False, extra=None, initial=None):
    _require_manage(request.user)
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=req) if multipart else form_class(request.POST, instance=req)
        if form.is_valid():
            try:
                run(req, form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, success)
                return redirect("accountability:request_detail", pk=req.pk)
    else:
        form = form_class(initial=initial or {}, instance=req)
    context = {"form": form, "title": f"{template_title} · {req.filing_number}", "req": req, "multipart": multipart,
               "cancel": reverse("accountability:request_detail", args=[req.pk]), "submit": template_title}
    context.update(extra or {})
    return render(request, "accountability/form.html", context)


INSERT_FIGURES = "insertar_cifras"


@login_required
def request_answer(request, pk: int):
    """Answer form. "Insertar cifras" (a button of the same form) adds the execution figures
    (selectors.answer_figures_text, i.e. monitoring.figures) to the end of the answer being typed
    and shows the form again with everything typed, without saving; `?vigencia=&corte=` opens the
    form with them."""
    _require_manage(request.user)
    inserting = request.method == "POST" and INSERT_FIGURES in request.POST
    if inserting:
        figures_form = FiguresForm(request.POST)
    else:
        figures_form = FiguresForm(request.GET if "vigencia" in request.GET else None)
    initial = {}
    if inserting:
        req = get_for_user(selectors.visible_requests(request.user), pk=pk)
        typed = request.POST.get("answer", "").rstrip()
        if figures_form.is_valid():
            figures = selectors.answer_figures_text(
                year=figures_form.cleaned_data["vigencia"], cutoff=figures_form.cleaned_data["corte"]
            )
            typed = f"{typed}\n\n{figures}" if typed else figures
        initial = {"answer": typed, "answered_on": request.POST.get("answered_on", ""),
                   "version": request.POST.get("version", "")}
        form = AnswerForm(initial=initial, instance=req)
        return render(request, "accountability/form.html", {
            "form": form, "title": f"Responder · {req.filing_number}", "req": req, "multipart": True,
            "cancel": reverse("accountability:request_detail", args=[req.pk]), "submit": "Responder",
            "figures_form": figures_form,
            "note": "Si había elegido un archivo de respuesta, vuelva a elegirlo antes de responder." if request.FILES else "",
        }, status=200 if figures_form.is_valid() else 400)
    if request.method == "GET" and figures_form.is_bound and figures_form.is_valid():
        initial["answer"] = selectors.answer_figures_text(
            year=figures_form.cleaned_data["vigencia"], cutoff=figures_form.cleaned_data["corte"]
        )
    return _request_action(
        request, pk, form_class=AnswerForm, template_title="Responder", multipart=True,
        run=lambda req, d: services.request_answer(by=request.user, request=req, **d),
        success="Respuesta registrada.", initial=initial,
        extra={"figures_form": figures_form if figures_form.is_bound else FiguresForm(
            initial={"vigencia": timezone.localdate().year, "corte": timezone.localdate()})},
    )


@login_required
def request_extend(request, pk: int):
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    return _request_action(
        request, pk, form_class=ExtensionForm, template_title="Prorrogar",
        run=lambda r, d: services.request_extend(by=request.user, request=r, **d),
        success="Prórroga registrada.",
        extra={"note": f"Vencimiento legal: {req.due_date:%d/%m/%Y}. Fecha máxima de la prórroga "
                       f"(doble del término): {services.extension_limit(req):%d/%m/%Y}."},
    )


@login_required
def request_transfer(request, pk: int):
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    return _request_action(
        request, pk, form_class=TransferForm, template_title="Trasladar por competencia",
        run=lambda r, d: services.request_transfer(by=request.user, request=r, **d),
        success="Petición trasladada; se avisó al peticionario.", initial={"transferred_on": timezone.localdate()},
        extra={"note": f"Ley 1755 de 2015, art. 21: trasladar a más tardar el {services.transfer_limit(req):%d/%m/%Y}."},
    )


@login_required
def request_require(request, pk: int):
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    return _request_action(
        request, pk, form_class=RequirementForm, template_title="Requerir completar",
        run=lambda r, d: services.request_require(by=request.user, request=r, **d),
        success="Requerimiento registrado: el término queda suspendido.", initial={"required_on": timezone.localdate()},
        extra={"note": "Ley 1755 de 2015, art. 17: requerir a más tardar el "
                       f"{services.requirement_limit(req):%d/%m/%Y}. El término se suspende hasta que el "
                       "peticionario complete la petición y vuelve a correr completo desde el día siguiente."},
    )


@login_required
def request_complete(request, pk: int):
    return _request_action(
        request, pk, form_class=CompletionForm, template_title="Registrar que completó",
        run=lambda r, d: services.request_complete(by=request.user, request=r, **d),
        success="Petición completada: el término vuelve a correr.", initial={"completed_on": timezone.localdate()},
    )


@login_required
def request_withdraw(request, pk: int):
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    first = services.withdrawal_from(req)
    return _request_action(
        request, pk, form_class=WithdrawalForm, template_title="Decretar desistimiento tácito",
        run=lambda r, d: services.request_withdraw(by=request.user, request=r, **d),
        success="Desistimiento tácito registrado; se avisó al peticionario.", initial={"withdrawn_on": timezone.localdate()},
        extra={"note": f"Se puede decretar desde el {first:%d/%m/%Y} (un mes sin respuesta al requerimiento)." if first else ""},
    )


@login_required
@require_POST
def request_assign(request, pk: int):
    _require_manage(request.user)
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    form = AssignForm(request.POST, instance=req)
    if form.is_valid():
        try:
            services.request_assign(
                by=request.user, request=req, assignee=form.cleaned_data["assignee"], version=form.cleaned_data["version"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Solicitud asignada.")
    else:
        messages.error(request, "Elija a quién asignar la solicitud.")
    return redirect("accountability:request_detail", pk=req.pk)


@login_required
def request_answer_file(request, pk: int):
    req = get_for_user(selectors.visible_requests(request.user), pk=pk)
    if not req.answer_file:
        raise Http404("La solicitud no tiene archivo de respuesta.")
    return attachment_response(req.answer_file, req.answer_file_name or f"respuesta-{req.filing_number}")


# --- Concejo sessions ---------------------------------------------------------------------


@login_required
def session_list(request):
    _require_read(request.user)
    page = Paginator(selectors.session_list(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "accountability/session_list.html", {
        "page": page, "sessions": page.object_list, "can_manage": roles.may(request.user, "accountability.manage"),
    })


@login_required
def session_form(request, pk: int | None = None):
    _require_manage(request.user)
    session = get_for_user(selectors.visible_sessions(request.user), pk=pk) if pk else None
    if request.method == "POST":
        form = SessionForm(request.POST, request.FILES, instance=session, creating=session is None)
        if form.is_valid():
            try:
                session = services.session_save(by=request.user, session=session, **form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, "Sesión guardada.")
                return redirect("accountability:session_detail", pk=session.pk)
    else:
        initial = {f: getattr(session, f) for f in services.SESSION_FIELDS} if session else {}
        form = SessionForm(initial=initial, instance=session, creating=session is None)
    cancel = reverse("accountability:session_detail", args=[session.pk]) if session else reverse("accountability:session_list")
    return render(request, "accountability/form.html", {
        "form": form, "title": "Editar sesión del Concejo" if session else "Registrar sesión del Concejo",
        "cancel": cancel, "multipart": True, "submit": "Guardar",
    })


@login_required
def session_detail(request, pk: int):
    fetched = fetch_for_user(selectors.visible_sessions(request.user), request.user, perms=("accountability.manage",), pk=pk)
    session = fetched.obj
    manage = fetched.can["manage"]
    commitments = list(session.commitments.select_related("responsible"))
    return render(request, "accountability/session_detail.html", {
        "session": session, "commitments": commitments, "can_manage": manage,
        "commitment_form": CommitmentForm() if manage else None,
        "history": history_rows(session),
    })


def _commitment_form_page(request, form, *, add, detail_url: str, title: str):
    """The new-commitment form of a Concejo session or a hearing: both kinds share the follow-up,
    so they share the page; `add(**cleaned_data)` is the service that records it."""
    if request.method == "POST" and form.is_valid():
        try:
            add(**form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Compromiso registrado.")
            return redirect(detail_url + "#compromisos")
    return render(request, "accountability/form.html", {
        "form": form, "title": f"Nuevo compromiso · {title}", "submit": "Guardar", "cancel": detail_url,
    })


@login_required
def commitment_create(request, pk: int):
    _require_manage(request.user)
    session = get_for_user(selectors.visible_sessions(request.user), pk=pk)
    return _commitment_form_page(
        request, CommitmentForm(request.POST or None),
        add=lambda **data: services.commitment_add(by=request.user, session=session, **data),
        detail_url=reverse("accountability:session_detail", args=[session.pk]), title=session.subject,
    )


@login_required
def commitment_deliver(request, pk: int):
    _require_manage(request.user)
    commitment = get_for_user(
        CouncilCommitment.objects.filter(session__in=selectors.visible_sessions(request.user)).select_related("session"), pk=pk
    )
    form = DeliverForm(request.POST or None, initial={"delivered_on": timezone.localdate()}, instance=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_deliver(by=request.user, commitment=commitment, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Entrega registrada.")
            return redirect(reverse("accountability:session_detail", args=[commitment.session_id]) + "#compromisos")
    return render(request, "accountability/form.html", {
        "form": form, "title": "Registrar entrega del compromiso", "submit": "Guardar",
        "cancel": reverse("accountability:session_detail", args=[commitment.session_id]),
    })


@login_required
def session_questionnaire(request, pk: int):
    session = get_for_user(selectors.visible_sessions(request.user), pk=pk)
    if not session.questionnaire_file:
        raise Http404("La sesión no tiene archivo de cuestionario.")
    return attachment_response(session.questionnaire_file, session.questionnaire_file_name or "cuestionario")


# --- Accountability reports (internal) ----------------------------------------------------


def _report_charts(data: dict) -> list[charts.Chart]:
    """The report's three charts, from its (loaded) figures."""
    programs = [(f"{p['code']} {p['name']}", p) for p in data["programs"]]
    territories = [(f"{t['code']} - {t['name']}", t) for t in data["territories"] if t["committed"]]
    return [
        charts.grouped_bars(
            [(label, (p.get("definitive"), p.get("committed"))) for label, p in programs],
            title="Ejecución financiera por programa",
            series=[charts.Series("Presupuesto definitivo", "budget"), charts.Series("Comprometido", "committed")],
        ),
        charts.grouped_bars(
            [(label, (p.get("physical_fulfilment"), p.get("execution_ratio"))) for label, p in programs],
            title="Ejecución física y financiera por programa (%)",
            series=[charts.Series("Cumplimiento físico", "physical"), charts.Series("Ejecución financiera", "committed")],
            percent=True,
        ),
        charts.grouped_bars(
            [(label, (t.get("committed"),)) for label, t in territories],
            title="Inversión comprometida por comuna y corregimiento",
            series=[charts.Series("Comprometido", "committed")],
        ),
    ]


def _report_context(report) -> dict:
    data = selectors.load_figures(selectors.report_data(report))
    return {"report": report, "data": data, "charts": _report_charts(data), "frozen": bool(report.figures)}


@login_required
def report_list(request):
    _require_read(request.user)
    reports, filterset = selectors.report_list(request.user, request.GET)
    return render(request, "accountability/report_list.html", {
        "reports": reports, "form": filterset.form, "can_manage": roles.may(request.user, "accountability.manage"),
    })


@login_required
def report_create(request):
    _require_manage(request.user)
    year = timezone.localdate().year
    form = ReportForm(request.POST or None, initial={"year": year, "title": f"Informe de rendición de cuentas {year}"})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Informe creado en borrador: sus cifras se calculan del seguimiento.")
            return redirect("accountability:report_detail", pk=report.pk)
    return render(request, "accountability/form.html", {
        "form": form, "title": "Nuevo informe de rendición de cuentas", "submit": "Crear borrador",
        "cancel": reverse("accountability:report_list"),
    })


@login_required
def report_edit(request, pk: int):
    _require_manage(request.user)
    report = get_for_user(selectors.visible_reports(request.user), pk=pk)
    form = ReportEditForm(
        request.POST or None, initial={"title": report.title, "introduction": report.introduction}, instance=report
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(by=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Cambios guardados.")
            return redirect("accountability:report_detail", pk=report.pk)
    return render(request, "accountability/form.html", {
        "form": form, "title": "Editar informe", "submit": "Guardar",
        "cancel": reverse("accountability:report_detail", args=[report.pk]),
    })


@login_required
def report_detail(request, pk: int):
    fetched = fetch_for_user(
        selectors.visible_reports(request.user), request.user, perms=("accountability.edit_report",), pk=pk
    )
    report = fetched.obj
    context = _report_context(report)
    context.update({
        "transitions": wf.REPORT_WORKFLOW.available(report, request.user),
        "transition_log": report.transitions.select_related("by"),
        "can_edit": fetched.can["edit_report"],
        "history": history_rows(report),
        "public": report.state in selectors.PUBLIC_STATES,
    })
    return render(request, "accountability/report_detail.html", context)


@login_required
def report_transition(request, pk: int, name: str):
    report = get_for_user(selectors.visible_reports(request.user), pk=pk)
    transition = wf.REPORT_WORKFLOW.get_or_404(name)
    if not wf.REPORT_WORKFLOW.is_allowed(transition, report, request.user):
        raise PermissionDenied(f"Su rol no permite «{transition.label.lower()}».")
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_transition(by=request.user, report=report, name=name, comment=form.cleaned_data["comment"])
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"Informe: {transition.label.lower()} — hecho.")
            return redirect("accountability:report_detail", pk=report.pk)
    return render(request, "accountability/transition_form.html", {
        "form": form, "report": report, "transition": transition,
        "cancel": reverse("accountability:report_detail", args=[report.pk]),
    })


@login_required
def report_pdf(request, pk: int):
    report = get_for_user(selectors.visible_reports(request.user), pk=pk)
    return pdf_response("accountability/report_pdf.html", _report_context(report), f"rendicion-{report.year}-{report.pk}.pdf")


# --- Public pages (no login) --------------------------------------------------------------


def public_list(request):
    hearings = list(selectors.public_hearings())
    for hearing in hearings:
        hearing.open_now = hearing.window_open()
    return render(request, "accountability/public_list.html", {"reports": selectors.public_reports(), "hearings": hearings})


def _public_report(pk: int):
    return get_for_user(selectors.public_reports(), pk=pk)


def public_detail(request, pk: int):
    report = _public_report(pk)
    return render(request, "accountability/public_detail.html", _report_context(report))


def public_pdf(request, pk: int):
    report = _public_report(pk)
    return pdf_response("accountability/report_pdf.html", _report_context(report), f"rendicion-{report.year}-{report.pk}.pdf")


# Open data: the report's own figures (frozen at approval), so the totals are the report's.
CSV_TABLES = {
    "programas": ("programs", selectors.PROGRAM_FIELDS, "programs"),
    "proyectos": ("projects", selectors.PROJECT_FIELDS, "projects"),
    "territorios": ("territories", selectors.TERRITORY_FIELDS, "territories"),
}
CSV_HEADERS = {
    "line_code": "codigo_linea", "line_name": "linea", "code": "codigo", "name": "nombre", "projects": "proyectos",
    "definitive": "presupuesto_definitivo", "committed": "comprometido", "obligated": "obligado", "paid": "pagado",
    "execution_ratio": "ejecucion_financiera", "physical_fulfilment": "cumplimiento_fisico", "efficiency": "eficiencia",
    "program_code": "codigo_programa", "program_name": "programa", "bpin": "bpin", "org_unit": "dependencia",
    "funding_kind": "tipo_financiacion", "initial": "presupuesto_inicial", "modifications": "modificaciones",
    "payments_ratio": "ejecucion_pagos", "physical_ratio": "avance_fisico", "rating": "semaforo", "kind": "tipo",
    "beneficiaries": "beneficiarios", "share": "participacion",
}


def public_csv(request, pk: int, table: str):
    """One table of the report; `?formato=excel` gives it in the Spanish-Excel dialect (BOM, ";",
    decimal comma). The figures go back to Decimals first, so that only numbers get the comma."""
    report = _public_report(pk)
    if table not in CSV_TABLES:
        raise Http404("Tabla desconocida.")
    key, fields, totals_key = CSV_TABLES[table]
    data = selectors.load_figures(selectors.report_data(report))
    rows = [["" if row[f] is None else row[f] for f in fields] for row in data[key]]
    totals = data["totals"][totals_key]
    rows.append(["TOTAL" if i == 0 else ("" if totals.get(f) is None else totals[f]) for i, f in enumerate(fields)])
    return csv_download(
        request, f"rendicion-{report.year}-{report.pk}-{table}.csv", [CSV_HEADERS[f] for f in fields], rows
    )


# The open data speak one language: the report's figures (stored with the code's English keys)
# are published with the CSV's Spanish column names.
JSON_KEYS = {
    **CSV_HEADERS, "year": "vigencia", "cutoff": "fecha_corte", "computed_at": "calculado",
    "programs": "programas", "projects": "proyectos", "territories": "territorios", "totals": "totales",
}


def _bogota_iso(value: str | None) -> str | None:
    """A stored UTC timestamp as Bogotá time with its offset (2026-01-20T10:00:00-05:00)."""
    if not value:
        return value
    return timezone.localtime(dt.datetime.fromisoformat(value)).isoformat(timespec="seconds")


def spanish_open_data(data):
    """The report's figures with Spanish keys and Bogotá timestamps (the public JSON)."""
    if isinstance(data, dict):
        return {
            JSON_KEYS.get(key, key): _bogota_iso(value) if key == "computed_at" else spanish_open_data(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [spanish_open_data(item) for item in data]
    return data


def public_json(request, pk: int):
    report = _public_report(pk)
    payload = {
        "informe": {
            "id": report.pk, "titulo": report.title, "vigencia": report.year,
            "desde": report.period_start.isoformat(), "hasta": report.period_end.isoformat(),
            "estado": report.get_state_display(),
            "aprobado": timezone.localtime(report.approved_at).isoformat(timespec="seconds") if report.approved_at else None,
        },
        "datos": spanish_open_data(selectors.report_data(report)),
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    set_download_name(response, f"rendicion-{report.year}-{report.pk}.json")
    return response


# --- Petitions reports (quarterly; access to information) ----------------------------------

PETITION_REPORTS = {"trimestral": ("Informe trimestral de peticiones", False),
                    "acceso": ("Informe de solicitudes de acceso a la información", True)}


def _petitions_context(period: str | None, report: str | None) -> dict:
    """The report named by `informe` for the `periodo` ("2026-T3" or "2026"); an unreadable value
    falls back to the current quarter / the quarterly report, like a filter bar."""
    today = timezone.localdate()
    bounds = selectors.period_bounds(period or "") or selectors.period_bounds(selectors.quarter_of(today))
    assert bounds is not None
    start, end, label = bounds
    report = report if report in PETITION_REPORTS else "trimestral"
    title, access_only = PETITION_REPORTS[report]
    data = selectors.petitions_report(start=start, end=end, access_only=access_only)
    return {
        "data": data, "title": title, "period_label": label, "start": start, "end": end, "report_key": report,
        "period": f"{start.year}" if label.startswith("Año") else selectors.quarter_of(start),
        "rows": _petition_rows(data["requests"]), "by_kind": [(dict(RequestKind.choices)[k], n) for k, n in data["by_kind"].items()],
        "average": (data["average_business_days"] or "").replace(".", ","),
        "quarters": [f"{today.year}-T{q}" for q in range(1, 5)] + [f"{today.year - 1}-T{q}" for q in range(1, 5)],
    }


def _petition_rows(rows: list[dict]) -> list[dict]:
    """The report's rows with Spanish labels and dates, for the page and the PDF."""
    kinds, states = dict(RequestKind.choices), dict(RequestState.choices)
    outcomes, grounds = dict(AnswerOutcome.choices), dict(DenialGround.choices)
    return [{
        **row, "kind_label": kinds[row["kind"]], "state_label": states[row["state"]],
        "received": dt.date.fromisoformat(row["received_on"]), "due": dt.date.fromisoformat(row["due_date"]),
        "answered": dt.date.fromisoformat(row["answered_on"]) if row["answered_on"] else None,
        "outcome_label": outcomes.get(row["outcome"] or "", ""), "ground_label": grounds.get(row["denial_ground"] or "", ""),
    } for row in rows]


@login_required
def petitions_report(request):
    _require_read(request.user)
    context = _petitions_context(request.GET.get("periodo"), request.GET.get("informe"))
    return render(request, "accountability/petitions_report.html", context)


@login_required
def petitions_report_pdf(request):
    _require_read(request.user)
    context = _petitions_context(request.GET.get("periodo"), request.GET.get("informe"))
    return pdf_response("accountability/petitions_pdf.html", context,
                        f"peticiones-{context['report_key']}-{context['period']}.pdf")


def _public_petitions(period: str, report: str) -> dict:
    if report not in PETITION_REPORTS or selectors.period_bounds(period) is None:
        raise Http404("Informe o periodo desconocido.")
    start, end, _ = selectors.period_bounds(period)  # type: ignore[misc]
    return selectors.petitions_report(start=start, end=end, access_only=PETITION_REPORTS[report][1])


PETITION_CSV_HEADERS = {
    "filing_number": "radicado", "received_on": "fecha_recibido", "kind": "tipo", "state": "estado",
    "due_date": "vencimiento", "answered_on": "fecha_respuesta", "business_days": "dias_habiles_respuesta",
    "on_time": "a_tiempo", "outcome": "sentido", "denial_ground": "fundamento_negacion",
}
PETITION_JSON_KEYS = {
    **PETITION_CSV_HEADERS, "start": "desde", "end": "hasta", "access_only": "solo_acceso_a_la_informacion",
    "received": "recibidas", "transferred": "trasladadas", "withdrawn": "desistidas", "pending": "en_tramite",
    "answered": "respondidas", "late": "respondidas_fuera_de_termino",
    "denied": "negadas", "partially_denied": "negadas_parcialmente", "average_business_days": "tiempo_promedio_dias_habiles",
    "grounds": "fundamentos_de_negacion", "ground": "fundamento", "label": "nombre", "count": "cantidad",
    "by_kind": "por_tipo", "requests": "solicitudes",
}


def _spanish_keys(data):
    if isinstance(data, dict):
        return {PETITION_JSON_KEYS.get(k, k): _spanish_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_spanish_keys(item) for item in data]
    return data


def public_petitions_json(request, period: str, report: str):
    data = _public_petitions(period, report)
    data = {**data, "on_time_total": data.pop("on_time")}  # the count; each row's "on_time" is a yes/no
    payload = _spanish_keys(data)
    payload["respondidas_a_tiempo"] = payload.pop("on_time_total")
    response = JsonResponse({"informe": PETITION_REPORTS[report][0], "periodo": period, "datos": payload},
                            json_dumps_params={"ensure_ascii": False, "indent": 1})
    set_download_name(response, f"peticiones-{report}-{period}.json")
    return response


def public_petitions_csv(request, period: str, report: str):
    """One row per request received in the period, no personal data; `?formato=excel` gives the
    Spanish-Excel dialect, like every public CSV."""
    data = _public_petitions(period, report)
    fields = selectors.PETITION_ROW_FIELDS
    rows = [["" if row[f] is None else ("si" if row[f] is True else "no" if row[f] is False else row[f]) for f in fields]
            for row in data["requests"]]
    return csv_download(request, f"peticiones-{report}-{period}.csv", [PETITION_CSV_HEADERS[f] for f in fields], rows)


# --- Public hearings (Ley 1757 de 2015) -------------------------------------------------------


def _require_record_commitment(user) -> None:
    if not roles.may(user, "accountability.record_commitment"):
        raise PermissionDenied(services.NOT_ALLOWED)


@login_required
def hearing_list(request):
    _require_read(request.user)
    page = Paginator(selectors.visible_hearings(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "accountability/hearing_list.html", {
        "page": page, "hearings": page.object_list, "can_manage": roles.may(request.user, "accountability.manage"),
    })


@login_required
def hearing_form(request, pk: int | None = None):
    _require_manage(request.user)
    hearing = get_for_user(selectors.visible_hearings(request.user), pk=pk) if pk else None
    if request.method == "POST":
        form = HearingForm(request.POST, instance=hearing, creating=hearing is None)
        if form.is_valid():
            try:
                hearing = services.hearing_save(by=request.user, hearing=hearing, **form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, "Audiencia guardada.")
                return redirect("accountability:hearing_detail", pk=hearing.pk)
    else:
        initial = {f: getattr(hearing, f) for f in services.HEARING_FIELDS} if hearing else {}
        form = HearingForm(initial=initial, instance=hearing, creating=hearing is None)
    cancel = reverse("accountability:hearing_detail", args=[hearing.pk]) if hearing else reverse("accountability:hearing_list")
    return render(request, "accountability/form.html", {
        "form": form, "title": "Editar audiencia pública" if hearing else "Convocar audiencia pública",
        "cancel": cancel, "submit": "Guardar",
    })


@login_required
def hearing_detail(request, pk: int):
    fetched = fetch_for_user(selectors.visible_hearings(request.user), request.user, perms=("accountability.manage",), pk=pk)
    hearing = fetched.obj
    questions = [(q, wf.QUESTION_WORKFLOW.available(q, request.user)) for q in hearing.questions.select_related("territory")]
    records = roles.may(request.user, "accountability.record_commitment")
    return render(request, "accountability/hearing_detail.html", {
        "hearing": hearing, "questions": questions, "can_manage": fetched.can["manage"], "can_record": records,
        "commitments": list(hearing.commitments.select_related("responsible")),
        "commitment_form": HearingCommitmentForm() if records else None,
        "window_open": hearing.window_open(), "history": history_rows(hearing),
    })


@login_required
def question_moderate(request, pk: int, name: str):
    _require_manage(request.user)
    question = get_for_user(
        HearingQuestion.objects.filter(hearing__in=selectors.visible_hearings(request.user)).select_related("hearing"), pk=pk
    )
    transition = wf.QUESTION_WORKFLOW.get_or_404(name)
    if not wf.QUESTION_WORKFLOW.is_allowed(transition, question, request.user):
        raise PermissionDenied(f"Su rol no permite «{transition.label.lower()}».")
    form = ModerationForm(request.POST or None, instance=question, initial={"answer": question.answer})
    if name != wf.ANSWER_QUESTION:
        del form.fields["answer"]
    if name != wf.REJECT_QUESTION:
        del form.fields["comment"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_moderate(by=request.user, question=question, name=name, answer=data.get("answer", ""),
                                       comment=data.get("comment", ""), version=data.get("version"))
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"Pregunta: {transition.label.lower()} — hecho.")
            return redirect(reverse("accountability:hearing_detail", args=[question.hearing_id]) + "#preguntas")
    return render(request, "accountability/form.html", {
        "form": form, "title": f"{transition.label} · {question.hearing.title}", "submit": transition.label,
        "note": question.text, "cancel": reverse("accountability:hearing_detail", args=[question.hearing_id]),
    })


@login_required
def hearing_commitment_create(request, pk: int):
    _require_record_commitment(request.user)
    hearing = get_for_user(selectors.visible_hearings(request.user), pk=pk)
    return _commitment_form_page(
        request, HearingCommitmentForm(request.POST or None),
        add=lambda **data: services.hearing_commitment_add(by=request.user, hearing=hearing, **data),
        detail_url=reverse("accountability:hearing_detail", args=[hearing.pk]), title=hearing.title,
    )


COMMITMENT_SOURCES: dict[str, type[FollowedCommitment]] = {"concejo": CouncilCommitment, "audiencia": HearingCommitment}


@login_required
def commitment_list(request):
    _require_read(request.user)
    commitments, filterset = selectors.commitments_in_follow_up(request.user, request.GET)
    rows = [(c, selectors.commitment_url(c)) for c in commitments]
    return render(request, "accountability/commitment_list.html", {
        "rows": rows, "form": filterset.form,
        "can_record": roles.may(request.user, "accountability.record_commitment"),
    })


@login_required
def commitment_follow_up(request, source: str, pk: int):
    _require_record_commitment(request.user)
    model = COMMITMENT_SOURCES.get(source)
    if model is None:
        raise Http404("No existe ese tipo de compromiso.")
    commitment = get_for_user(model._default_manager.select_related(*(("hearing",) if model is HearingCommitment else ("session",))), pk=pk)
    form = FollowUpForm(request.POST or None, instance=commitment, initial={
        "status": commitment.status, "delivered_on": commitment.delivered_on, "evidence_note": commitment.evidence_note,
    })
    back = selectors.commitment_url(commitment)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_follow_up(by=request.user, commitment=commitment, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Seguimiento del compromiso guardado.")
            return redirect(back)
    return render(request, "accountability/form.html", {
        "form": form, "title": f"Seguimiento del compromiso ({commitment.source_label})", "submit": "Guardar",
        "note": commitment.description, "cancel": back,
    })


def public_hearing(request, pk: int):
    hearing = get_for_user(selectors.public_hearings().select_related("report"), pk=pk)
    return render(request, "accountability/public_hearing.html", {
        "hearing": hearing, "questions": list(selectors.public_questions(hearing)),
        "commitments": list(hearing.commitments.select_related("responsible")), "window_open": hearing.window_open(),
        "report_public": hearing.report_id and selectors.public_reports().filter(pk=hearing.report_id).exists(),
    })


QUESTION_RECEIVED = "Recibimos su pregunta. Se publicará en esta página con su respuesta una vez sea moderada."
QUESTIONS_LIMITED = (
    "Ha enviado demasiadas preguntas desde su conexión. Vuelva a intentarlo en {minutes} minutos."
)


def public_question(request, pk: int):
    """The citizens' form (no login), open during the question window. A bot that fills the
    honeypot is answered like a person and its question is dropped; each address may send
    HEARING_QUESTIONS_PER_ADDRESS questions per window of time (429 beyond)."""
    hearing = get_for_user(selectors.public_hearings(), pk=pk)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        window = settings.HEARING_QUESTIONS_WINDOW_SECONDS
        key = f"hearing-questions:ip:{client_ip(request) or 'desconocido'}"
        if over_limit(key, settings.HEARING_QUESTIONS_PER_ADDRESS, window):
            form.add_error(None, QUESTIONS_LIMITED.format(minutes=max(1, window // 60)))
            status = 429
        elif form.is_bot:
            messages.success(request, QUESTION_RECEIVED)
            return redirect("accountability:public_hearing", pk=hearing.pk)
        else:
            data = form.cleaned_data
            try:
                services.question_submit(hearing=hearing, text=data["text"], name=data["name"], email=data["email"],
                                         territory=data["territory"])
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, QUESTION_RECEIVED)
                return redirect("accountability:public_hearing", pk=hearing.pk)
    return render(request, "accountability/public_question.html", {
        "hearing": hearing, "form": form, "window_open": hearing.window_open(),
    }, status=status)

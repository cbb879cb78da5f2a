"""Pages of step 4.2. Views stay thin: selectors read, services decide and write."""
from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from isvimed_planning import charts, comments, panels, roles
from isvimed_planning.access import fetch_for_user, get_for_user, require_perm
from isvimed_planning.caching import digest, versioned_fragment
from isvimed_planning.comments import CommentForm, Conversation
from isvimed_planning.files import attachment_response
from isvimed_planning.history import history_rows
from isvimed_planning.list_export import Column, chosen_filters, list_download
from isvimed_planning.models import Territory
from isvimed_planning.params import posted_version
from isvimed_planning.pdf import pdf_response
from isvimed_planning.workflow import DomainError

from . import selectors, services, workflow as wf
from .forms import (
    ActivityForm,
    BpinCorrectionForm,
    DeliverableForm,
    FundingForm,
    MeetingForm,
    ProductForm,
    ProjectGeneralForm,
    ProjectMgaForm,
    RegisterForm,
    RiskForm,
    TerritoriesForm,
    TransitionForm,
)
from .models import Activity, Deliverable, FundingKind, Product, ProjectFunding, ProjectState, Risk
from .selectors import (
    fetch_project_for_user,
    get_project_for_user,
    project_list,
    project_sheet,
    schedule_span,
    visible_meetings,
    visible_projects,
)

PAGE_SIZE = 50


def _editable_project(request, pk: int):
    fetched = fetch_project_for_user(request.user, pk, perms=("projects.edit_project",))
    if not fetched.can["edit_project"]:
        raise PermissionDenied(services.NOT_EDITABLE_MESSAGE)
    return fetched.obj


def _detail_url(project, anchor: str = "") -> str:
    return reverse("projects:detail", args=[project.pk]) + (f"#{anchor}" if anchor else "")


# --- List and page ------------------------------------------------------------------------


@login_required
def index(request):
    _require_read(request.user)
    qs, filterset = project_list(request.user, request.GET)
    query = request.GET.copy()
    query.pop("pagina", None)
    encoded = query.urlencode()

    def table_context() -> dict:
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
        return {"page": page, "projects": page.object_list, "query": encoded}

    if roles.has_role(request.user, *roles.READ_ALL_ROLES):
        # The same list for everybody who sees every project: rendered once per change.
        table = versioned_fragment(
            request, key=f"projects:list:{digest(request.GET.urlencode())}",
            version=selectors.list_version(), template="projects/_list_table.html", context=table_context,
        )
    else:
        table = render_to_string("projects/_list_table.html", table_context(), request=request)
    return render(
        request, "projects/index.html",
        {"form": filterset.form, "table": table, "query": encoded,
         "can_create": roles.may(request.user, "projects.create_project")},
    )


def _require_read(user):
    if not roles.may(user, "projects.read_projects"):
        raise PermissionDenied("Su rol no permite ver proyectos.")


EXPORT_COLUMNS = [
    Column("BPIN", lambda p: p.bank_code, width=14),
    Column("Proyecto", lambda p: p.name, width=50),
    Column("Código del programa", lambda p: p.program.code, width=12),
    Column("Programa", lambda p: p.program.name, width=36),
    Column("Dependencia", lambda p: p.org_unit.name, width=30),
    Column("Responsable", lambda p: p.lead.display_name, width=24),
    Column("Recurso", lambda p: p.get_funding_kind_display(), width=16),
    Column("Territorios", lambda p: ", ".join(t.territory.name for t in p.territories.all()), width=30),
    Column("Fecha de inicio", lambda p: p.start_date, "date", width=12),
    Column("Fecha de fin", lambda p: p.end_date, "date", width=12),
    Column("Costo total", lambda p: p.total_cost, "money", width=18),
    Column("Estado", lambda p: p.get_state_display(), width=16),
]


@login_required
def index_xlsx(request):
    """The list's projects as Excel: the same selector and filters as the page, every row."""
    _require_read(request.user)
    qs, filterset = project_list(request.user, request.GET)
    return list_download(
        qs, EXPORT_COLUMNS, title="4.2 Proyectos de inversión", filters=chosen_filters(filterset),
        filename=f"proyectos-{timezone.localdate():%Y-%m-%d}.xlsx", sheet="Proyectos",
    )


TIMELINE_PAGE_SIZE = 100


@login_required
def timeline(request):
    """The schedule of the list's projects (same selector and filters): a bar from start to end
    date, grouped by program, on an axis spanning every filtered project (not only this page's)."""
    _require_read(request.user)
    qs, filterset = project_list(request.user, request.GET)
    page = Paginator(qs, TIMELINE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    first, last = schedule_span(qs)
    groups = [
        (f"{program.code} {program.name}", [
            charts.TimelineItem(
                label=p.name, start=p.start_date, end=p.end_date, style=p.state, state=p.get_state_display(),
                url=reverse("projects:detail", args=[p.pk]),
            ) for p in projects
        ])
        for program, projects in groupby(page.object_list, key=lambda p: p.program)
    ]
    chart = charts.timeline(groups, today=timezone.localdate(), first=first, last=last)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "projects/timeline.html",
        {"form": filterset.form, "page": page, "chart": chart, "query": query.urlencode(), "states": ProjectState.choices},
    )


@login_required
def detail(request, pk: int):
    return _render_detail(request, pk)


def _render_detail(request, pk: int, *, comment_form: CommentForm | None = None, status: int = 200):
    """The project page; `comment_form` is a refused comment, shown again in the conversation."""
    fetched = fetch_project_for_user(
        request.user, pk, perms=("projects.edit_project", "projects.correct_bank_code", "projects.comment_project"),
    )
    project = fetched.obj
    sheet = project_sheet(project)
    transitions = wf.PROJECT_WORKFLOW.available(project, request.user)
    if fetched.can["comment_project"] and comment_form is None:
        comment_form = CommentForm()
    return render(
        request, "projects/detail.html",
        {
            "project": project, "sheet": sheet, "transitions": transitions,
            "can_edit": fetched.can["edit_project"],
            "can_correct_bank_code": fetched.can["correct_bank_code"] and bool(project.bank_code),
            "problems": services.completeness_problems(project) if project.state in ("formulation", "returned") else [],
            "history": history_rows(project),
            "panels": panels.shown("project", request, project),
            "conversation": Conversation(
                comments=selectors.project_comments(project),
                form=comment_form if fetched.can["comment_project"] else None,
                action=reverse("projects:comment_add", args=[project.pk]), state_label=project.get_state_display(),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def comment_add(request, pk: int):
    """Writes in the project's conversation; a refused comment comes back on the project page as typed."""
    fetched = fetch_project_for_user(request.user, pk, perms=("projects.comment_project",))
    project = fetched.obj
    if not fetched.can["comment_project"]:
        raise PermissionDenied(services.COMMENT_REFUSED)
    return comments.handle_post(
        request, add=lambda text: services.project_comment_add(project=project, by=request.user, text=text),
        done_url=_detail_url(project, "conversacion"),
        refused=lambda form: _render_detail(request, pk, comment_form=form, status=400),
    )


@login_required
def sheet_pdf(request, pk: int):
    project = get_project_for_user(request.user, pk)
    sheet = project_sheet(project)
    filename = f"ficha-proyecto-{project.bank_code or project.pk}.pdf"
    return pdf_response("projects/sheet_pdf.html", {"project": project, "sheet": sheet}, filename)


# --- Creation and sections ----------------------------------------------------------------


@login_required
def create(request):
    if not roles.may(request.user, "projects.create_project"):
        raise PermissionDenied("Su rol no permite crear proyectos.")
    form = ProjectGeneralForm(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                by=request.user, name=data["name"], program=data["program"], org_unit=data["org_unit"],
                start_date=data["start_date"], end_date=data["end_date"], funding_kind=data["funding_kind"],
                lead=data.get("lead"),
                territory=data.get("territory") if data["funding_kind"] == FundingKind.PARTICIPATORY else None,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Proyecto creado. Complete sus secciones; puede hacerlo en varias sesiones.")
            return redirect(_detail_url(project))
    return render(request, "projects/form.html", {"form": form, "title": "Nuevo proyecto", "project": None})


def _section(request, pk, *, form_factory, save, title, anchor, initial=None, template="projects/form.html", extra=None):
    project = _editable_project(request, pk)
    if request.method == "POST":
        form = form_factory(project, request.POST)
        if form.is_valid():
            try:
                save(project, form.cleaned_data, form)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, "Cambios guardados.")
                return redirect(_detail_url(project, anchor))
    else:
        form = form_factory(project, None, initial={"version": project.version, **(initial(project) if initial else {})})
    context = {"form": form, "project": project, "title": title, "cancel": _detail_url(project, anchor)}
    context.update(extra or {})
    return render(request, template, context)


@login_required
def edit_general(request, pk: int):
    def save(project, d, form):
        services.project_update_general(
            project=project, by=request.user, version=d["version"], name=d["name"], program=d["program"],
            org_unit=d["org_unit"], start_date=d["start_date"], end_date=d["end_date"],
            funding_kind=d["funding_kind"], lead=d.get("lead"),
        )

    return _section(
        request, pk, title="Datos generales", anchor="general",
        form_factory=lambda p, data, **kw: ProjectGeneralForm(data, user=request.user, **kw),
        initial=lambda p: {
            "name": p.name, "program": p.program_id, "org_unit": p.org_unit_id, "lead": p.lead_id,
            "funding_kind": p.funding_kind, "start_date": p.start_date, "end_date": p.end_date,
        },
        save=save,
    )


@login_required
def edit_mga(request, pk: int):
    def save(project, d, form):
        data = {k: v for k, v in d.items() if k != "version"}
        services.project_update_mga(project=project, by=request.user, version=d["version"], **data)

    return _section(
        request, pk, title="Problema, objetivos y población (MGA)", anchor="mga",
        form_factory=lambda p, data, **kw: ProjectMgaForm(data, **kw),
        initial=lambda p: {name: getattr(p, name) for name in services.MGA_FIELDS},
        save=save,
    )


@login_required
def edit_territories(request, pk: int):
    territories = list(Territory.objects.all())

    def save(project, d, form):
        services.project_set_territories(project=project, by=request.user, version=d["version"], rows=form.rows())

    return _section(
        request, pk, title="Localización (territorios)", anchor="territorios", template="projects/territories_form.html",
        form_factory=lambda p, data, **kw: TerritoriesForm(data, territories=territories, **kw),
        initial=lambda p: {f"share_{pt.territory_id}": pt.share for pt in p.territories.all()},
        save=save,
    )


def _item(project, model, item_pk):
    if item_pk is None:
        return None
    lookup = {"product__project": project} if model is Activity else {"project": project}
    try:
        return model.objects.get(pk=item_pk, **lookup)
    except model.DoesNotExist:
        raise Http404("No existe o no tiene acceso.") from None


@login_required
def product_form(request, pk: int, item_pk: int | None = None):
    project = get_project_for_user(request.user, pk)
    product = _item(project, Product, item_pk)
    years = services.project_years(project)

    def save(project, d, form):
        services.product_save(
            project=project, by=request.user, version=d["version"], code=d["code"], name=d["name"],
            indicator=d["indicator"], unit=d["unit"], goals=form.goals(), product=product,
            mga_product_code=d["mga_product_code"],
        )

    def initial(p):
        if product is None:
            return {"code": f"P{p.products.count() + 1}"}
        goals = {f"goal_{g.year}": g.goal for g in product.goals.all()}
        return {
            "code": product.code, "name": product.name, "indicator": product.indicator_id, "unit": product.unit,
            "mga_product_code": product.mga_product_code, **goals,
        }

    return _section(
        request, pk, title="Producto" if product else "Nuevo producto", anchor="productos",
        template="projects/product_form.html",
        form_factory=lambda p, data, **kw: ProductForm(data, project=p, years=years, **kw),
        initial=initial, save=save, extra={"item": product},
    )


@login_required
def activity_form(request, pk: int, item_pk: int | None = None):
    project = get_project_for_user(request.user, pk)
    activity = _item(project, Activity, item_pk)
    years = services.project_years(project)

    def save(project, d, form):
        services.activity_save(
            project=project, by=request.user, version=d["version"], product=d["product"], name=d["name"],
            costs=form.costs(), activity=activity,
        )

    def initial(p):
        if activity is None:
            return {"product": request.GET.get("producto")}
        costs = {f"cost_{c.year}": c.amount for c in activity.costs.all()}
        return {"product": activity.product_id, "name": activity.name, **costs}

    return _section(
        request, pk, title="Actividad" if activity else "Nueva actividad", anchor="productos",
        template="projects/activity_form.html",
        form_factory=lambda p, data, **kw: ActivityForm(data, project=p, years=years, **kw),
        initial=initial, save=save, extra={"item": activity},
    )


@login_required
def deliverable_form(request, pk: int, item_pk: int | None = None):
    project = get_project_for_user(request.user, pk)
    item = _item(project, Deliverable, item_pk)

    def save(project, d, form):
        services.deliverable_save(
            project=project, by=request.user, version=d["version"], name=d["name"], product=d.get("product"),
            due_date=d.get("due_date"), deliverable=item,
        )

    return _section(
        request, pk, title="Entregable", anchor="entregables",
        form_factory=lambda p, data, **kw: DeliverableForm(data, project=p, **kw),
        initial=lambda p: {"name": item.name, "product": item.product_id, "due_date": item.due_date} if item else {},
        save=save, extra={"item": item},
    )


@login_required
def risk_form(request, pk: int, item_pk: int | None = None):
    project = get_project_for_user(request.user, pk)
    item = _item(project, Risk, item_pk)

    def save(project, d, form):
        services.risk_save(
            project=project, by=request.user, version=d["version"], description=d["description"],
            probability=d["probability"], impact=d["impact"], mitigation=d["mitigation"], risk=item,
        )

    return _section(
        request, pk, title="Riesgo", anchor="riesgos",
        form_factory=lambda p, data, **kw: RiskForm(data, **kw),
        initial=lambda p: {
            "description": item.description, "probability": item.probability, "impact": item.impact,
            "mitigation": item.mitigation,
        } if item else {},
        save=save, extra={"item": item},
    )


@login_required
def funding_form(request, pk: int, item_pk: int | None = None):
    project = get_project_for_user(request.user, pk)
    item = _item(project, ProjectFunding, item_pk)
    years = services.project_years(project)

    def save(project, d, form):
        services.funding_save(
            project=project, by=request.user, version=d["version"], source=d["source"], year=d["year"],
            amount=d["amount"], funding=item,
        )

    return _section(
        request, pk, title="Fuente de financiación", anchor="financiacion",
        form_factory=lambda p, data, **kw: FundingForm(data, years=years, current=item.source if item else None, **kw),
        initial=lambda p: {"source": item.source_id, "year": item.year, "amount": item.amount} if item else {},
        save=save, extra={"item": item},
    )


ITEM_MODELS = {"producto": (Product, "productos"), "actividad": (Activity, "productos"),
               "entregable": (Deliverable, "entregables"), "riesgo": (Risk, "riesgos"),
               "fuente": (ProjectFunding, "financiacion")}


@login_required
@require_POST
def item_delete(request, pk: int, kind: str, item_pk: int):
    project = _editable_project(request, pk)
    if kind not in ITEM_MODELS:
        raise Http404("No existe.")
    model, anchor = ITEM_MODELS[kind]
    item = _item(project, model, item_pk)
    try:
        services.project_item_delete(project=project, by=request.user, version=_posted_version(request), item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Elemento eliminado.")
    return redirect(_detail_url(project, anchor))


def _posted_version(request) -> int | None:
    return posted_version(request.POST.get("version"))


# --- Workflow -----------------------------------------------------------------------------


@login_required
def transition(request, pk: int, name: str):
    project = get_project_for_user(request.user, pk)
    if name not in wf.PROJECT_WORKFLOW.transitions:
        raise Http404("No existe.")
    step = wf.PROJECT_WORKFLOW.transitions[name]
    if not wf.PROJECT_WORKFLOW.is_allowed(step, project, request.user):  # POST too, not only the form page
        raise PermissionDenied("Su rol no permite esta acción.")
    form_class = RegisterForm if name == wf.REGISTER else TransitionForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            extra = {"bank_code": d["bank_code"], "registered_on": d["registered_on"]} if name == wf.REGISTER else {}
            try:
                services.project_transition(
                    project=project, by=request.user, name=name, comment=d.get("comment", ""),
                    version=d["version"], **extra,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, f"{step.label}: hecho. El proyecto quedó «{project.get_state_display()}».")
                return redirect(_detail_url(project, "trazabilidad"))
        status = 400
    else:
        form = form_class(initial={"version": project.version})
        status = 200
    if step.needs_comment:
        form.fields["comment"].required = True
        form.fields["comment"].label = "Comentario (obligatorio)"
    conversation = Conversation(  # the decision is taken with the thread in view; one writes on the project's page
        comments=selectors.project_comments(project), form=None, action="", state_label=project.get_state_display(),
        reply_url=_detail_url(project, "conversacion") if roles.may(request.user, "projects.comment_project", project) else "",
    )
    return render(
        request, "projects/transition_form.html",
        {"form": form, "project": project, "step": step, "conversation": conversation}, status=status,
    )


@login_required
def bpin_correct(request, pk: int):
    """Planning staff correct a BPIN typed wrong at registration."""
    project = get_project_for_user(request.user, pk)
    require_perm(request.user, "projects.correct_bank_code", project)
    form = BpinCorrectionForm(request.POST or None, initial={"version": project.version, "bank_code": project.bank_code})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.project_bpin_correct(
                project=project, by=request.user, bank_code=d["bank_code"], reason=d["reason"], version=d["version"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"BPIN corregido: ahora es {project.bank_code}.")
            return redirect(_detail_url(project, "trazabilidad"))
    return render(
        request, "projects/form.html",
        {"form": form, "project": project, "title": "Corregir el BPIN", "cancel": _detail_url(project)},
    )


# --- Participatory budget meetings ----------------------------------------------------------


@login_required
def meeting_list(request):
    if not roles.may(request.user, "projects.read_projects"):  # like the project list: no role, no meetings page
        raise PermissionDenied("Su rol no permite ver proyectos.")
    meetings, filterset = selectors.meeting_list(request.user, request.GET)
    return render(
        request, "projects/meeting_list.html",
        {"meetings": meetings, "can_manage": roles.may(request.user, "projects.manage_meetings"),
         "territories": Territory.objects.exclude(kind="city"), "territory": filterset.chosen_territory},
    )


@login_required
def meeting_detail(request, pk: int):
    fetched = fetch_for_user(
        visible_meetings(request.user).select_related("territory", "created_by"), request.user,
        perms=("projects.manage_meetings",), pk=pk,
    )
    meeting = fetched.obj
    projects = visible_projects(request.user).filter(meetings=meeting)
    return render(
        request, "projects/meeting_detail.html",
        {"meeting": meeting, "projects": projects, "can_manage": fetched.can["manage_meetings"],
         "history": history_rows(meeting)},
    )


@login_required
def meeting_form(request, pk: int | None = None):
    require_perm(request.user, "projects.manage_meetings")
    meeting = get_for_user(visible_meetings(request.user), pk=pk) if pk else None
    if request.method == "POST":
        form = MeetingForm(request.POST, request.FILES, instance=meeting, creating=meeting is None)
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = services.meeting_save(
                    by=request.user, territory=d["territory"], date=d["date"], kind=d["kind"],
                    attendees=d["attendees"], agreements=d["agreements"], projects=d["projects"],
                    minutes=d.get("minutes") or None, meeting=meeting, version=d.get("version"),
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, "Reunión guardada.")
                return redirect("projects:meeting_detail", pk=meeting.pk)
    else:
        initial = {}
        if meeting:
            initial = {
                "territory": meeting.territory_id, "date": meeting.date, "kind": meeting.kind,
                "attendees": meeting.attendees, "agreements": meeting.agreements,
                "projects": list(meeting.projects.values_list("pk", flat=True)),
            }
        form = MeetingForm(initial=initial, instance=meeting, creating=meeting is None)
    return render(request, "projects/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_minutes(request, pk: int):
    meeting = get_for_user(visible_meetings(request.user), pk=pk)
    if not meeting.minutes:
        raise Http404("La reunión no tiene acta.")
    return attachment_response(meeting.minutes, meeting.minutes_name or f"acta-{meeting.pk}")

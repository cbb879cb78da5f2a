"""Pages of step 4.1. Views stay thin: selectors read, services decide and write.

Everyone with a role reads the plan; only `planeacion` edits (403 otherwise, GET or POST);
only `direccion` approves the platform.
"""
from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from isvimed_planning import panels, roles
from isvimed_planning.access import fetch_for_user, get_for_user, require_perm
from isvimed_planning.caching import digest, versioned_fragment
from isvimed_planning.files import attachment_response
from isvimed_planning.formatting import format_number
from isvimed_planning.history import history_rows
from isvimed_planning.list_export import Column, chosen_filters, list_download
from isvimed_planning.params import query_int
from isvimed_planning.pdf import pdf_response
from isvimed_planning.workflow import DomainError

from . import catalogue, selectors, services, workflow as wf
from .forms import (
    PLATFORM_ITEM_KINDS,
    CatalogueImportForm,
    CompareForm,
    ComponentForm,
    IndicatorForm,
    InstrumentForm,
    LineForm,
    PlanForm,
    PlatformForm,
    PlatformItemForm,
    ProgramForm,
)
from .models import CatalogueImport, CatalogueProduct, Component, PlatformState, Program, StrategicLine

PAGE_SIZE = 100


def _require_reader(user) -> None:
    if not roles.may(user, "strategy.read_plan"):
        raise PermissionDenied("Su rol no permite ver el plan.")


def _require_planner(user) -> None:
    require_perm(user, "strategy.edit_plan")


def _plan(user, pk):
    return get_for_user(selectors.visible_plans(user), pk=pk)


def _tree_url(plan, anchor: str = "") -> str:
    return reverse("strategy:index") + f"?plan={plan.pk}" + (f"#{anchor}" if anchor else "")


def _form_page(request, form, *, title, cancel, plan=None, template="strategy/form.html", extra=None):
    context = {"form": form, "title": title, "cancel": cancel, "plan": plan}
    context.update(extra or {})
    return render(request, template, context)


# --- Plan tree (the app index) ------------------------------------------------------------


@login_required
def index(request):
    _require_reader(request.user)
    plans = list(selectors.visible_plans(request.user).order_by("-first_year"))
    plan = None
    if request.GET.get("plan"):
        plan = _plan(request.user, request.GET["plan"])
    else:
        plan = selectors.current_plan()
    context = {
        "plans": plans, "plan": plan, "can_edit": roles.may(request.user, "strategy.edit_plan"),
        "can_import_catalogue": roles.may(request.user, "strategy.import_catalogue"),
    }
    if plan is not None:
        tree_plan, can_edit = plan, context["can_edit"]
        context.update(
            # Hundreds of indicators: rendered once per change of the plan, not per request.
            tree=versioned_fragment(
                request, key=f"strategy:tree:{plan.pk}:{int(can_edit)}", version=selectors.tree_version(),
                template="strategy/_tree.html",
                context=lambda: {"lines": selectors.plan_tree(tree_plan), "years": list(tree_plan.years),
                                 "plan": tree_plan, "can_edit": can_edit},
            ),
            platform=plan.platforms.order_by("-version").first(),
            approved=plan.platforms.filter(state=PlatformState.APPROVED).exists(),
        )
    return render(request, "strategy/index.html", context)


@login_required
def plan_create(request):
    _require_planner(request.user)
    form = PlanForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Plan creado con la versión 1 de su plataforma en borrador.")
            return redirect(_tree_url(plan))
    return _form_page(request, form, title="Nuevo plan de desarrollo", cancel=reverse("strategy:index"))


@login_required
def plan_edit(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    initial = {"name": plan.name, "first_year": plan.first_year, "agreement": plan.agreement}
    form = PlanForm(request.POST or None, initial=initial, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Plan actualizado.")
            return redirect(_tree_url(plan))
    return _form_page(request, form, title=f"Editar {plan}", cancel=_tree_url(plan), plan=plan)


@login_required
def plan_pdf(request, pk: int):
    _require_reader(request.user)
    plan = _plan(request.user, pk)
    platform = selectors.latest_approved_platform(plan)
    if platform is None:
        raise Http404("El plan no tiene una plataforma aprobada.")
    context = {"plan": plan, "platform": platform, "lines": selectors.plan_tree(plan), "years": list(plan.years)}
    return pdf_response("strategy/plan_pdf.html", context, f"plan-{plan.first_year}-{plan.last_year}.pdf")


# --- Lines, components, programs ---------------------------------------------------------


def _node_form(request, *, plan, form, save, title, done_message):
    if request.method == "POST" and form.is_valid():
        try:
            node = save(form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, done_message)
            return redirect(_tree_url(plan, f"n-{node.code}"))
    return _form_page(request, form, title=title, cancel=_tree_url(plan), plan=plan)


@login_required
def line_create(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    form = LineForm(request.POST or None, creating=True)
    return _node_form(
        request, plan=plan, form=form, title="Nueva línea estratégica", done_message="Línea creada.",
        save=lambda d: services.line_save(by=request.user, plan=plan, code=d["code"], name=d["name"]),
    )


@login_required
def line_edit(request, pk: int):
    _require_planner(request.user)
    line = get_for_user(StrategicLine.objects.select_related("plan"), pk=pk)
    form = LineForm(request.POST or None, initial={"code": line.code, "name": line.name}, instance=line)
    return _node_form(
        request, plan=line.plan, form=form, title=f"Editar línea {line.code}", done_message="Línea actualizada.",
        save=lambda d: services.line_save(
            by=request.user, plan=line.plan, line=line, code=d["code"], name=d["name"], version=d["version"]
        ),
    )


@login_required
def component_create(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    form = ComponentForm(request.POST or None, plan=plan, initial={"line": request.GET.get("linea")}, creating=True)
    return _node_form(
        request, plan=plan, form=form, title="Nuevo componente", done_message="Componente creado.",
        save=lambda d: services.component_save(by=request.user, line=d["line"], code=d["code"], name=d["name"]),
    )


@login_required
def component_edit(request, pk: int):
    _require_planner(request.user)
    comp = get_for_user(Component.objects.select_related("plan"), pk=pk)
    form = ComponentForm(
        request.POST or None, plan=comp.plan, initial={"line": comp.line_id, "code": comp.code, "name": comp.name},
        instance=comp,
    )
    return _node_form(
        request, plan=comp.plan, form=form, title=f"Editar componente {comp.code}", done_message="Componente actualizado.",
        save=lambda d: services.component_save(
            by=request.user, component=comp, line=d["line"], code=d["code"], name=d["name"], version=d["version"]
        ),
    )


@login_required
def program_create(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    form = ProgramForm(
        request.POST or None, plan=plan, initial={"component": request.GET.get("componente")}, creating=True
    )
    return _node_form(
        request, plan=plan, form=form, title="Nuevo programa", done_message="Programa creado.",
        save=lambda d: services.program_save(
            by=request.user, component=d["component"], code=d["code"], name=d["name"],
            budget_program_code=d["budget_program_code"],
        ),
    )


@login_required
def program_edit(request, pk: int):
    _require_planner(request.user)
    prog = get_for_user(Program.objects.select_related("plan"), pk=pk)
    form = ProgramForm(
        request.POST or None, plan=prog.plan,
        initial={
            "component": prog.component_id, "code": prog.code, "name": prog.name,
            "budget_program_code": prog.budget_program_code,
        },
        instance=prog,
    )
    return _node_form(
        request, plan=prog.plan, form=form, title=f"Editar programa {prog.code}", done_message="Programa actualizado.",
        save=lambda d: services.program_save(
            by=request.user, program=prog, component=d["component"], code=d["code"], name=d["name"],
            version=d["version"], budget_program_code=d["budget_program_code"],
        ),
    )


# The plan-tree nodes a URL may name (node_delete).
NODE_MODELS: dict[str, type[StrategicLine] | type[Component] | type[Program]] = {
    "linea": StrategicLine, "componente": Component, "programa": Program,
}


@login_required
@require_POST
def node_delete(request, kind: str, pk: int):
    _require_planner(request.user)
    model = NODE_MODELS.get(kind)
    if model is None:
        raise Http404
    # Each node model has its plan; the type of a dict of three models is only their common base.
    node = cast(StrategicLine | Component | Program, get_for_user(model.objects.select_related("plan"), pk=pk))
    plan = node.plan
    try:
        services.node_delete(by=request.user, node=node)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"«{node}» eliminado.")
    return redirect(_tree_url(plan))


# --- Indicators --------------------------------------------------------------------------


@login_required
def indicator_list(request):
    _require_reader(request.user)
    plan = _plan(request.user, request.GET["plan"]) if request.GET.get("plan") else selectors.current_plan()
    if plan is None:
        return render(request, "strategy/indicator_list.html", {"plan": None})
    qs, flt = selectors.indicator_list(request.user, plan, request.GET)
    query = request.GET.copy()
    query.pop("pagina", None)
    encoded = query.urlencode()

    def table_context() -> dict:
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
        selectors.attach_target_cells(page.object_list, plan)
        return {"page": page, "indicators": page.object_list, "years": list(plan.years), "query": encoded}

    # The same for everybody who may read the plan (its indicators are the plan's): the table of
    # a page of 50 indicators with their yearly targets, rendered once per change of the plan.
    table = versioned_fragment(
        request, key=f"strategy:indicators:{plan.pk}:{digest(request.GET.urlencode())}",
        version=selectors.tree_version(), template="strategy/_indicator_table.html", context=table_context,
    )
    return render(
        request, "strategy/indicator_list.html",
        {"plan": plan, "filter": flt, "table": table, "query": encoded,
         "can_edit": roles.may(request.user, "strategy.edit_plan")},
    )


def _indicator_columns(plan) -> list[Column]:
    def target(n: int):
        return lambda indicator: indicator.target_cells[n]

    targets = [Column(f"Meta {year}", target(n), "number", width=12) for n, year in enumerate(plan.years)]
    return [
        Column("Código", lambda i: i.code, width=12),
        Column("Indicador", lambda i: i.name, width=50),
        Column("Código del programa", lambda i: i.program.code, width=12),
        Column("Programa", lambda i: i.program.name, width=36),
        Column("Tipo", lambda i: i.get_kind_display(), width=12),
        Column("Unidad", lambda i: i.unit, width=16),
        Column("Línea base", lambda i: i.baseline, "number", width=12),
        Column("Año línea base", lambda i: i.baseline_year, "year", width=10),
        Column("Meta cuatrienio", lambda i: i.period_target, "number", width=14),
        *targets,
        Column("Ponderación (%)", lambda i: i.weight, "number", width=12),
        Column("Dependencia", lambda i: i.org_unit.name, width=30),
    ]


@login_required
def indicator_list_xlsx(request):
    """The plan's indicators of the list as Excel: the same selector and filters, every row."""
    _require_reader(request.user)
    plan = _plan(request.user, request.GET["plan"]) if request.GET.get("plan") else selectors.current_plan()
    if plan is None:
        raise Http404("Aún no hay un plan de desarrollo registrado.")
    qs, flt = selectors.indicator_list(request.user, plan, request.GET)
    indicators = list(qs)
    selectors.attach_target_cells(indicators, plan)
    return list_download(
        indicators, _indicator_columns(plan), title=f"Indicadores del Plan Indicativo · {plan.name}",
        filters=chosen_filters(flt), filename=f"indicadores-{plan.first_year}-{plan.last_year}.xlsx", sheet="Indicadores",
    )


def _indicator(user, pk):
    return get_for_user(
        selectors.visible_indicators(user).select_related("plan", "program__component__line", "org_unit"), pk=pk
    )


@login_required
def indicator_detail(request, pk: int):
    _require_reader(request.user)
    fetched = fetch_for_user(
        selectors.visible_indicators(request.user).select_related("plan", "program__component__line", "org_unit"),
        request.user, perms=("strategy.edit_plan",), pk=pk,
    )
    ind = fetched.obj
    selectors.attach_target_cells([ind], ind.plan)
    return render(
        request, "strategy/indicator_detail.html",
        {"indicator": ind, "plan": ind.plan, "years": list(ind.plan.years),
         "targets": list(zip(ind.plan.years, ind.target_cells, strict=True)),
         "weights": selectors.program_weights(ind.program),
         "history": history_rows(ind), "target_history": selectors.target_history(ind),
         "can_edit": fetched.can["edit_plan"], "panels": panels.shown("indicator", request, ind)},
    )


def _indicator_form_page(request, *, plan, indicator=None, initial=None):
    form = IndicatorForm(
        request.POST or None, plan=plan, exclude_pk=indicator.pk if indicator else None, initial=initial,
        instance=indicator, creating=indicator is None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ind = services.indicator_save(
                by=request.user, indicator=indicator, program=d["program"], code=d["code"], name=d["name"],
                kind=d["kind"], unit=d["unit"], direction=d["direction"], accumulation=d["accumulation"],
                baseline=d["baseline"], baseline_year=d["baseline_year"], period_target=d["period_target"],
                weight=d["weight"], org_unit=d["org_unit"], targets=form.targets(), version=d.get("version"),
                mga_indicator_code=d["mga_indicator_code"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"Indicador {ind.code} guardado.")
            return redirect(_tree_url(plan, f"n-{ind.program.code}"))
    program = None
    program_id = (form.data.get("program") if form.is_bound else (initial or {}).get("program"))
    if program_id:
        program_id = query_int(program_id)
        program = Program.objects.filter(plan=plan, pk=program_id).first() if program_id is not None else None
    weights = None
    if program is not None:
        siblings = [i for i in program.indicators.all() if indicator is None or i.pk != indicator.pk]
        weights = selectors.weight_sum(siblings)
    title = f"Editar indicador {indicator.code}" if indicator else "Nuevo indicador"
    cancel = reverse("strategy:indicator", args=[indicator.pk]) if indicator else _tree_url(plan)
    return render(
        request, "strategy/indicator_form.html",
        {"form": form, "plan": plan, "title": title, "cancel": cancel, "program": program,
         "sibling_weights": weights, "indicator": indicator},
    )


@login_required
def indicator_create(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    initial = {"program": request.GET.get("programa"), "baseline_year": plan.first_year - 1}
    return _indicator_form_page(request, plan=plan, initial=initial)


@login_required
def indicator_edit(request, pk: int):
    _require_planner(request.user)
    ind = _indicator(request.user, pk)
    initial = {
        name: getattr(ind, name)
        for name in ("code", "name", "kind", "unit", "direction", "accumulation", "baseline", "baseline_year",
                     "period_target", "weight", "mga_indicator_code")
    }
    initial.update(program=ind.program_id, org_unit=ind.org_unit_id)
    initial.update({f"target_{t.year}": t.value for t in ind.annual_targets.all()})
    for name, value in initial.items():  # "1.234,5" rather than "1234,5000"
        if isinstance(value, Decimal):
            initial[name] = format_number(value, 4, trim=True)
    return _indicator_form_page(request, plan=ind.plan, indicator=ind, initial=initial)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    _require_planner(request.user)
    ind = _indicator(request.user, pk)
    try:
        services.indicator_delete(by=request.user, indicator=ind)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("strategy:indicator", pk=ind.pk)
    messages.success(request, f"Indicador {ind.code} eliminado.")
    return redirect(_tree_url(ind.plan))


# --- Strategic platform ------------------------------------------------------------------


@login_required
def platform_index(request, pk: int):
    _require_reader(request.user)
    plan = _plan(request.user, pk)
    latest = plan.platforms.order_by("-version").first()
    if latest is None:
        return render(request, "strategy/platform_empty.html", {"plan": plan, "can_edit": roles.may(request.user, "strategy.edit_plan")})
    return redirect("strategy:platform", pk=latest.pk)


def _platform(user, pk):
    found = get_for_user(selectors.visible_platforms(user), pk=pk)
    return selectors.platform_full(found.pk)


@login_required
def platform_detail(request, pk: int):
    _require_reader(request.user)
    platform = _platform(request.user, pk)
    plan = platform.plan
    versions = selectors.platform_versions(plan)
    editable = roles.may(request.user, "strategy.edit_platform", platform)
    previous = next((v for v in versions if v.version < platform.version), None)
    return render(
        request, "strategy/platform.html",
        {
            "platform": platform, "plan": plan, "versions": versions, "editable": editable,
            "can_approve": bool(wf.PLATFORM_WORKFLOW.available(platform, request.user)),
            "can_new_version": roles.may(request.user, "strategy.edit_plan")
            and not any(v.state == PlatformState.DRAFT for v in versions)
            and any(v.state == PlatformState.APPROVED for v in versions),
            "previous": previous, "item_kinds": _item_sections(platform),
            "history": history_rows(platform),
        },
    )


def _item_sections(platform):
    sections = []
    for word, (related, singular, name_label, detail_label) in PLATFORM_ITEM_KINDS.items():
        sections.append({
            "word": word, "singular": singular, "name_label": name_label, "detail_label": detail_label,
            "items": list(getattr(platform, related).all()),
            "title": str(getattr(platform, related).model._meta.verbose_name_plural).capitalize(),
        })
    return sections


@login_required
def platform_edit(request, pk: int):
    _require_planner(request.user)
    platform = _platform(request.user, pk)
    if platform.state != PlatformState.DRAFT:
        raise PermissionDenied(services.PLATFORM_READ_ONLY)
    initial = {name: getattr(platform, name) for name in services.PLATFORM_TEXT_FIELDS}
    form = PlatformForm(request.POST or None, initial=initial, instance=platform)
    cancel = reverse("strategy:platform", args=[platform.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_update(platform=platform, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Plataforma guardada.")
            return redirect(cancel)
    return _form_page(request, form, title=f"Editar plataforma v{platform.version}", cancel=cancel, plan=platform.plan)


def _item_kind(word: str):
    if word not in PLATFORM_ITEM_KINDS:
        raise Http404
    return PLATFORM_ITEM_KINDS[word]


@login_required
def platform_item(request, pk: int, kind: str, item: int | None = None):
    _require_planner(request.user)
    related, singular, _, _ = _item_kind(kind)
    platform = _platform(request.user, pk)
    if platform.state != PlatformState.DRAFT:
        raise PermissionDenied(services.PLATFORM_READ_ONLY)
    obj = get_for_user(getattr(platform, related).all(), pk=item) if item else None
    model, fields = services.PLATFORM_LISTS[related]
    initial = {"name": obj.name, "detail": getattr(obj, fields[1])} if obj else None
    form = PlatformItemForm(request.POST or None, kind=kind, initial=initial, instance=obj, creating=obj is None)
    cancel = reverse("strategy:platform", args=[platform.pk]) + f"#{kind}"
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_item_save(
                platform=platform, by=request.user, kind=related, item=obj, version=form.cleaned_data.get("version"),
                **{fields[0]: form.cleaned_data["name"], fields[1]: form.cleaned_data["detail"]},
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, f"{singular.capitalize()} guardado.")
            return redirect(cancel)
    title = f"Editar {singular}" if obj else f"Agregar {singular}"
    return _form_page(request, form, title=title, cancel=cancel, plan=platform.plan)


@login_required
@require_POST
def platform_item_delete(request, pk: int, kind: str, item: int):
    _require_planner(request.user)
    related, singular, _, _ = _item_kind(kind)
    platform = _platform(request.user, pk)
    obj = get_for_user(getattr(platform, related).all(), pk=item)
    try:
        services.platform_item_delete(platform=platform, by=request.user, kind=related, item=obj)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{singular.capitalize()} eliminado.")
    return redirect(reverse("strategy:platform", args=[platform.pk]) + f"#{kind}")


@login_required
@require_POST
def platform_approve(request, pk: int):
    require_perm(request.user, "strategy.approve_platform")
    platform = _platform(request.user, pk)
    try:
        services.platform_approve(platform=platform, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Versión {platform.version} de la plataforma aprobada.")
    return redirect("strategy:platform", pk=platform.pk)


@login_required
@require_POST
def platform_new_version(request, pk: int):
    _require_planner(request.user)
    plan = _plan(request.user, pk)
    try:
        draft = services.platform_new_version(plan=plan, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("strategy:platform_index", pk=plan.pk)
    messages.success(request, f"Versión {draft.version} creada en borrador como copia de la última aprobada.")
    return redirect("strategy:platform", pk=draft.pk)


@login_required
def platform_compare(request, pk: int):
    _require_reader(request.user)
    plan = _plan(request.user, pk)
    form = CompareForm(request.GET or None, plan=plan)
    context = {"plan": plan, "form": form}
    if form.is_bound and form.is_valid():
        a = selectors.platform_full(form.cleaned_data["a"].pk)
        b = selectors.platform_full(form.cleaned_data["b"].pk)
        texts, lists = selectors.compare_platforms(a, b)
        context.update(a=a, b=b, texts=texts, lists=lists)
    return render(request, "strategy/compare.html", context)


# --- Planning instruments ----------------------------------------------------------------


@login_required
def instrument_list(request, pk: int):
    _require_reader(request.user)
    plan = _plan(request.user, pk)
    instruments = (
        selectors.visible_instruments(request.user).filter(plan=plan).prefetch_related("lines", "programs")
    )
    return render(
        request, "strategy/instruments.html",
        {"plan": plan, "instruments": instruments, "can_edit": roles.may(request.user, "strategy.edit_plan")},
    )


def _instrument_form(request, *, plan, instrument=None):
    initial = None
    if instrument:
        initial = {"kind": instrument.kind, "reference": instrument.reference, "date": instrument.date,
                   "url": instrument.url, "lines": list(instrument.lines.all()),
                   "programs": list(instrument.programs.all())}
    form = InstrumentForm(
        request.POST or None, request.FILES or None, plan=plan, initial=initial,
        instance=instrument, creating=instrument is None,
    )
    cancel = reverse("strategy:instruments", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.instrument_save(
                by=request.user, plan=plan, instrument=instrument, kind=d["kind"], reference=d["reference"],
                date=d["date"], url=d["url"], file=d["file"] or None, lines=d["lines"], programs=d["programs"],
                version=d.get("version"),
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, "Instrumento guardado.")
            return redirect(cancel)
    title = "Editar instrumento de planeación" if instrument else "Nuevo instrumento de planeación"
    return _form_page(request, form, title=title, cancel=cancel, plan=plan, extra={"multipart": True})


@login_required
def instrument_create(request, pk: int):
    _require_planner(request.user)
    return _instrument_form(request, plan=_plan(request.user, pk))


@login_required
def instrument_edit(request, pk: int):
    _require_planner(request.user)
    instrument = get_for_user(selectors.visible_instruments(request.user).select_related("plan"), pk=pk)
    return _instrument_form(request, plan=instrument.plan, instrument=instrument)


@login_required
@require_POST
def instrument_delete(request, pk: int):
    _require_planner(request.user)
    instrument = get_for_user(selectors.visible_instruments(request.user).select_related("plan"), pk=pk)
    plan = instrument.plan
    services.instrument_delete(by=request.user, instrument=instrument)
    messages.success(request, "Instrumento eliminado.")
    return redirect("strategy:instruments", pk=plan.pk)


@login_required
def instrument_file(request, pk: int):
    _require_reader(request.user)
    instrument = get_for_user(selectors.visible_instruments(request.user), pk=pk)
    if not instrument.file:
        raise Http404
    ext = instrument.file.name.rsplit(".", 1)[-1] if "." in instrument.file.name else "bin"
    return attachment_response(instrument.file, f"instrumento-{instrument.pk}.{ext}")


@login_required
def catalogue_import(request):
    """The DNP product catalogue: its size, the accepted columns, its import history, and a new import."""
    require_perm(request.user, "strategy.import_catalogue")
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = catalogue.catalogue_import(by=request.user, source=upload, file_name=upload.name)
        except catalogue.CatalogueError as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Catálogo importado: {done.rows} líneas de «{done.file_name}».")
            return redirect("strategy:catalogue_import")
    return render(request, "strategy/catalogue_import.html", {
        "form": form, "errors": errors, "columns": list(catalogue.COLUMNS), "max_rows": catalogue.MAX_ROWS,
        "lines": CatalogueProduct.objects.count(),
        "imports": CatalogueImport.objects.select_related("by")[:20],
    })

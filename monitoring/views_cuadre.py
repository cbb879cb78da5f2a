"""The cuadre's page (/seguimiento/cuadre/): the latest run for a year and cutoff with its counts,
filters and findings, the request of a new run and its progress, the export of the filtered
findings, and a planner's justification of an alert (and its withdrawal)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from isvimed_planning import roles
from isvimed_planning.access import get_for_user, require_perm
from isvimed_planning.calendar import month_end
from isvimed_planning.models import OrgUnit
from isvimed_planning.workflow import DomainError
from strategy.models import Program

from . import cuadre_selectors as cs, cuadre_services
from .cuadre import rules as rule_table
from .cuadre.base import Actor, Severity
from .filters import CuadreCutoffForm, CuadreFilterForm, filter_findings
from .forms import FindingForm, JustifyForm
from .models import CuadreRun, SnapshotState

PAGE_SIZE = 50
ALREADY_JUSTIFIED = "Esa alerta ya está justificada: retire la justificación para cambiarla."
FILTERS = ("severidad", "regla", "programa", "dependencia", "responsable")
ACTORS = dict(Actor.choices)
SEVERITIES = dict(Severity.choices)


# --- Which cuadre ---------------------------------------------------------------------------


def chosen_cutoff(params) -> tuple[int, dt.date, CuadreCutoffForm]:
    """The year and cutoff asked in `params` (anio, corte); what is missing or wrong falls back
    to the cycle being reported (the form keeps the message)."""
    default_year, default_cutoff = cs.current_cutoff()
    bound = any(params.get(name) for name in ("anio", "corte"))
    form = CuadreCutoffForm(params if bound else None, initial={"anio": default_year, "corte": default_cutoff})
    year, cutoff = default_year, default_cutoff
    if bound:
        form.is_valid()
        asked_year, asked_cutoff = form.cleaned_data.get("anio"), form.cleaned_data.get("corte")
        if asked_cutoff is not None:
            year, cutoff = asked_cutoff.year, asked_cutoff
        elif asked_year is not None and asked_year != default_year:
            year, cutoff = asked_year, month_end(asked_year, 12)
    return year, cutoff, form


def _filter_query(params) -> str:
    """The filters and page of `params`, to come back to them after a POST."""
    kept = QueryDict(mutable=True)
    for name in (*FILTERS, "pagina"):
        if params.get(name):
            kept[name] = params.get(name)
    return kept.urlencode()


# --- What the page shows ----------------------------------------------------------------------


@dataclass
class Shown:
    year: int
    cutoff: dt.date
    latest: CuadreRun | None  # the last run, whatever its state
    done: CuadreRun | None  # the last finished run (its findings are shown)
    shown: list  # the user's findings of `done` (cs.ShownFinding)
    filtered: list
    filter_form: CuadreFilterForm
    names: dict[str, dict[int, str]]


def _names(shown: list) -> dict[str, dict[int, str]]:
    """Names of the programs, dependencies and leads of the findings (three queries at most)."""
    ids: dict[str, set[int]] = {"programa": set(), "dependencia": set(), "responsable": set()}
    for s in shown:
        for name, attr in (("programa", "program_id"), ("dependencia", "org_unit_id"), ("responsable", "lead_id")):
            value = getattr(s.finding, attr)
            if value is not None:
                ids[name].add(value)
    names: dict[str, dict[int, str]] = {"programa": {}, "dependencia": {}, "responsable": {}}
    if ids["programa"]:
        names["programa"] = {
            p.pk: f"{p.code} {p.name}" for p in Program.objects.filter(pk__in=ids["programa"]).order_by("sort_key", "pk")
        }
    if ids["dependencia"]:
        names["dependencia"] = {
            u.pk: u.name for u in OrgUnit.objects.filter(pk__in=ids["dependencia"]).order_by("name", "pk")
        }
    if ids["responsable"]:
        users = get_user_model().objects.filter(pk__in=ids["responsable"]).order_by("first_name", "last_name", "pk")
        names["responsable"] = {u.pk: u.display_name for u in users}
    return names


def shown_for(user, params, chosen: tuple[int, dt.date] | None = None) -> Shown:
    year, cutoff = chosen if chosen is not None else chosen_cutoff(params)[:2]
    latest = cs.latest_run(year=year, cutoff=cutoff)
    done = latest if latest is not None and latest.state == SnapshotState.DONE else cs.latest_done(year=year, cutoff=cutoff)
    shown = cs.shown_findings(done, user)
    names = _names(shown)
    bound = any(params.get(name) for name in FILTERS)
    filter_form = CuadreFilterForm(params if bound else None, rules=rule_table.RULES, options=names)
    filtered = filter_findings(shown, filter_form.chosen())
    return Shown(year, cutoff, latest, done, shown, filtered, filter_form, names)


@dataclass
class Row:
    shown: cs.ShownFinding
    history: list
    severity: str  # the severity's label
    acts: str  # who acts, the rule's


def _row(s: cs.ShownFinding, history: list) -> Row:
    rule = rule_table.BY_CODE.get(s.finding.rule)
    return Row(s, history, SEVERITIES.get(s.finding.severity, s.finding.severity),
               ACTORS.get(rule.acts, rule.acts) if rule else "")


def _render(request, params, *, justify: JustifyForm | None = None, error: str = "", status: int = 200):
    year, cutoff, cutoff_form = chosen_cutoff(params)
    found = shown_for(request.user, params, (year, cutoff))
    page = Paginator(found.filtered, PAGE_SIZE).get_page(params.get("pagina"))
    rows = list(page.object_list)
    history = cs.justification_history(found.year, {s.finding.key for s in rows})
    latest = found.latest
    running = latest is not None and latest.state in cuadre_services.RUNNING
    failed = latest if latest is not None and latest.state == SnapshotState.FAILED else None
    justify_key = ""
    if justify is not None:
        data = justify.data
        justify_key = f"{data.get('regla', '')}:{data.get('tipo', '')}:{data.get('objeto', '')}"
    filters_query = _filter_query(params)
    counts = cs.counts_by_severity(found.shown)
    context = {
        "year": year, "cutoff": cutoff, "cutoff_form": cutoff_form, "filter_form": found.filter_form,
        "latest": latest, "done": found.done, "running": running, "failed": failed,
        "current": cs.is_current(found.done) if found.done is not None else True,
        "counts": [(value, SEVERITIES[value], n) for value, n in counts.items()],
        "by_rule": [(rule, open_n, justified_n, SEVERITIES.get(rule.severity, rule.severity), ACTORS.get(rule.acts, rule.acts))
                    for rule, open_n, justified_n in cs.counts_by_rule(found.shown)],
        "summary": cs.summary_line(counts),
        "rows": [_row(s, history.get(s.finding.key, [])) for s in rows], "page": page,
        "total": len(found.shown), "filtered_total": len(found.filtered),
        "only_own": not cs.may_see_all(request.user),
        "can_run": roles.may(request.user, "monitoring.run_cuadre"),
        "can_justify": roles.may(request.user, "monitoring.justify_finding"),
        "query": urlencode({"anio": str(year), "corte": cutoff.isoformat()}) + (f"&{filters_query}" if filters_query else ""),
        "page_query": urlencode({"anio": str(year), "corte": cutoff.isoformat(), **{
            n: str(params.get(n)) for n in FILTERS if params.get(n)}}),
        "filters_query": filters_query,
        "justify_form": justify, "justify_key": justify_key, "justify_error": error,
    }
    return render(request, "monitoring/cuadre/page.html", context, status=status)


# --- Views -------------------------------------------------------------------------------------


@login_required
@require_GET
def page(request):
    require_perm(request.user, "monitoring.read_cuadre")
    return _render(request, request.GET)


@login_required
@require_POST
def run(request):
    """Calcular / Recalcular: the run on the current data (the last one when nothing changed)."""
    require_perm(request.user, "monitoring.run_cuadre")
    year, cutoff, form = chosen_cutoff(request.POST)
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(cs.page_url(year, cutoff))
    before = cs.latest_run(year=year, cutoff=cutoff)
    try:
        found = cuadre_services.cuadre_request(
            year=year, cutoff=cutoff, by=request.user, force=bool(request.POST.get("forzar")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if before is not None and found.pk == before.pk and found.state == SnapshotState.DONE:
            messages.info(request, "Los datos no han cambiado desde el último cálculo: el cuadre está al día.")
        else:
            messages.success(request, "El cuadre se está calculando.")
    return redirect(cs.page_url(year, cutoff))


@login_required
@require_GET
def progress(request, pk: int):
    runs = CuadreRun.objects.all() if roles.may(request.user, "monitoring.read_cuadre") else CuadreRun.objects.none()
    found = get_for_user(runs, pk=pk)
    labels: dict[str, str] = {
        SnapshotState.QUEUED: "En cola…",
        SnapshotState.RUNNING: f"Calculando… {found.progress} %",
        SnapshotState.DONE: "Cuadre calculado",
        SnapshotState.FAILED: found.error or "El cálculo falló.",
    }
    finished = found.state in (SnapshotState.DONE, SnapshotState.FAILED)
    return JsonResponse({
        "progress": 100 if found.state == SnapshotState.DONE else found.progress,
        "state": found.state,
        "label": labels.get(found.state, found.get_state_display()),
        "done_url": cs.page_url(found.year, found.cutoff) if finished else None,
    })


@login_required
@require_GET
def export(request):
    """The filtered findings the user sees, as an .xlsx (isvimed_planning.xlsx: text stays text)."""
    from .cuadre_export import findings_download

    require_perm(request.user, "monitoring.read_cuadre")
    found = shown_for(request.user, request.GET)
    return findings_download(found.filtered, year=found.year, cutoff=found.cutoff, names=found.names, done=found.done)


def _finding_shown(user, params, form: FindingForm):
    """The posted finding among those of the run the user sees, else None."""
    found = shown_for(user, params)
    key = f"{form.cleaned_data['regla']}:{form.cleaned_data['tipo']}:{form.cleaned_data['objeto']}"
    return next((s for s in found.shown if s.finding.key == key), None)


def _posted_params(request) -> QueryDict:
    """The page's filters and the year and cutoff, as posted with a finding's form."""
    params = QueryDict(request.POST.get("filtros", ""), mutable=True)
    for name in ("anio", "corte"):
        params[name] = request.POST.get(name, "")
    return params


@login_required
@require_POST
def justify(request):
    require_perm(request.user, "monitoring.justify_finding")
    params = _posted_params(request)
    target = FindingForm(request.POST)
    form = JustifyForm(request.POST)
    shown = _finding_shown(request.user, params, target) if target.is_valid() else None
    if shown is None:
        return _render(request, params, justify=form, error=cuadre_services.UNKNOWN_FINDING, status=400)
    if not shown.justifiable:  # a forged form: errors show no justification control
        return _render(request, params, justify=form, error=cuadre_services.ERROR_NOT_JUSTIFIABLE, status=400)
    if shown.justification is not None:  # justified meanwhile (by another planner, or another tab)
        return _render(request, params, justify=form, error=ALREADY_JUSTIFIED, status=400)
    if not form.is_valid():
        return _render(request, params, justify=form, status=400)
    year, cutoff, _ = chosen_cutoff(params)
    try:
        cuadre_services.finding_justify(
            year=year, rule=form.cleaned_data["regla"], object_kind=form.cleaned_data["tipo"],
            object_id=form.cleaned_data["objeto"], comment=form.cleaned_data["comentario"], by=request.user,
        )
    except DomainError as exc:
        if exc.field == "comment":
            form.add_error("comentario", exc.message)
            return _render(request, params, justify=form, status=400)
        return _render(request, params, justify=form, error=exc.message, status=400)
    messages.success(request, "La alerta quedó justificada.")
    return redirect(cs.page_url(year, cutoff, _filter_query(params)))


@login_required
@require_POST
def withdraw(request):
    require_perm(request.user, "monitoring.justify_finding")
    params = _posted_params(request)
    year, cutoff, _ = chosen_cutoff(params)
    form = FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, cuadre_services.UNKNOWN_FINDING)
    else:
        try:
            cuadre_services.justification_withdraw(
                year=year, rule=form.cleaned_data["regla"], object_kind=form.cleaned_data["tipo"],
                object_id=form.cleaned_data["objeto"], by=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Se retiró la justificación: la alerta vuelve a estar abierta.")
    return redirect(cs.page_url(year, cutoff, _filter_query(params)))

"""Pages of step 4.5: the action plan of each budget year, its monthly programming, its
approval and publication, and the public page and PDF (no login)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budget.selectors import visible_fiscal_years, visible_projects
from isvimed_planning import roles, xlsx
from isvimed_planning.access import Fetched, fetch_for_user, get_for_user
from isvimed_planning.caching import digest, versioned_fragment
from isvimed_planning.history import history_rows
from isvimed_planning.pdf import pdf_response
from isvimed_planning.workflow import DomainError

from . import exports, forms, selectors, services, workflow as wf
from .models import ActionPlan, ActionPlanState, ActionPlanTransition

PAGE_SIZE = 50  # entries of the sheet per page (the totals and warnings stay plan-wide)


def _read_guard(user) -> None:
    if not roles.may(user, "action_plan.read_plans"):
        raise PermissionDenied("Su rol no permite ver el plan de acción.")


def _plan(request, year: int):
    return _fetch_plan(request, year).obj


def _fetch_plan(request, year: int) -> Fetched[ActionPlan]:
    return fetch_for_user(
        selectors.visible_plans(request.user), request.user, perms=("action_plan.edit_plan",), fiscal_year__year=year
    )


@login_required
def index(request):
    _read_guard(request.user)
    plans = {p.fiscal_year_id: p for p in selectors.visible_plans(request.user)}
    rows = []
    for fy in visible_fiscal_years(request.user).order_by("-year"):
        plan = plans.get(fy.pk)
        rows.append((fy, plan, selectors.deadline(fy.year, plan)))
    return render(request, "action_plan/index.html", {"rows": rows, "can_edit": roles.may(request.user, "action_plan.edit_plans")})


@login_required
@require_POST
def build(request, year: int):
    if not roles.may(request.user, "action_plan.edit_plans"):
        raise PermissionDenied
    fy = get_for_user(visible_fiscal_years(request.user), year=year)
    try:
        services.plan_build(by=request.user, fiscal_year=fy)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("action_plan:index")
    messages.success(request, f"Plan de acción {year} construido con los proyectos que tienen techo.")
    return redirect("action_plan:detail", year)


def _sheet_page(request, plan, *, with_problems: bool, link_entries: bool) -> dict:
    """One page (`?pagina=N`) of the plan sheet with the plan-wide totals (and problems). The
    sheet's HTML (50 projects, their products, 12 months each: most of the page's CPU) is the
    same for every viewer of that page: kept under the version of the plan's inputs."""
    version = selectors.inputs_version()
    summary = selectors.page_summary(plan, with_problems=with_problems, version=version)
    page = Paginator(summary.entry_ids, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    encoded = query.urlencode()

    def context() -> dict:
        return {
            "sheet": selectors.plan_sheet(plan, summary.at_date, entry_ids=list(page.object_list), budgets=summary.budgets),
            "summary": summary, "page": page, "query": encoded, "plan": plan, "year": plan.fiscal_year.year,
            "month_labels": selectors.MONTH_LABELS, "link_entries": link_entries,
        }

    sheet_html = versioned_fragment(
        request,
        key=(
            f"action_plan:sheet:{plan.pk}:{summary.at_date.isoformat()}:{int(with_problems)}:{int(link_entries)}:"
            f"{page.number}:{digest(encoded)}"
        ),
        version=version, template="action_plan/_sheet.html", context=context,
    )
    return {"sheet_html": sheet_html, "summary": summary, "page": page}


@login_required
def detail(request, year: int):
    _read_guard(request.user)
    fetched = _fetch_plan(request, year)
    plan = fetched.obj
    return render(
        request, "action_plan/detail.html",
        {
            **_sheet_page(request, plan, with_problems=plan.state == ActionPlanState.DRAFT, link_entries=True),
            "plan": plan, "year": year,
            "deadline": selectors.deadline(year, plan),
            "editable": fetched.can["edit_plan"],
            "actions": wf.PLAN_WORKFLOW.available(plan, request.user),
            "comment_form": forms.CommentForm(),
            "transitions": ActionPlanTransition.objects.filter(plan=plan).select_related("by"),
            "history": history_rows(plan),
            "month_labels": selectors.MONTH_LABELS,
        },
    )


@login_required
def entry_edit(request, year: int, pk: int):
    _read_guard(request.user)
    fetched = _fetch_plan(request, year)
    plan = fetched.obj
    # A project's line of the plan follows the project's rule: a lead opens only their own projects' lines.
    entries = plan.entries.filter(project__in=visible_projects(request.user))
    entry = get_for_user(entries.select_related("project", "responsible"), pk=pk)
    line = selectors.plan_sheet(plan, entry_ids=[entry.pk]).entries[0]
    editable = fetched.can["edit_plan"]
    if request.method == "POST" and not editable:
        raise PermissionDenied("El plan no admite cambios o su rol no lo permite.")
    products = [p.product for p in line.products]
    has_rows = any(line.months) or any(any(p.months) for p in line.products)
    form = forms.EntryForm(
        request.POST or None, products=products, initial={"responsible": entry.responsible_id}, instance=entry,
        initial_financial=line.months if has_rows else None,
        initial_physical={p.product.pk: p.months for p in line.products} if has_rows else None,
    )
    programming_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        financial, physical = form.programming()
        try:
            services.entry_save(
                by=request.user, entry=entry, responsible=form.cleaned_data["responsible"],
                financial=financial, physical=physical, version=form.cleaned_data["version"],
            )
        except services.ProgrammingError as error:
            programming_errors = [message for _, message in error.errors]
        except DomainError as error:
            programming_errors = [error.message]
        else:
            messages.success(request, f"Programación de «{entry.project.name}» guardada.")
            return redirect("action_plan:detail", year)
    return render(
        request, "action_plan/entry.html",
        {"plan": plan, "entry": entry, "line": line, "form": form, "editable": editable, "year": year,
         "programming_errors": programming_errors, "month_labels": selectors.MONTH_LABELS,
         "history": history_rows(entry)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def transition(request, year: int, name: str):
    _read_guard(request.user)
    plan = _plan(request, year)
    step = wf.PLAN_WORKFLOW.transitions.get(name)
    if step is None:
        raise Http404("No existe.")
    if not wf.PLAN_WORKFLOW.is_allowed(step, plan, request.user):  # a refused role changes nothing: 403
        raise PermissionDenied(f"Su rol no permite «{step.label.lower()}».")
    form = forms.CommentForm(request.POST)
    form.is_valid()
    try:
        services.plan_transition(by=request.user, plan=plan, name=name, comment=form.cleaned_data.get("comment", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Plan de acción {year}: {wf.PLAN_WORKFLOW.get(name).label.lower()} hecho.")
    return redirect("action_plan:detail", year)


def _xlsx(plan, year):
    summary = selectors.plan_summary(plan, with_problems=False)
    return xlsx.download(exports.plan_workbook(plan, summary), f"plan-accion-{year}.xlsx")


def _pdf(plan, year):
    sheet = selectors.plan_sheet(plan)
    return pdf_response(
        "action_plan/plan_pdf.html", {"plan": plan, "sheet": sheet, "year": year,
                                      "month_labels": selectors.MONTH_LABELS},
        f"plan-accion-{year}.pdf",
    )


@login_required
def plan_xlsx(request, year: int):
    _read_guard(request.user)
    return _xlsx(_plan(request, year), year)


@login_required
def plan_pdf(request, year: int):
    _read_guard(request.user)
    return _pdf(_plan(request, year), year)


# --- Public (no login): only published plans ----------------------------------------------------


def _public_plan(year: int):
    plan = selectors.public_plans().filter(fiscal_year__year=year).first()
    if plan is None:
        raise Http404("No hay un plan de acción publicado para esa vigencia.")
    return plan


def public_index(request):
    plans = selectors.public_plans().select_related("fiscal_year").order_by("-fiscal_year__year")
    return render(request, "action_plan/public_index.html", {"plans": plans})


def public_detail(request, year: int):
    plan = _public_plan(year)
    return render(
        request, "action_plan/public.html",
        {**_sheet_page(request, plan, with_problems=False, link_entries=False), "plan": plan, "year": year,
         "month_labels": selectors.MONTH_LABELS, "deadline": selectors.deadline(year, plan)},
    )


def public_pdf(request, year: int):
    return _pdf(_public_plan(year), year)


def public_xlsx(request, year: int):
    return _xlsx(_public_plan(year), year)

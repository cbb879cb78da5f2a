"""Pages of step 4.3: budget years, allocations, unit costs, modifications, reprogramming, POAI."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from isvimed_planning import charts, roles, xlsx
from isvimed_planning.access import fetch_for_user, get_for_user
from isvimed_planning.dates import year_or_404
from isvimed_planning.formatting import format_cop
from isvimed_planning.history import history_rows
from isvimed_planning.list_export import Column, list_download
from isvimed_planning.pdf import pdf_response
from isvimed_planning.workflow import DomainError
from projects.models import Product

from . import exports, forms, money, selectors, services
from .models import BudgetModification, ReprogrammingState, UnitCost

FUNDABLE_STATES = services.FUNDABLE_STATES


def _read_guard(user) -> None:
    if not roles.may(user, "budget.read_budget"):
        raise PermissionDenied("Su rol no permite ver el presupuesto.")


def _edit_guard(user) -> None:
    if not roles.may(user, "budget.edit_budget"):
        raise PermissionDenied("Su rol no permite modificar el presupuesto.")


def _warn_if_unaffordable(request, fy, project) -> None:
    """After money changes: say so at once when the project's goals no longer fit."""
    for item in selectors.unaffordable([project.pk], fy.year, selectors.reference_date(fy.year)):
        messages.warning(
            request,
            f"Las metas de «{project.name}» cuestan {format_cop(item.required)} y el presupuesto definitivo es "
            f"{format_cop(item.budget)}: reprograme las metas (vea «Metas que ya no caben en el presupuesto»).",
        )


def _year(request, year: int):
    return get_for_user(selectors.visible_fiscal_years(request.user), year=year)


def _fundable_projects(user):
    return selectors.visible_projects(user).filter(state__in=FUNDABLE_STATES).order_by("bank_code", "id")


@login_required
def index(request):
    _read_guard(request.user)
    form = None
    if roles.may(request.user, "budget.edit_budget"):
        form = forms.FiscalYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                fy = services.fiscal_year_create(by=request.user, **form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, f"Vigencia {fy.year} creada.")
                return redirect("budget:year", fy.year)
    elif request.method == "POST":
        raise PermissionDenied
    years = selectors.visible_fiscal_years(request.user).order_by("-year")
    pending = (
        selectors.visible_reprogrammings(request.user)
        .filter(state=ReprogrammingState.PENDING)
        .select_related("product", "product__project")
    )
    return render(request, "budget/index.html", {"years": years, "form": form, "pending": pending})


ALLOCATIONS_PER_PAGE = 50


def _year_context(request, fy, **extra):
    user = request.user
    at = selectors.reference_date(fy.year)
    can_edit = roles.may(user, "budget.edit_budget")
    editable = roles.may(user, "budget.edit_year", fy)
    # Year-wide: how many of the year's projects no longer pay for their goals (aggregate queries).
    version = selectors.year_inputs_version()
    year_summary = selectors.year_summary(fy, user, at, version=version)
    summary = year_summary.unaffordable
    allocations, filterset = selectors.year_allocation_list(fy, user, request.GET, unaffordable_ids=summary.project_ids)
    only_unaffordable = filterset.active
    page = Paginator(allocations, ALLOCATIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = selectors.allocation_rows(page.object_list, fy.year, at)
    # In detail (products, proposed goals, reprogramming links): the shown page's projects only.
    afford = selectors.page_affordability([r.project.pk for r in rows], fy.year, at, version=version)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "fy": fy,
        "at": at,
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "only_unaffordable": only_unaffordable,
        "editable": editable,
        "can_edit": can_edit,
        "can_request": roles.may(user, "budget.request_reprogramming"),
        "unaffordable_count": summary.count,
        "unaffordable_shortfall": summary.shortfall,
        "unaffordable": [a for a in afford.values() if not a.fits],
        "by_source": year_summary.by_source,
        "can_see_all": roles.has_role(user, *roles.READ_ALL_ROLES),
        "modifications": BudgetModification.objects.filter(
            fiscal_year=fy, project__in=selectors.visible_projects(user)
        ).select_related("project", "source").order_by("date", "id"),
        "history": history_rows(fy),
        "used_ratio": (fy.allocated_total / fy.global_ceiling) if fy.global_ceiling else None,
        "used_width": charts.meter_width(fy.allocated_total, fy.global_ceiling),
    }
    if editable:
        projects = _fundable_projects(user)
        choices = forms.project_choices(projects)  # read once for both selects
        context.setdefault("allocation_form", forms.AllocationForm(projects=projects, project_choices=choices))
        context.setdefault("ceiling_form", forms.CeilingForm(initial={"global_ceiling": fy.global_ceiling}, instance=fy))
        context.setdefault(
            "modification_form",
            forms.ModificationForm(projects=projects, project_choices=choices, initial={"date": at}),
        )
    context.update(extra)
    return context


@login_required
def year_detail(request, year: int):
    _read_guard(request.user)
    fy = _year(request, year)
    return render(request, "budget/year.html", _year_context(request, fy))


ALLOCATION_COLUMNS = [
    # (project row, allocation, first of the project): the project's figures on its first line only,
    # as the page shows them once (rowspan), so a column's sum is the year's total.
    Column("BPIN", lambda t: t[0].project.bank_code, width=14),
    Column("Proyecto", lambda t: t[0].project.name, width=50),
    Column("Fuente", lambda t: str(t[1].source), width=30),
    Column("Techo", lambda t: t[1].amount, "money", width=18),
    Column("Modificaciones del proyecto", lambda t: t[0].modifications if t[2] else None, "money", width=18),
    Column("Presupuesto definitivo del proyecto", lambda t: t[0].definitive if t[2] else None, "money", width=20),
]


@login_required
def allocations_xlsx(request, year: int):
    """The year's allocations as on the budget year page (its selector and `metas` filter), every
    row, written a chunk of projects at a time (exports.allocation_lines)."""
    _read_guard(request.user)
    fy = _year(request, year)
    user = request.user
    at = selectors.reference_date(fy.year)
    summary = selectors.year_summary(fy, user, at).unaffordable
    allocations, filterset = selectors.year_allocation_list(fy, user, request.GET, unaffordable_ids=summary.project_ids)
    return list_download(
        exports.allocation_lines(allocations, fy.year, at), ALLOCATION_COLUMNS, title=f"Techos presupuestales {fy.year} por proyecto y fuente",
        filters="Solo metas sin presupuesto suficiente" if filterset.active else "",
        filename=f"techos-{fy.year}.xlsx", sheet=f"Techos {fy.year}",
    )


@login_required
@require_POST
def ceiling_update(request, year: int):
    _edit_guard(request.user)
    fy = _year(request, year)
    form = forms.CeilingForm(request.POST, instance=fy)
    if form.is_valid():
        try:
            services.fiscal_year_set_ceiling(by=request.user, fiscal_year=fy, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Tope global actualizado.")
            return redirect("budget:year", fy.year)
    return render(request, "budget/year.html", _year_context(request, fy, ceiling_form=form), status=400)


@login_required
@require_POST
def allocation_create(request, year: int):
    _edit_guard(request.user)
    fy = _year(request, year)
    form = forms.AllocationForm(request.POST, projects=_fundable_projects(request.user))
    if form.is_valid():
        try:
            services.allocation_set(by=request.user, fiscal_year=fy, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Techo de «{form.cleaned_data['project'].name}» guardado.")
            _warn_if_unaffordable(request, fy, form.cleaned_data["project"])
            return redirect("budget:year", fy.year)
    return render(request, "budget/year.html", _year_context(request, fy, allocation_form=form), status=400)


@login_required
def allocation_edit(request, year: int, pk: int):
    _read_guard(request.user)
    fy = _year(request, year)
    allocation = get_for_user(selectors.visible_allocations(request.user).filter(fiscal_year=fy).select_related("project", "source"), pk=pk)
    if request.method == "POST":
        _edit_guard(request.user)
    form = forms.AllocationAmountForm(request.POST or None, initial={"amount": allocation.amount}, instance=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_set(
                by=request.user, fiscal_year=fy, project=allocation.project, source=allocation.source,
                amount=form.cleaned_data["amount"], version=form.cleaned_data["version"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Techo actualizado.")
            _warn_if_unaffordable(request, fy, allocation.project)
            return redirect("budget:year", fy.year)
    return render(
        request, "budget/allocation.html",
        {"fy": fy, "allocation": allocation, "form": form, "history": history_rows(allocation),
         "editable": roles.may(request.user, "budget.edit_year", fy)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def allocation_remove(request, year: int, pk: int):
    _edit_guard(request.user)
    fy = _year(request, year)
    allocation = get_for_user(selectors.visible_allocations(request.user).filter(fiscal_year=fy), pk=pk)
    try:
        services.allocation_delete(by=request.user, allocation=allocation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Techo eliminado.")
        _warn_if_unaffordable(request, fy, allocation.project)
    return redirect("budget:year", fy.year)


@login_required
@require_POST
def year_close(request, year: int):
    _edit_guard(request.user)
    fy = _year(request, year)
    try:
        if request.POST.get("reopen"):
            services.fiscal_year_reopen(by=request.user, fiscal_year=fy)
            messages.success(request, f"Vigencia {fy.year} reabierta.")
        else:
            services.fiscal_year_close(by=request.user, fiscal_year=fy)
            messages.success(request, f"Vigencia {fy.year} cerrada.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("budget:year", fy.year)


@login_required
@require_POST
def modification_create(request, year: int):
    _edit_guard(request.user)
    fy = _year(request, year)
    form = forms.ModificationForm(request.POST, projects=_fundable_projects(request.user))
    if form.is_valid():
        try:
            services.modification_create(by=request.user, fiscal_year=fy, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Modificación presupuestal registrada.")
            _warn_if_unaffordable(request, fy, form.cleaned_data["project"])
            return redirect("budget:year", fy.year)
    return render(request, "budget/year.html", _year_context(request, fy, modification_form=form), status=400)


UNIT_COST_PROJECTS_PER_PAGE = 50


@login_required
def unit_costs(request, year: int):
    _read_guard(request.user)
    fy = _year(request, year)
    user = request.user
    form = None
    if roles.may(user, "budget.edit_unit_costs"):
        # Any product of the year's allocated projects (not only the shown page's) may be chosen.
        form = forms.UnitCostForm(
            request.POST or None, products=selectors.year_products(fy, user), initial=_unit_cost_initial(request, fy, user)
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.unit_cost_set(by=user, year=fy.year, **form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, "Costo unitario guardado.")
                url = reverse("budget:unit_costs", args=[fy.year])
                return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
        form.show_product_choices()  # read once, only the columns of the labels
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request, "budget/unit_costs.html", _unit_costs_context(request, fy, form),
        status=400 if request.method == "POST" else 200,
    )


UNIT_COST_COLUMNS = [
    # (project, product item, first of the project): the project's figures on its first line only.
    Column("BPIN", lambda t: t[0].project.bank_code, width=14),
    Column("Proyecto", lambda t: t[0].project.name, width=44),
    Column("Código del producto", lambda t: t[1].product.code, width=10),
    Column("Producto", lambda t: t[1].product.name, width=40),
    Column("Costo unitario", lambda t: t[1].unit_cost, "money", width=16),
    Column("Meta vigente", lambda t: t[1].goal, "number", width=12),
    Column("Costo de la meta", lambda t: t[1].cost, "money", width=18),
    Column("Meta que paga el presupuesto", lambda t: t[1].proposed_goal, "number", width=14),
    Column("Presupuesto del proyecto", lambda t: t[0].budget if t[2] else None, "money", width=18),
    Column("Costo de las metas del proyecto", lambda t: t[0].required if t[2] else None, "money", width=18),
    Column("Alcanza", lambda t: ("Sí" if t[0].fits else "No") if t[2] else None, width=9),
]


@login_required
def unit_costs_xlsx(request, year: int):
    """The unit-costs page's projects and products as Excel (its selector and `metas` filter), every
    page, written a chunk of projects at a time (exports.unit_cost_lines)."""
    _read_guard(request.user)
    fy = _year(request, year)
    user = request.user
    at = selectors.reference_date(fy.year)
    summary = selectors.year_summary(fy, user, at).unaffordable
    projects, filterset = selectors.unit_cost_project_list(fy, user, request.GET, unaffordable_ids=summary.project_ids)
    return list_download(
        exports.unit_cost_lines(projects, fy.year, at), UNIT_COST_COLUMNS, title=f"Costos unitarios {fy.year}",
        filters="Solo metas sin presupuesto suficiente" if filterset.active else "",
        filename=f"costos-unitarios-{fy.year}.xlsx", sheet=f"Costos unitarios {fy.year}",
    )


def _unit_cost_initial(request, fy, user) -> dict:
    """`?producto=<pk>`: the form opened on that product's cost, with its version (0: no cost yet)."""
    pk = request.GET.get("producto", "")
    if request.method != "GET" or not pk.isdigit():
        return {}
    product = selectors.year_products(fy, user).filter(pk=int(pk)).first()
    if product is None:
        return {}
    cost = UnitCost.objects.filter(product=product, year=fy.year).first()
    return {"product": product.pk, "amount": cost.amount if cost else None, "version": cost.version if cost else 0}


def _unit_costs_context(request, fy, form) -> dict:
    user = request.user
    at = selectors.reference_date(fy.year)
    # Year-wide: how many of the year's projects no longer pay for their goals (aggregate queries).
    summary = selectors.year_summary(fy, user, at).unaffordable
    projects, filterset = selectors.unit_cost_project_list(fy, user, request.GET, unaffordable_ids=summary.project_ids)
    only_unaffordable = filterset.active
    page = Paginator(projects.only("pk"), UNIT_COST_PROJECTS_PER_PAGE).get_page(request.GET.get("pagina"))
    # In detail (products, unit costs, goals): the shown page's projects only.
    ids = [p.pk for p in page.object_list]
    afford = selectors.affordability(ids, fy.year, at)
    query = request.GET.copy()
    query.pop("pagina", None)
    return {
        "fy": fy,
        "at": at,
        "form": form,
        "projects": [afford[pk] for pk in ids if pk in afford],
        "page": page,
        "query": query.urlencode(),
        "only_unaffordable": only_unaffordable,
        "unaffordable_count": summary.count,
        "unaffordable_shortfall": summary.shortfall,
        "can_request": roles.may(user, "budget.request_reprogramming"),
    }


@login_required
def reprogramming_new(request, product_id: int, year: int):
    if not roles.may(request.user, "budget.request_reprogramming"):
        raise PermissionDenied("Su rol no permite pedir reprogramaciones.")
    product = get_for_user(
        Product.objects.filter(project__in=selectors.visible_projects(request.user)).select_related("project"),
        pk=product_id,
    )
    at = selectors.reference_date(year_or_404(year))
    afford = selectors.affordability([product.project_id], year, at).get(product.project_id)
    item = next((i for i in afford.products if i.product.pk == product.pk), None) if afford else None
    initial: dict[str, object] = {"effective_date": at}
    if item and item.proposed_goal is not None and afford and not afford.fits:
        initial["new_goal"] = item.proposed_goal
    form = forms.ReprogrammingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reprogramming = services.reprogramming_request(by=request.user, product=product, year=year, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Reprogramación enviada a la Dirección para su aprobación.")
            return redirect("budget:reprogramming", reprogramming.pk)
    return render(
        request, "budget/reprogramming_form.html",
        {"product": product, "year": year, "form": form, "afford": afford, "item": item,
         "current": money.goal_in_force(product, year, at)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def reprogramming_detail(request, pk: int):
    _read_guard(request.user)
    fetched = fetch_for_user(
        selectors.visible_reprogrammings(request.user).select_related(
            "product", "product__project", "requested_by", "decided_by"
        ),
        request.user, perms=("budget.decide_reprogramming",), pk=pk,
    )
    reprogramming = fetched.obj
    form = forms.DecisionForm(request.POST or None)
    can_decide = fetched.can["decide_reprogramming"] and reprogramming.state == ReprogrammingState.PENDING
    if request.method == "POST":
        if not fetched.can["decide_reprogramming"]:
            raise PermissionDenied("Su rol no permite decidir reprogramaciones.")
        if form.is_valid():
            try:
                services.reprogramming_decide(
                    by=request.user, reprogramming=reprogramming, approve=request.POST.get("decision") == "approve",
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, "Decisión registrada.")
                return redirect("budget:reprogramming", reprogramming.pk)
    original = reprogramming.product.goals.filter(year=reprogramming.year).first()
    return render(
        request, "budget/reprogramming.html",
        {"r": reprogramming, "form": form, "can_decide": can_decide, "original": original,
         "others": selectors.visible_reprogrammings(request.user).filter(
             product=reprogramming.product, year=reprogramming.year).select_related("decided_by").exclude(pk=pk),
         "history": history_rows(reprogramming)},
        status=400 if request.method == "POST" else 200,
    )


def _poai(request, year: int):
    _read_guard(request.user)
    fy = _year(request, year)
    return selectors.poai(fy, request.user, selectors.reference_date(fy.year))


@login_required
def poai(request, year: int):
    data = _poai(request, year)
    return render(request, "budget/poai.html", {"data": data, "fy": data.fiscal_year})


@login_required
def poai_xlsx(request, year: int):
    """The POAI's Excel: written a chunk of projects at a time (exports.poai_workbook), not from selectors.poai."""
    _read_guard(request.user)
    fy = _year(request, year)
    return xlsx.download(
        exports.poai_workbook(fy, request.user, selectors.reference_date(fy.year)), f"POAI-{year}.xlsx"
    )


@login_required
def poai_pdf(request, year: int):
    data = _poai(request, year)
    return pdf_response("budget/poai_pdf.html", {"data": data, "fy": data.fiscal_year}, f"POAI-{year}.pdf")


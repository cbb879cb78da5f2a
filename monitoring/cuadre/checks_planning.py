"""Cuadre checks on the plan, the projects' formulation and the action plan against each other
(monitoring.cuadre.rules declares them). Each reads in a constant number of queries, whatever the
number of projects, products or indicators, and leaves every business rule to its owner:

- the goal in force, the unit cost, the cost of a goal and the definitive budget: budget.money;
- what a month of programming means (sum or level) and which action plan counts:
  action_plan.programming (an approved or published plan of the year);
- what a year's values add up to by accumulation: strategy.progress;
- whether a program's weights add up: strategy.selectors.weight_sum;
- how DNP codes relate to each other: projects.dnp.

Scope where the issue is silent (each check's docstring says which of these it reads):
- "projects with budget" are those with an allocation (techo) in the year: budget.money.
  allocated_project_ids, as the POAI and the Plan de Acción matrix;
- the plan is the development plan whose four years contain the year.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from action_plan.programming import (
    counted_entries,
    programmed_money_by_month,
    programmed_quantities_by_month,
    reached_at,
)
from budget.money import (
    allocated_project_ids,
    as_goal,
    definitive_budgets,
    goal_in_force_expression,
    product_cost,
    with_cost,
)
from isvimed_planning.fields import MONEY, QTY
from isvimed_planning.formatting import format_cop, format_number, format_percent
from projects import dnp as projects_dnp
from projects.models import ActivityCost, Product, Project, ProjectState
from strategy.dnp import sentence
from strategy.models import Accumulation, AnnualTarget, Indicator, IndicatorKind, Program
from strategy.progress import progress_over
from strategy.selectors import weight_sum

from .base import Context, Finding

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_PRODUCT_FIELDS = (
    "code", "name", "unit", "project__bank_code", "project__name", "project__program", "project__org_unit",
    "project__lead",
)


# --- Naming the objects -------------------------------------------------------------------------


def subject(kind: str, code: str, name: str, *, project: str | None = None) -> str:
    """How a finding names its object: «Producto P1 — Viviendas (proyecto 2024…)», «Indicador 4.2.1.1
    — Viviendas nuevas», «Programa 4.2.1 — Vivienda nueva», «Proyecto 2024… — Vivienda nueva»."""
    text = f"{kind} {code} — {name}" if code else f"{kind} {name}"
    return f"{text} (proyecto {project})" if project else text


def _project_label(project: Project) -> str:
    return project.bank_code or project.name


def _product_subject(product: Product) -> str:
    return subject("Producto", product.code, product.name, project=_project_label(product.project))


def _product_finding(product: Product, *, rule: str, severity: str, message: str, url: str, numbers: dict) -> Finding:
    """A finding on a product: its project's program, unit and lead (a product's lead is its project's)."""
    project = product.project
    return Finding(
        rule=rule, severity=severity, message=message, object_kind="product", object_id=product.pk,
        subject=_product_subject(product), url=url, project_id=project.pk, program_id=project.program_id,
        org_unit_id=project.org_unit_id, lead_id=project.lead_id, numbers=numbers,
    )


def _project_finding(project: Project, *, rule: str, severity: str, message: str, url: str, numbers: dict) -> Finding:
    return Finding(
        rule=rule, severity=severity, message=message, object_kind="project", object_id=project.pk,
        subject=subject("Proyecto", project.bank_code or "", project.name), url=url, project_id=project.pk,
        program_id=project.program_id, org_unit_id=project.org_unit_id, lead_id=project.lead_id, numbers=numbers,
    )


def _indicator_finding(indicator: Indicator, *, rule: str, severity: str, message: str, numbers: dict) -> Finding:
    return Finding(
        rule=rule, severity=severity, message=message, object_kind="indicator", object_id=indicator.pk,
        subject=subject("Indicador", indicator.code, indicator.name),
        url=reverse("strategy:indicator", args=[indicator.pk]), program_id=indicator.program_id,
        org_unit_id=indicator.org_unit_id, numbers=numbers,
    )


def _qty(value: Decimal | None) -> str:
    return format_number(value, QTY["decimal_places"], trim=True)


def _rule(code: str) -> tuple[str, str]:
    # Imported here: rules imports this module.
    from .rules import BY_CODE

    return code, BY_CODE[code].severity


def _plan_indicators(year: int) -> QuerySet[Indicator]:
    """The indicators of the development plan whose four years contain `year`."""
    return Indicator.objects.filter(plan__first_year__lte=year, plan__last_year__gte=year)


def _relevant_projects(year: int) -> QuerySet[Project]:
    """Projects with budget in the year (an allocation) or in execution."""
    return Project.objects.filter(Q(pk__in=allocated_project_ids(year)) | Q(state=ProjectState.IN_EXECUTION))


def _unit_cost_url(year: int, product_id: int) -> str:
    return f"{reverse('budget:unit_costs', args=[year])}?producto={product_id}"


# --- CU06 / CU07: goals, unit costs and money -------------------------------------------------------


def _difference(cost: Decimal, allocated: Decimal) -> Decimal | None:
    """|cost − allocated| / allocated (None when nothing is allocated)."""
    return abs(cost - allocated) / allocated if allocated else None


def _breaks_tolerance(cost: Decimal, allocated: Decimal, tolerance: Decimal) -> bool:
    difference = _difference(cost, allocated)
    return cost != allocated if difference is None else difference > tolerance


def _allocated_text(allocated: Decimal, cost: Decimal) -> str:
    difference = _difference(cost, allocated)
    if difference is None:
        return f"asignado {format_cop(allocated)} (sin recursos asignados)"
    return f"asignado {format_cop(allocated)} (diferencia {format_percent(difference)})"


def unit_cost_mismatch(ctx: Context) -> Iterator[Finding]:
    """CU06: the goal of a product × its unit cost against the money allocated to it.

    Money is allocated to projects (allocations and modifications are per project and source,
    never per product), so "the money allocated to a product" is the project's definitive
    budget at the cutoff (budget.money.definitive_budgets), and:
    - a project with one product with a goal for the year: all of it (what budget.selectors.
      proposed_goals divides by the unit cost);
    - a project with several: the share of it that the MGA formulation gives the product, its
      activities' costs of the year (projects.ActivityCost) over those of all the project's
      products with a goal;
    - a project with several products and no activity costs for the year cannot be split: the
      project itself is compared, Σ goal × unit cost of its products against its definitive budget.
    Cost = goal in force at the cutoff × unit cost of the year (budget.money.with_cost). A
    product missing its goal or its unit cost is not compared (CU07 names the second), nor is a
    project in the last case when one of its products misses either. A finding when
    |cost − allocated| / allocated exceeds ctx.unit_cost_tolerance, or when nothing is allocated
    and the cost is not 0. Projects: those with an allocation in the year. Three queries."""
    code, severity = _rule("CU06")
    projects = allocated_project_ids(ctx.year)
    products = list(
        with_cost(Product.objects.filter(project__in=projects), ctx.year, ctx.cutoff)
        .filter(Q(goal_in_force__isnull=False))
        .select_related("project")
        .only(*_PRODUCT_FIELDS)
        .order_by("project_id", "code", "pk")
    )
    budgets = definitive_budgets(projects, ctx.year, ctx.cutoff)
    activity_costs = dict(
        ActivityCost.objects.filter(year=ctx.year, activity__product__project__in=projects)
        .order_by().values("activity__product_id").annotate(total=Sum("amount"))
        .values_list("activity__product_id", "total")
    )
    by_project: dict[int, list[Any]] = defaultdict(list)  # Products annotated by with_cost
    for costed in products:
        by_project[costed.project_id].append(costed)
    for project_id, items in by_project.items():
        definitive = budgets.get(project_id, ZERO)
        costs = {p.pk: product_cost(p) for p in items}
        if len(items) == 1:
            shares: dict[int, Decimal] | None = {items[0].pk: Decimal(1)}
        else:
            spent = sum((activity_costs.get(p.pk) or ZERO for p in items), ZERO)
            shares = {p.pk: (activity_costs.get(p.pk) or ZERO) / spent for p in items} if spent else None
        if shares is None:
            found = _project_cost_finding(ctx, code, severity, items, costs, definitive)
            if found is not None:
                yield found
            continue
        for product in items:
            goal, unit_cost, cost = costs[product.pk]
            if unit_cost is None or cost is None or goal is None:
                continue
            share = shares[product.pk]
            allocated = (definitive * share).quantize(Decimal(1).scaleb(-MONEY["decimal_places"]))
            if not _breaks_tolerance(cost, allocated, ctx.unit_cost_tolerance):
                continue
            message = (
                f"Meta {_qty(goal)} × costo unitario {format_cop(unit_cost)} = {format_cop(cost)}; "
                f"{_allocated_text(allocated, cost)}."
            )
            if len(items) > 1:
                message += (
                    f" Lo asignado es el {format_percent(share)} del presupuesto definitivo del proyecto "
                    f"({format_cop(definitive)}), la parte de los costos de sus actividades de {ctx.year}."
                )
            yield _product_finding(
                product, rule=code, severity=severity, message=message, url=_unit_cost_url(ctx.year, product.pk),
                numbers={"goal": goal, "unit_cost": unit_cost, "cost": cost, "allocated": allocated,
                         "definitive": definitive},
            )


def _project_cost_finding(
    ctx: Context, code: str, severity: str, items: list[Product], costs: dict, definitive: Decimal
) -> Finding | None:
    if any(costs[p.pk][2] is None for p in items):
        return None
    required = sum((costs[p.pk][2] for p in items), ZERO)
    if not _breaks_tolerance(required, definitive, ctx.unit_cost_tolerance):
        return None
    project = items[0].project
    message = (
        f"Σ metas × costos unitarios de sus {len(items)} productos = {format_cop(required)}; "
        f"{_allocated_text(definitive, required)}. Sin costos de actividades de {ctx.year} en la formulación, "
        "el presupuesto definitivo no se reparte entre los productos."
    )
    return _project_finding(
        project, rule=code, severity=severity, message=message, url=reverse("budget:unit_costs", args=[ctx.year]),
        numbers={"required": required, "allocated": definitive},
    )


def goal_without_unit_cost(ctx: Context) -> Iterator[Finding]:
    """CU07: a product with a goal above 0 in force for the year at the cutoff and no unit cost
    for the year. Projects: those with an allocation in the year (unit costs are set in the
    budget, for the projects that have one). One query."""
    code, severity = _rule("CU07")
    products = (
        with_cost(Product.objects.filter(project__in=allocated_project_ids(ctx.year)), ctx.year, ctx.cutoff)
        .filter(Q(goal_in_force__gt=0) & Q(unit_cost__isnull=True))
        .select_related("project")
        .only(*_PRODUCT_FIELDS)
        .order_by("project_id", "code", "pk")
    )
    for product in products:
        goal = as_goal(product.goal_in_force)
        yield _product_finding(
            product, rule=code, severity=severity,
            message=f"Meta vigente {ctx.year}: {_qty(goal)} {product.unit}; sin costo unitario de {ctx.year}.",
            url=_unit_cost_url(ctx.year, product.pk), numbers={"goal": goal},
        )


# --- CU08 / CU09 / CU10: the plan ------------------------------------------------------------------


def indicator_without_product(ctx: Context) -> Iterator[Finding]:
    """CU08: a product indicator of the plan with an annual target above 0 for the year that no
    product of a project in execution feeds. Result indicators are measured, never fed by
    products, and a target of 0 (or none) asks for nothing. One query."""
    code, severity = _rule("CU08")
    fed = Product.objects.filter(project__state=ProjectState.IN_EXECUTION).values("indicator_id")
    targets = AnnualTarget.objects.filter(
        year=ctx.year, value__gt=0, indicator__in=_plan_indicators(ctx.year).filter(kind=IndicatorKind.PRODUCT)
    ).exclude(indicator__in=fed).select_related("indicator").order_by("indicator__sort_key", "indicator_id")
    for target in targets:
        indicator = target.indicator
        yield _indicator_finding(
            indicator, rule=code, severity=severity,
            message=(
                f"Meta {ctx.year}: {_qty(target.value)} {indicator.unit}; ningún producto de un proyecto en "
                "ejecución alimenta el indicador."
            ),
            numbers={"target": target.value},
        )


def annual_targets_mismatch(ctx: Context) -> Iterator[Finding]:
    """CU09: the annual targets of an indicator over the four years of the plan against its
    four-year goal, by its accumulation (strategy.progress.progress_over, the rule the year's
    values follow): cumulative, their sum; non-cumulative, the value of the last year. A year
    without a target is missing: it adds nothing, the message names it, and it is a finding even
    when the others add up (the plan must say every year's target; for a non-cumulative
    indicator, the missing last year leaves no value to compare). Two queries."""
    code, severity = _rule("CU09")
    indicators = list(_plan_indicators(ctx.year).select_related("plan").order_by("sort_key", "pk"))
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, value in AnnualTarget.objects.filter(
        indicator__in=_plan_indicators(ctx.year)
    ).values_list("indicator_id", "year", "value"):
        targets[indicator_id][year] = value
    for indicator in indicators:
        years = list(indicator.plan.years)
        values = {year: value for year, value in targets[indicator.pk].items() if year in years}
        missing = [year for year in years if year not in values]
        cumulative = indicator.accumulation != Accumulation.NON_CUMULATIVE
        if cumulative:
            reached: Decimal | None = progress_over(values, accumulation=indicator.accumulation)
        else:
            reached = values.get(years[-1])
        if not missing and reached == indicator.period_target:
            continue
        cells = "; ".join(f"{year}: {_qty(values[year]) if year in values else 'sin meta'}" for year in years)
        if cumulative:
            message = (
                f"Acumulativo: la suma de las metas anuales es {_qty(reached)} y la meta del cuatrienio "
                f"{_qty(indicator.period_target)} ({cells})."
            )
        elif reached is None:
            message = (
                f"No acumulativo: sin meta de {years[-1]}, el último año, que debe ser la meta del cuatrienio "
                f"{_qty(indicator.period_target)} ({cells})."
            )
        else:
            message = (
                f"No acumulativo: la meta de {years[-1]}, el último año, es {_qty(reached)} y la meta del "
                f"cuatrienio {_qty(indicator.period_target)} ({cells})."
            )
        if missing:
            message += f" Años sin meta: {', '.join(str(year) for year in missing)}."
        yield _indicator_finding(
            indicator, rule=code, severity=severity, message=message,
            numbers={"period_target": indicator.period_target, "reached": reached if reached is not None else "",
                     "missing": ", ".join(str(year) for year in missing)},
        )


def weights_not_100(ctx: Context) -> Iterator[Finding]:
    """CU10: a program of the plan whose indicators' weights do not add up to 100
    (strategy.selectors.weight_sum; DOMAIN.md: a weight is an indicator's inside its program, the
    only weights the spec has). A program without indicators is not a finding. One query."""
    code, severity = _rule("CU10")
    by_program: dict[int, list[Indicator]] = defaultdict(list)
    programs: dict[int, Program] = {}
    for indicator in _plan_indicators(ctx.year).select_related("program").only(
        "weight", "program", "program__code", "program__name"
    ).order_by("program__sort_key", "program_id"):
        by_program[indicator.program_id].append(indicator)
        programs[indicator.program_id] = indicator.program
    for program_id, indicators in by_program.items():
        weights = weight_sum(indicators)
        if weights.ok:
            continue
        program = programs[program_id]
        yield Finding(
            rule=code, severity=severity,
            message=(
                f"Las ponderaciones de sus {len(indicators)} indicadores suman {format_number(weights.total, 2, trim=True)}, "
                f"no 100 (faltan {format_number(HUNDRED - weights.total, 2, trim=True)})."
                if weights.total < HUNDRED else
                f"Las ponderaciones de sus {len(indicators)} indicadores suman {format_number(weights.total, 2, trim=True)}, "
                f"no 100 (sobran {format_number(weights.total - HUNDRED, 2, trim=True)})."
            ),
            object_kind="program", object_id=program.pk, subject=subject("Programa", program.code, program.name),
            url=reverse("strategy:program_edit", args=[program.pk]), program_id=program.pk,
            numbers={"total": weights.total},
        )


# --- CU11 / CU12: the action plan -----------------------------------------------------------------


def _entries(ctx: Context):
    """The entries of the action plan of the year that counts (approved or published:
    action_plan.programming.counted_entries), with their projects."""
    return (
        counted_entries(ctx.year, Project.objects.values("pk"))
        .select_related("project")
        .only("plan", *(f"project__{name}" for name in ("bank_code", "name", "program", "org_unit", "lead")))
    )


def financial_programming_mismatch(ctx: Context) -> Iterator[Finding]:
    """CU11: the financial programming of the twelve months of a project's entry in the action
    plan of the year (approved or published, as programmed-to-date counts it) against the
    project's definitive budget at the cutoff, to the peso. An entry without programmed months
    programs $ 0. Object: the project, url: its entry in the action plan. Three queries."""
    code, severity = _rule("CU11")
    entries = {entry.project_id: entry for entry in _entries(ctx)}
    if not entries:
        return
    curves = programmed_money_by_month(list(entries), year=ctx.year)
    budgets = definitive_budgets(list(entries), ctx.year, ctx.cutoff)
    for project_id, entry in sorted(entries.items(), key=lambda item: (item[1].project.bank_code or "", item[0])):
        programmed = sum(curves.get(project_id, []), ZERO)
        definitive = budgets.get(project_id, ZERO)
        if programmed == definitive:
            continue
        project = entry.project
        difference = programmed - definitive
        message = (
            f"Programación financiera {ctx.year}: {format_cop(programmed)}; presupuesto definitivo al corte: "
            f"{format_cop(definitive)} ({'sobran' if difference > 0 else 'faltan'} {format_cop(abs(difference))})."
        )
        yield _project_finding(
            project, rule=code, severity=severity, message=message,
            url=reverse("action_plan:entry", args=[ctx.year, entry.pk]),
            numbers={"programmed": programmed, "definitive": definitive},
        )


def physical_programming_mismatch(ctx: Context) -> Iterator[Finding]:
    """CU12: what the physical programming of a product reaches at December in the action plan
    of the year (action_plan.programming.reached_at: the sum of the months for a cumulative
    indicator, the level of the latest programmed month for a non-cumulative one) against the
    product's goal in force at the cutoff. Products: those of the projects with an entry in the
    plan (approved or published) that have a goal in force or programmed months; a product with
    a goal and no programming, or programming and no goal, is a finding. Three queries."""
    code, severity = _rule("CU12")
    entries = {entry.project_id: entry for entry in _entries(ctx)}
    if not entries:
        return
    programming = programmed_quantities_by_month(list(entries), year=ctx.year)
    products = (
        Product.objects.filter(project_id__in=list(entries))
        .annotate(goal_in_force=goal_in_force_expression(ctx.year, ctx.cutoff))
        .select_related("project", "indicator")
        .only("indicator__accumulation", *_PRODUCT_FIELDS)
        .order_by("project__bank_code", "project_id", "code", "pk")
    )
    for product in products:
        goal = as_goal(product.goal_in_force)
        months = programming.get(product.pk, {})
        accumulation = product.indicator.accumulation
        reached = reached_at(months, 12, accumulation=accumulation)
        if goal is None and reached is None:
            continue
        if goal is not None and reached is not None and reached == goal:
            continue
        meaning = "suma de los meses" if accumulation != Accumulation.NON_CUMULATIVE else "nivel del último mes programado"
        programmed_text = (
            f"sin programación física en el plan de acción {ctx.year}" if reached is None
            else f"programación física {ctx.year}: {_qty(reached)} {product.unit} ({meaning})"
        )
        goal_text = (
            f"meta vigente al corte: {_qty(goal)} {product.unit}" if goal is not None
            else f"sin meta vigente de {ctx.year}"
        )
        message = f"{programmed_text[0].upper()}{programmed_text[1:]}; {goal_text}."
        entry = entries[product.project_id]
        yield _product_finding(
            product, rule=code, severity=severity, message=message,
            url=reverse("action_plan:entry", args=[ctx.year, entry.pk]),
            numbers={"goal": goal if goal is not None else "", "programmed": reached if reached is not None else ""},
        )


# --- CU13 / CU14: DNP codes --------------------------------------------------------------------


def product_without_mga_code(ctx: Context) -> Iterator[Finding]:
    """CU13: a product without its 7-digit MGA product code whose project's program has its
    budget program code (the Plan de Acción matrix reports both). Projects: with an allocation
    in the year or in execution. One query."""
    code, severity = _rule("CU13")
    products = (
        Product.objects.filter(project__in=_relevant_projects(ctx.year), mga_product_code="")
        .exclude(project__program__budget_program_code="")
        .select_related("project", "project__program")
        .only("project__program__code", "project__program__budget_program_code", *_PRODUCT_FIELDS)
        .order_by("project__bank_code", "project_id", "code", "pk")
    )
    for product in products:
        program = product.project.program
        yield _product_finding(
            product, rule=code, severity=severity,
            message=(
                f"El programa {program.code} tiene código de programa presupuestal {program.budget_program_code} "
                "y el producto no tiene código de producto MGA."
            ),
            url=reverse("projects:product_edit", args=[product.project_id, product.pk]),
            numbers={"budget_program_code": program.budget_program_code},
        )


def _indicator_code_messages(indicator: Indicator, products: Iterable[Product]) -> list[str]:
    found = (
        projects_dnp.indicator_outside_product(
            indicator_code=indicator.mga_indicator_code, indicator=indicator.code, product_code=p.mga_product_code,
            product=projects_dnp.product_label(p.code, p.project.bank_code),
        )
        for p in products
    )
    return [sentence(m) for m in found if m]


def indicator_mga_mismatch(ctx: Context) -> Iterator[Finding]:
    """CU14: an indicator of the plan whose 9-digit MGA indicator code does not start with the
    7-digit MGA product code of a product that feeds it (projects.dnp.indicator_outside_product,
    the rule forms and imports apply when a code is typed, here for data that passed before it or
    around it), or that has no code while a product feeding it has one (the Plan Indicativo would
    report it empty). Products: those with an MGA code, of projects with an allocation in the year
    or in execution. Two queries."""
    code, severity = _rule("CU14")
    products: dict[int, list[Product]] = defaultdict(list)
    for product in (
        Product.objects.filter(project__in=_relevant_projects(ctx.year), indicator__in=_plan_indicators(ctx.year))
        .exclude(mga_product_code="")
        .select_related("project")
        .only("code", "mga_product_code", "indicator_id", "project__bank_code")
        .order_by("project__bank_code", "project_id", "code", "pk")
    ):
        products[product.indicator_id].append(product)
    if not products:
        return
    for indicator in Indicator.objects.filter(pk__in=list(products)).order_by("sort_key", "pk"):
        feeding = products[indicator.pk]
        if indicator.mga_indicator_code:
            messages = _indicator_code_messages(indicator, feeding)
        else:
            codes = ", ".join(
                f"{p.mga_product_code} ({projects_dnp.product_label(p.code, p.project.bank_code)})" for p in feeding
            )
            messages = [f"El indicador no tiene código de indicador MGA y lo alimentan productos con código MGA: {codes}."]
        if messages:
            yield _indicator_finding(
                indicator, rule=code, severity=severity, message=" ".join(messages),
                numbers={"mga_indicator_code": indicator.mga_indicator_code,
                         "mga_product_codes": ", ".join(sorted({p.mga_product_code for p in feeding}))},
            )

"""Sheets of the planning workbook owned by the action plan: programacion_financiera and
programacion_fisica (see isvimed_planning.workbook.base for how sheets work).

The rows of one year make up that year's action plan, imported as published, with one entry per
project whose responsible is the project's lead; a year with programming needs its `vigencias`
row. Exported: the programming of approved or published plans (the ones that count,
action_plan.programming)."""
from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from isvimed_planning.workbook.base import EXPORT_CHUNK, ModelSheet, Ref, register
from isvimed_planning.workbook.cells import CODE, MONEY, MONTH, QTY, YEAR, Col
from projects.models import Project
from projects.workbook import load_projects, plan_projects

from .models import ActionPlan, ActionPlanEntry, ActionPlanState, FinancialMonthlyTarget, PhysicalMonthlyTarget
from .programming import COUNTED_STATES

ENTRY = "action_plan_entry"  # keyed (bpin, year)


def _load_entries(ctx) -> None:
    if ENTRY in ctx.ids:
        return
    ctx.ids[ENTRY] = {
        (bpin, year): pk
        for pk, bpin, year in ActionPlanEntry.objects.filter(project__bank_code__isnull=False)
        .order_by().values_list("pk", "project__bank_code", "plan__fiscal_year__year")
    }
    ctx.data["programmed_years"] = {}  # {year: fiscal year id or Ref}
    ctx.data["needed_entries"] = {}  # {(bpin, year): project id or Ref}
    ctx.data["plans_written"] = False


def entry_for(sheet, ctx, row):
    """The action plan entry (id or Ref) of the row's (bpin, anio), or None after an error; an
    entry the workbook implies is created when the workbook is written."""
    year_ok = ctx.check_year(sheet.name, row.n, "anio", row["anio"])
    fiscal_year = sheet.require_ref(ctx, row, "anio", "fiscal_year", row["anio"], "la vigencia") if year_ok else None
    project = sheet.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
    if fiscal_year is None or project is None:
        return None
    key = (row["bpin"], row["anio"])
    ctx.data["programmed_years"][row["anio"]] = fiscal_year
    found = ctx.ref(ENTRY, key)
    if found is None:
        ctx.data["needed_entries"][key] = project
        ctx.define(ENTRY, key)
        found = Ref(ENTRY, key)
    return found


def write_plans(ctx) -> None:
    """Once per import: each programmed year's plan, published, and the entries the rows need."""
    if ctx.data.get("plans_written", True):
        return
    ctx.data["plans_written"] = True
    plans: dict[int, int] = {}
    for year, fiscal_year in sorted(ctx.data["programmed_years"].items()):
        plan = ActionPlan.objects.filter(fiscal_year_id=ctx.resolve(fiscal_year)).first()
        if plan is None:
            plan = ActionPlan(fiscal_year_id=ctx.resolve(fiscal_year))
        if plan.state != ActionPlanState.PUBLISHED:
            plan.state = ActionPlanState.PUBLISHED
            plan.approved_by = plan.approved_by or ctx.user
            plan.approved_at = plan.approved_at or ctx.now
            plan.published_at = ctx.now
            plan._change_reason = ctx.reason  # type: ignore[attr-defined]
            plan._history_user = ctx.user  # type: ignore[attr-defined]
            plan.save()
        plans[year] = plan.pk
    needed = ctx.data["needed_entries"]
    if not needed:
        return
    project_ids = {key: ctx.resolve(project) for key, project in needed.items()}
    leads = dict(Project.objects.filter(pk__in=set(project_ids.values())).values_list("pk", "lead_id"))
    keys = sorted(needed)
    entries = bulk_create_with_history(
        [
            ActionPlanEntry(plan_id=plans[year], project_id=project_ids[(bpin, year)],
                            responsible_id=leads[project_ids[(bpin, year)]])
            for bpin, year in keys
        ],
        ActionPlanEntry, default_user=ctx.user, default_change_reason=ctx.reason, default_date=ctx.now,
    )
    for key, entry in zip(keys, entries, strict=True):
        ctx.ids[ENTRY][key] = entry.pk


def _counted(model, plan):
    years = plan.years
    return model.objects.filter(
        entry__plan__state__in=COUNTED_STATES, entry__project__in=plan_projects(plan),
        entry__plan__fiscal_year__year__gte=years[0], entry__plan__fiscal_year__year__lte=years[-1],
    )


@register
class ProgramacionFinancieraSheet(ModelSheet):
    name = "programacion_financiera"
    columns = [Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("valor", MONEY)]
    key = ("bpin", "anio", "mes")
    model = FinancialMonthlyTarget
    fields = ("entry_id", "month", "amount")
    db_key = ("entry__project__bank_code", "entry__plan__fiscal_year__year", "month")

    def queryset(self, ctx):
        return FinancialMonthlyTarget.objects.filter(entry__project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        _load_entries(ctx)

    def build(self, ctx, key, row):
        entry = entry_for(self, ctx, row)
        if entry is None:
            return None
        return {"entry_id": entry, "month": row["mes"], "amount": row["valor"]}

    def write(self, ctx):
        write_plans(ctx)
        super().write(ctx)

    def export_rows(self, plan):
        yield from (
            list(values) for values in _counted(FinancialMonthlyTarget, plan)
            .order_by("entry__project__bank_code", "entry__plan__fiscal_year__year", "month")
            .values_list("entry__project__bank_code", "entry__plan__fiscal_year__year", "month", "amount")
            .iterator(chunk_size=EXPORT_CHUNK)
        )


@register
class ProgramacionFisicaSheet(ModelSheet):
    name = "programacion_fisica"
    columns = [Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("codigo_producto", CODE), Col("cantidad", QTY)]
    key = ("bpin", "anio", "mes", "codigo_producto")
    model = PhysicalMonthlyTarget
    fields = ("entry_id", "product_id", "month", "quantity")
    db_key = ("entry__project__bank_code", "entry__plan__fiscal_year__year", "month", "product__code")

    def queryset(self, ctx):
        return PhysicalMonthlyTarget.objects.filter(entry__project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        _load_entries(ctx)

    def build(self, ctx, key, row):
        entry = entry_for(self, ctx, row)
        if ctx.ref("project", row["bpin"]) is None:  # the unknown project is reported once, by entry_for
            return None
        product = self.require_ref(ctx, row, "codigo_producto", "product", (row["bpin"], row["codigo_producto"]), "el producto")
        if entry is None or product is None:
            return None
        return {"entry_id": entry, "product_id": product, "month": row["mes"], "quantity": row["cantidad"]}

    def write(self, ctx):
        write_plans(ctx)
        super().write(ctx)

    def export_rows(self, plan):
        yield from (
            list(values) for values in _counted(PhysicalMonthlyTarget, plan)
            .order_by("entry__project__bank_code", "entry__plan__fiscal_year__year", "month", "product__code")
            .values_list(
                "entry__project__bank_code", "entry__plan__fiscal_year__year", "month", "product__code", "quantity"
            )
            .iterator(chunk_size=EXPORT_CHUNK)
        )

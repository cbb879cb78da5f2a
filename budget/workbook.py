"""Sheets of the planning workbook owned by budget: reprogramaciones, vigencias, asignaciones,
modificaciones (see isvimed_planning.workbook.base for how sheets work)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When

from isvimed_planning.workbook.base import EXPORT_CHUNK, ModelSheet, register
from isvimed_planning.workbook.cells import (
    CODE,
    DATE,
    ENUM,
    MONEY,
    QTY,
    TEXT,
    YEAR,
    Col,
    money_text,
)
from projects.workbook import load_projects, load_sources, plan_projects

from . import money
from .models import (
    BudgetModification,
    FiscalYear,
    ModificationKind,
    ProjectAllocation,
    ReprogrammingState,
    TargetReprogramming,
)

MODIFICATION_KINDS = {
    "adicion": ModificationKind.ADDITION.value,
    "reduccion": ModificationKind.REDUCTION.value,
    "traslado_credito": ModificationKind.CREDIT_TRANSFER.value,
    "traslado_contracredito": ModificationKind.COUNTER_CREDIT_TRANSFER.value,
}
MODIFICATION_NAMES = {v: k for k, v in MODIFICATION_KINDS.items()}
ZERO = Decimal(0)


@register
class ReprogramacionesSheet(ModelSheet):
    name = "reprogramaciones"
    columns = [
        Col("bpin", CODE), Col("codigo_producto", CODE), Col("anio", YEAR), Col("fecha", DATE),
        Col("nueva_meta", QTY), Col("justificacion", TEXT, required=False),
    ]
    key = ("bpin", "codigo_producto", "anio", "fecha")
    model = TargetReprogramming
    fields = ("product_id", "year", "effective_date", "new_goal", "justification", "state")
    db_key = ("product__project__bank_code", "product__code", "year", "effective_date")

    def queryset(self, ctx):
        # An approved reprogramming with the key wins over a pending or rejected one.
        approved_first = Case(When(state=ReprogrammingState.APPROVED, then=Value(0)), default=Value(1), output_field=IntegerField())
        return TargetReprogramming.objects.filter(product__project__bank_code__isnull=False).order_by(approved_first, "id")

    def build(self, ctx, key, row):
        product = self.require_ref(ctx, row, "codigo_producto", "product", key[:2], "el producto")
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if product is None or not year_ok:
            return None
        return {
            "product_id": product, "year": row["anio"], "effective_date": row["fecha"], "new_goal": row["nueva_meta"],
            "justification": row["justificacion"] or "", "state": ReprogrammingState.APPROVED,
        }

    def create_extra(self, ctx, key, values):
        return {"requested_by": ctx.user, "decided_by": ctx.user, "decided_at": ctx.now}

    def export_rows(self, plan):
        years = plan.years
        for r in TargetReprogramming.objects.filter(
            product__project__in=plan_projects(plan), state=ReprogrammingState.APPROVED,
            year__gte=years[0], year__lte=years[-1],
        ).select_related("product__project").order_by("product__project__bank_code", "product__code", "year", "effective_date").iterator(
            chunk_size=EXPORT_CHUNK
        ):
            yield [r.product.project.bank_code, r.product.code, r.year, r.effective_date, r.new_goal, r.justification or None]


@register
class VigenciasSheet(ModelSheet):
    name = "vigencias"
    columns = [Col("anio", YEAR), Col("tope_global", MONEY)]
    key = ("anio",)
    model = FiscalYear
    kind = "fiscal_year"
    fields = ("global_ceiling",)
    db_key = ("year",)

    def prepare(self, ctx):
        super().prepare(ctx)
        ctx.ids["fiscal_year"] = dict(FiscalYear.objects.values_list("year", "pk"))
        ctx.data["ceilings"] = dict(FiscalYear.objects.values_list("year", "global_ceiling"))
        ctx.data["ceiling_rows"] = {}

    def build(self, ctx, key, row):
        if not ctx.check_year(self.name, row.n, "anio", key):
            return None
        ctx.data["ceilings"][key] = row["tope_global"]
        ctx.data["ceiling_rows"][key] = row.n
        return {"global_ceiling": row["tope_global"]}

    def create_extra(self, ctx, key, values):
        return {"year": key, "allocated_total": ctx.data.get("allocation_totals", {}).get(key, ZERO)}

    def write(self, ctx):
        if not self.planned:
            return
        # The ceiling and the allocated total change together, so the database's check
        # (allocated total within the ceiling) holds after every statement.
        totals = ctx.data.get("allocation_totals", {})
        years = {pk: year for year, pk in ctx.ids["fiscal_year"].items()}
        for pk, fields in self.sync.updates:
            year = years[pk]
            if year in totals:
                fields["allocated_total"] = totals[year]
        super().write(ctx)

    def export_rows(self, plan):
        years = plan.years
        for fy in FiscalYear.objects.filter(year__gte=years[0], year__lte=years[-1]).order_by("year"):
            yield [fy.year, fy.global_ceiling]


@register
class AsignacionesSheet(ModelSheet):
    name = "asignaciones"
    columns = [Col("anio", YEAR), Col("bpin", CODE), Col("fuente", CODE, max_length=20), Col("valor", MONEY)]
    key = ("anio", "bpin", "fuente")
    model = ProjectAllocation
    fields = ("fiscal_year_id", "project_id", "source_id", "amount")
    db_key = ("fiscal_year__year", "project__bank_code", "source__code")

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        load_sources(ctx)
        self.rows_by_year: dict[int, list] = defaultdict(list)

    def queryset(self, ctx):
        return ProjectAllocation.objects.all()

    def build(self, ctx, key, row):
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        fiscal_year = self.require_ref(ctx, row, "anio", "fiscal_year", row["anio"], "la vigencia") if year_ok else None
        project = self.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
        source = self.require_ref(ctx, row, "fuente", "source", row["fuente"], "la fuente")
        if fiscal_year is None or project is None or source is None:
            return None
        self.rows_by_year[row["anio"]].append((key, row.n, row["valor"]))
        return {"fiscal_year_id": fiscal_year, "project_id": project, "source_id": source, "amount": row["valor"]}

    def finish(self, ctx):
        """A year's allocations (database + workbook) may not exceed its ceiling; and what the
        later sheets ask of a project's year: which sources it has (allocation_sources)."""
        db_rows = defaultdict(dict)
        for year, bpin, source, amount in ProjectAllocation.objects.values_list(
            "fiscal_year__year", "project__bank_code", "source__code", "amount"
        ):
            db_rows[year][(year, bpin, source)] = amount
        sources: dict[tuple[int, str], set[str]] = defaultdict(set)
        for year_rows in db_rows.values():
            for year, bpin, source in year_rows:
                sources[(year, bpin)].add(source)
        for year_rows in self.rows_by_year.values():
            for (year, bpin, source), _n, _amount in year_rows:
                sources[(year, bpin)].add(source)
        ctx.data["allocation_sources"] = dict(sources)
        ceilings = ctx.data.get("ceilings", {})
        totals: dict[int, Decimal] = {}
        years = set(db_rows) | set(self.rows_by_year) | set(ctx.data.get("ceiling_rows", {}))
        for year in sorted(years):
            in_workbook = self.rows_by_year.get(year, [])
            keys = {key for key, _, _ in in_workbook}
            running = sum((amount for key, amount in db_rows[year].items() if key not in keys), ZERO)
            ceiling = ceilings.get(year)
            reported = False
            for _key, n, amount in in_workbook:
                running += amount
                if ceiling is not None and not money.fits(running, ceiling) and not reported:
                    reported = True
                    ctx.error(
                        self.name, n, "valor",
                        f"las asignaciones de la vigencia {year} suman {money_text(running)} con esta fila, por "
                        f"encima del tope global de {money_text(ceiling)}",
                    )
            if ceiling is not None and not money.fits(running, ceiling) and not reported and year in ctx.data.get("ceiling_rows", {}):
                ctx.error(
                    "vigencias", ctx.data["ceiling_rows"][year], "tope_global",
                    f"las asignaciones de la vigencia {year} suman {money_text(running)}, por encima de este tope "
                    f"global de {money_text(ceiling)}",
                )
            totals[year] = running
        ctx.data["allocation_totals"] = totals

    def write(self, ctx):
        super().write(ctx)
        if self.planned:
            for year, total in ctx.data.get("allocation_totals", {}).items():
                FiscalYear.objects.filter(year=year).update(allocated_total=total)

    def export_rows(self, plan):
        years = plan.years
        for a in ProjectAllocation.objects.filter(
            project__in=plan_projects(plan), fiscal_year__year__gte=years[0], fiscal_year__year__lte=years[-1]
        ).select_related("fiscal_year", "project", "source").order_by("fiscal_year__year", "project__bank_code", "source__code").iterator(
            chunk_size=EXPORT_CHUNK
        ):
            yield [a.fiscal_year.year, a.project.bank_code, a.source.code, a.amount]


@register
class ModificacionesSheet(ModelSheet):
    name = "modificaciones"
    columns = [
        Col("anio", YEAR), Col("bpin", CODE), Col("fecha", DATE), Col("tipo", ENUM, choices=MODIFICATION_KINDS),
        Col("valor", MONEY), Col("fuente", CODE, max_length=20, required=False),
    ]
    key = ("anio", "bpin", "fecha", "tipo", "fuente")
    model = BudgetModification
    fields = ("fiscal_year_id", "project_id", "date", "kind", "source_id", "amount")
    db_key = ("fiscal_year__year", "project__bank_code", "date", "kind", "source__code")

    def prepare(self, ctx):
        super().prepare(ctx)
        load_sources(ctx)
        self.without_source: list[tuple[int, int, str]] = []  # (row, year, bpin)

    def queryset(self, ctx):
        return BudgetModification.objects.order_by("id")

    def key_of(self, row):
        """`fuente` may be empty (a single-source project): it is still part of the key."""
        values = tuple(row[name] for name in self.key)
        return None if any(v is None for v in values[:-1]) else values

    def build(self, ctx, key, row):
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        fiscal_year = self.require_ref(ctx, row, "anio", "fiscal_year", row["anio"], "la vigencia") if year_ok else None
        project = self.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
        source = self.require_ref(ctx, row, "fuente", "source", row["fuente"], "la fuente")
        ok = fiscal_year is not None and project is not None and (source is not None or row["fuente"] is None)
        if row["valor"] == 0:
            ctx.error(self.name, row.n, "valor", "debe ser mayor que cero (el tipo da el signo)")
            ok = False
        if not ok:
            return None
        if source is None:
            self.without_source.append((row.n, row["anio"], row["bpin"]))
        return {
            "fiscal_year_id": fiscal_year, "project_id": project, "date": row["fecha"], "kind": row["tipo"],
            "source_id": source, "amount": row["valor"],
        }

    def finish(self, ctx):
        """A modification may leave `fuente` empty only on a project with one source that year."""
        sources = ctx.data["allocation_sources"]  # asignaciones, which finishes first, gathers them
        for n, year, bpin in self.without_source:
            count = len(sources.get((year, bpin), ()))
            if count > 1:
                ctx.error(
                    self.name, n, "fuente",
                    f"el proyecto {bpin} tiene {count} fuentes de financiación en {year}: indique la fuente",
                )

    def export_rows(self, plan):
        years = plan.years
        for m in BudgetModification.objects.filter(
            project__in=plan_projects(plan), fiscal_year__year__gte=years[0], fiscal_year__year__lte=years[-1]
        ).select_related("fiscal_year", "project", "source").order_by(
            "fiscal_year__year", "project__bank_code", "date", "id"
        ).iterator(chunk_size=EXPORT_CHUNK):
            code = m.source.code if m.source else None
            yield [m.fiscal_year.year, m.project.bank_code, m.date, MODIFICATION_NAMES[m.kind], m.amount, code]

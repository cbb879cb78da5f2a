"""Sheets of the planning workbook owned by monitoring: ejecucion_financiera, ejecucion_fuente,
avance_fisico, distribucion_territorial, mediciones_resultado (see isvimed_planning.workbook.base).

The rows of avance_fisico, ejecucion_financiera, ejecucion_fuente and distribucion_territorial
that share (bpin, anio, mes) make up one monthly report, imported as approved. ejecucion_financiera
is validated first so that the others can check against the month's financial figures.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F
from simple_history.utils import bulk_update_with_history

from isvimed_planning.workbook.base import EXPORT_CHUNK, ModelSheet, Ref, register
from isvimed_planning.workbook.cells import (
    CODE,
    INT,
    MONEY,
    MONTH,
    QTY,
    TEXT,
    YEAR,
    Col,
    money_text,
)
from projects.models import Product
from projects.workbook import load_projects, load_sources, load_territories, plan_projects
from strategy.models import IndicatorKind

from . import totals
from .models import (
    IndicatorMeasurement,
    ProductProgress,
    ProgressReport,
    ReportState,
    SourceExecution,
    TerritorialDistribution,
)

ZERO = Decimal(0)
# The report's structured narrative: workbook column → model field.
NARRATIVE = {"logros": "achievements", "dificultades": "difficulties", "acciones_mejora": "improvement_actions"}


def _approved_reports(plan):
    years = plan.years
    return ProgressReport.objects.filter(
        project__in=plan_projects(plan), state=ReportState.APPROVED, year__gte=years[0], year__lte=years[-1]
    )


def report_for(sheet, ctx, row, rkey):
    """The report (id or Ref) of (bpin, anio, mes); a report the workbook implies is created."""
    project = sheet.require_ref(ctx, row, "bpin", "project", rkey[0], "el proyecto")
    if project is None:
        return None
    found = ctx.ref("report", rkey)
    if found is None:
        ctx.data["needed_reports"][rkey] = project
        ctx.define("report", rkey)
        return Ref("report", rkey)
    if not isinstance(found, Ref) and ctx.data["report_states"].get(rkey) != ReportState.APPROVED:
        ctx.data["approve_reports"].add(found)
    return found


@register
class EjecucionFinancieraSheet(ModelSheet):
    name = "ejecucion_financiera"
    columns = [
        Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("comprometido", MONEY), Col("obligado", MONEY),
        Col("pagado", MONEY), *(Col(name, TEXT, required=False) for name in NARRATIVE),
    ]
    key = ("bpin", "anio", "mes")
    model = ProgressReport
    kind = "report"
    fields = ("project_id", "year", "month", "committed", "obligated", "paid", "state", *NARRATIVE.values())
    db_key = ("project__bank_code", "year", "month")

    def queryset(self, ctx):
        return ProgressReport.objects.filter(project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        ids = ctx.ids_of("report")
        states = ctx.data["report_states"] = {}
        committed = ctx.data["report_committed"] = {}
        # (comprometido, obligado, pagado) of each month: the database's, then the workbook's.
        figures = ctx.data["report_figures"] = {}
        self.db_figures: dict[tuple, tuple] = {}
        for pk, bpin, year, month, state, c, o, p in ProgressReport.objects.filter(
            project__bank_code__isnull=False
        ).order_by().values_list("pk", "project__bank_code", "year", "month", "state", "committed", "obligated", "paid"):
            key = (bpin, year, month)
            ids[key] = pk
            states[key] = state
            committed[key] = c
            figures[key] = self.db_figures[key] = (c, o, p)
        ctx.data["needed_reports"] = {}
        ctx.data["approve_reports"] = set()
        ctx.data["ejecucion_rows"] = {}

    def build(self, ctx, key, row):
        project = self.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if project is None or not year_ok:
            return None
        ctx.data["report_committed"][key] = row["comprometido"]
        ctx.data["report_figures"][key] = (row["comprometido"], row["obligado"], row["pagado"])
        ctx.data["ejecucion_rows"][key] = row.n
        self.figures[key] = (row["comprometido"], row["obligado"], row["pagado"], row.n)
        values = {
            "project_id": project, "year": row["anio"], "month": row["mes"], "committed": row["comprometido"],
            "obligated": row["obligado"], "paid": row["pagado"], "state": ReportState.APPROVED,
        }
        present = ctx.data.get("columns_present", {}).get(self.name, frozenset(NARRATIVE))
        for column, field in NARRATIVE.items():
            if column in present:  # a workbook of the first edition (no narrative) keeps the texts typed in the app
                values[field] = row[column] or ""
        return values

    def validate(self, ctx, rows):
        self.figures: dict[tuple, tuple] = {}
        super().validate(ctx, rows)
        self.check_running_totals(ctx)

    def check_running_totals(self, ctx):
        """Within a project's year, running pagado ≤ running obligado ≤ running comprometido."""
        months: dict[tuple, dict[int, tuple]] = defaultdict(dict)
        touched = {(bpin, year) for bpin, year, _ in self.figures}
        for (bpin, year, month), figures in self.db_figures.items():
            if (bpin, year) in touched:
                months[(bpin, year)][month] = (*figures, None)
        for (bpin, year, month), figures in self.figures.items():
            months[(bpin, year)][month] = figures
        for (bpin, year), by_month in sorted(months.items()):
            c = o = p = ZERO
            last_row = None
            first_row = min(n for *_, n in by_month.values() if n is not None)
            over_paid = over_obligated = False
            for month in sorted(by_month):
                mc, mo, mp, n = by_month[month]
                c, o, p = c + mc, o + mo, p + mp
                if n is not None:
                    last_row = n
                at = last_row or first_row
                if p > o and not over_paid:
                    over_paid = True
                    ctx.error(
                        self.name, at, "pagado",
                        f"el pagado acumulado de {bpin} en {year} hasta el mes {month} ({money_text(p)}) supera el "
                        f"obligado acumulado ({money_text(o)})",
                    )
                if o > c and not over_obligated:
                    over_obligated = True
                    ctx.error(
                        self.name, at, "obligado",
                        f"el obligado acumulado de {bpin} en {year} hasta el mes {month} ({money_text(o)}) supera el "
                        f"comprometido acumulado ({money_text(c)})",
                    )

    def create_extra(self, ctx, key, values):
        return {"approved_at": ctx.now, "submitted_at": ctx.now}

    def write(self, ctx):
        needed = ctx.data["needed_reports"]
        if not self.planned and not needed and not ctx.data["approve_reports"]:
            return
        for _pk, fields in self.sync.updates:
            if "state" in fields:
                fields["approved_at"] = ctx.now
        for (bpin, year, month), project in needed.items():
            self.sync.creates.append(
                ((bpin, year, month), {"project_id": project, "year": year, "month": month, "state": ReportState.APPROVED})
            )
        self.sync.write(ctx, lambda key, values: self.create_extra(ctx, key, values))
        updated = {pk for pk, _ in self.sync.updates}  # their version moved on in sync.write
        to_approve = [pk for pk in ctx.data["approve_reports"] if pk not in updated]
        if to_approve:
            reports = list(ProgressReport.objects.filter(pk__in=to_approve))
            for report in reports:
                report.state = ReportState.APPROVED
                report.approved_at = ctx.now
            bulk_update_with_history(
                reports, ProgressReport, ["state", "approved_at"], default_user=ctx.user,
                default_change_reason=ctx.reason, default_date=ctx.now,
            )
        # Reports created approved, or approved now: their months' totals (monitoring.totals).
        totals.refresh_totals(
            months={(year, month) for (_bpin, year, month) in needed},
            report_ids=[*to_approve, *(pk for pk, fields in self.sync.updates if "state" in fields)],
        )

    def export_rows(self, plan):
        for values in _approved_reports(plan).order_by("project__bank_code", "year", "month").values_list(
            "project__bank_code", "year", "month", "committed", "obligated", "paid", *NARRATIVE.values()
        ).iterator(chunk_size=EXPORT_CHUNK):
            yield [*values[:6], *(text or None for text in values[6:])]


SPLIT_COLUMNS = ("comprometido", "obligado", "pagado")


@register
class EjecucionFuenteSheet(ModelSheet):
    """The month's execution split by funding source (MATRICES.md "Execution by source"): the
    rows of one (bpin, anio, mes) add up to its ejecucion_financiera row; a project with several
    sources among its allocations of the year needs them for every month with execution, one
    with a single source may leave them out (monitoring.sources gives it all)."""

    name = "ejecucion_fuente"
    columns = [
        Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("fuente", CODE, max_length=20),
        Col("comprometido", MONEY), Col("obligado", MONEY), Col("pagado", MONEY),
    ]
    key = ("bpin", "anio", "mes", "fuente")
    model = SourceExecution
    fields = ("report_id", "source_id", "committed", "obligated", "paid")
    db_key = ("report__project__bank_code", "report__year", "report__month", "source__code")

    def queryset(self, ctx):
        return SourceExecution.objects.filter(report__project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_sources(ctx)
        self.first_rows: dict[tuple, int] = {}
        self.workbook_amounts: dict[tuple, tuple] = {}

    def build(self, ctx, key, row):
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        source = self.require_ref(ctx, row, "fuente", "source", row["fuente"], "la fuente")
        if not year_ok or source is None:
            return None
        report = report_for(self, ctx, row, key[:3])
        if report is None:
            return None
        self.first_rows.setdefault(key[:3], row.n)
        amounts = (row["comprometido"], row["obligado"], row["pagado"])
        self.workbook_amounts[key] = amounts
        return {
            "report_id": report, "source_id": source, "committed": amounts[0], "obligated": amounts[1],
            "paid": amounts[2],
        }

    def finish(self, ctx):
        """Each month's rows (database + workbook) add up to its ejecucion_financiera figures; a
        multi-source project's month with execution has rows."""
        ejecucion_rows = ctx.data.get("ejecucion_rows", {})
        if not self.planned and not ejecucion_rows:
            return
        if not self.planned:
            self.load_existing(ctx)
        sums: dict[tuple, list[Decimal]] = {}
        for key, (_, values) in self.sync.existing.items():
            if key not in self.workbook_amounts:
                total = sums.setdefault(key[:3], [ZERO, ZERO, ZERO])
                for i in range(3):
                    total[i] += values[2 + i]
        for key, amounts in self.workbook_amounts.items():
            total = sums.setdefault(key[:3], [ZERO, ZERO, ZERO])
            for i in range(3):
                total[i] += amounts[i]
        figures = ctx.data["report_figures"]
        to_check = set(self.first_rows) | {key for key in ejecucion_rows if key in sums}
        for rkey in sorted(to_check):
            bpin, year, month = rkey
            month_figures = figures.get(rkey, (ZERO, ZERO, ZERO))
            for i, column in enumerate(SPLIT_COLUMNS):
                if sums[rkey][i] != month_figures[i]:
                    if rkey in self.first_rows:
                        sheet, at = self.name, self.first_rows[rkey]
                    else:
                        sheet, at = "ejecucion_financiera", ejecucion_rows[rkey]
                    ctx.error(
                        sheet, at, column,
                        f"la suma por fuentes del {column} de {bpin} {year}-{month:02d} ({money_text(sums[rkey][i])}) "
                        f"no coincide con el {column} de ejecucion_financiera ({money_text(month_figures[i])})",
                    )
        sources = ctx.data.get("allocation_sources", {})
        for rkey, n in sorted(ejecucion_rows.items()):
            bpin, year, month = rkey
            count = len(sources.get((year, bpin), ()))
            if count > 1 and rkey not in sums and any(figures.get(rkey, ())):
                ctx.error(
                    "ejecucion_financiera", n, "comprometido",
                    f"el proyecto {bpin} tiene {count} fuentes de financiación en {year}: reparta la ejecución de "
                    f"{year}-{month:02d} por fuente en la hoja ejecucion_fuente",
                )

    def write(self, ctx):
        """Writes the rows; a stored report whose split changed gets a new version (the figures'
        cache and the forms open on it see the change)."""
        if not self.planned:
            return
        changed = {values["report_id"] for _, values in self.sync.creates if not isinstance(values["report_id"], Ref)}
        changed |= set(
            SourceExecution.objects.filter(pk__in=[pk for pk, _ in self.sync.updates]).values_list("report_id", flat=True)
        )
        super().write(ctx)
        if changed:
            ProgressReport.objects.filter(pk__in=changed).update(version=F("version") + 1)

    def export_rows(self, plan):
        for values in SourceExecution.objects.filter(report__in=_approved_reports(plan)).order_by(
            "report__project__bank_code", "report__year", "report__month", "source__code"
        ).values_list(
            "report__project__bank_code", "report__year", "report__month", "source__code", "committed", "obligated",
            "paid",
        ).iterator(chunk_size=EXPORT_CHUNK):
            yield list(values)


@register
class AvanceFisicoSheet(ModelSheet):
    name = "avance_fisico"
    columns = [Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("codigo_producto", CODE), Col("cantidad", QTY)]
    key = ("bpin", "anio", "mes", "codigo_producto")
    model = ProductProgress
    fields = ("report_id", "product_id", "quantity")
    db_key = ("report__project__bank_code", "report__year", "report__month", "product__code")

    def queryset(self, ctx):
        return ProductProgress.objects.filter(report__project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        # The products' indicators before the import: the productos sheet (written earlier) may
        # move a product to another indicator, which moves its quantities between totals.
        ctx.data["indicator_before"] = dict(
            ProductProgress.objects.filter(report__state=ReportState.APPROVED)
            .order_by().values_list("product_id", "product__indicator_id").distinct()
        )

    def write(self, ctx):
        super().write(ctx)
        months = {(key[1], key[2]) for key, _ in self.sync.creates}
        if self.sync.updates:
            months |= set(
                ProductProgress.objects.filter(pk__in=[pk for pk, _ in self.sync.updates])
                .values_list("report__year", "report__month").distinct()
            )
        before = ctx.data.get("indicator_before", {})
        if before:
            now = dict(Product.objects.filter(pk__in=list(before)).values_list("pk", "indicator_id"))
            months |= totals.product_months(pk for pk, indicator in before.items() if now.get(pk) != indicator)
        totals.refresh_totals(months=months)

    def build(self, ctx, key, row):
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if not year_ok:
            return None
        if ctx.ref("project", row["bpin"]) is None:
            self.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
            return None
        product = self.require_ref(ctx, row, "codigo_producto", "product", (row["bpin"], row["codigo_producto"]), "el producto")
        if product is None:
            return None
        report = report_for(self, ctx, row, key[:3])
        return {"report_id": report, "product_id": product, "quantity": row["cantidad"]}

    def export_rows(self, plan):
        for values in ProductProgress.objects.filter(report__in=_approved_reports(plan)).order_by(
            "report__project__bank_code", "report__year", "report__month", "product__code"
        ).values_list(
            "report__project__bank_code", "report__year", "report__month", "product__code", "quantity"
        ).iterator(chunk_size=EXPORT_CHUNK):
            yield list(values)


@register
class DistribucionTerritorialSheet(ModelSheet):
    name = "distribucion_territorial"
    columns = [
        Col("bpin", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("codigo_territorio", CODE),
        Col("comprometido", MONEY), Col("beneficiarios", INT),
    ]
    key = ("bpin", "anio", "mes", "codigo_territorio")
    model = TerritorialDistribution
    fields = ("report_id", "territory_id", "committed", "beneficiaries")
    db_key = ("report__project__bank_code", "report__year", "report__month", "territory_id")

    def db_key_of(self, values):
        bpin, year, month, territory = values
        return (bpin, year, month, str(territory))

    def queryset(self, ctx):
        return TerritorialDistribution.objects.filter(report__project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_territories(ctx)
        self.first_rows: dict[tuple, int] = {}
        self.workbook_committed: dict[tuple, Decimal] = {}

    def build(self, ctx, key, row):
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        territory = load_territories(ctx).get(row["codigo_territorio"])
        if territory is None:
            ctx.error(self.name, row.n, "codigo_territorio", f"el territorio «{row['codigo_territorio']}» no existe")
        if not year_ok or territory is None:
            return None
        report = report_for(self, ctx, row, key[:3])
        if report is None:
            return None
        self.first_rows.setdefault(key[:3], row.n)
        self.workbook_committed[key] = row["comprometido"]
        return {
            "report_id": report, "territory_id": territory[0], "committed": row["comprometido"],
            "beneficiaries": row["beneficiarios"],
        }

    def finish(self, ctx):
        """For each month, the territorial comprometido adds up to the financial comprometido."""
        ejecucion_rows = ctx.data.get("ejecucion_rows", {})
        if not self.planned and not ejecucion_rows:
            return
        if not self.planned:
            self.load_existing(ctx)
        sums: dict[tuple, Decimal] = defaultdict(Decimal)
        for key, (_, values) in self.sync.existing.items():
            if key not in self.workbook_committed:
                sums[key[:3]] += values[2]
        for key, committed in self.workbook_committed.items():
            sums[key[:3]] += committed
        report_committed = ctx.data["report_committed"]
        to_check = set(self.first_rows) | {key for key in ejecucion_rows if key in sums}
        for rkey in sorted(to_check, key=lambda k: (k[0], k[1], k[2])):
            financial = report_committed.get(rkey, ZERO)
            if sums[rkey] != financial:
                bpin, year, month = rkey
                if rkey in self.first_rows:
                    sheet, at = self.name, self.first_rows[rkey]
                else:
                    sheet, at = "ejecucion_financiera", ejecucion_rows[rkey]
                ctx.error(
                    sheet, at, "comprometido",
                    f"el comprometido por territorio de {bpin} {year}-{month:02d} suma {money_text(sums[rkey])} y no "
                    f"coincide con el comprometido de ejecucion_financiera ({money_text(financial)})",
                )

    def export_rows(self, plan):
        for values in TerritorialDistribution.objects.filter(report__in=_approved_reports(plan)).order_by(
            "report__project__bank_code", "report__year", "report__month", "territory_id"
        ).values_list(
            "report__project__bank_code", "report__year", "report__month", "territory_id", "committed", "beneficiaries"
        ).iterator(chunk_size=EXPORT_CHUNK):
            yield list(values)


@register
class MedicionesResultadoSheet(ModelSheet):
    name = "mediciones_resultado"
    columns = [Col("codigo_indicador", CODE), Col("anio", YEAR), Col("mes", MONTH), Col("valor", QTY)]
    key = ("codigo_indicador", "anio", "mes")
    model = IndicatorMeasurement
    fields = ("indicator_id", "year", "month", "value")
    db_key = ("indicator__code", "year", "month")

    def queryset(self, ctx):
        if ctx.plan is None:
            return IndicatorMeasurement.objects.none()
        return IndicatorMeasurement.objects.filter(indicator__plan=ctx.plan)

    def build(self, ctx, key, row):
        indicator = self.require_ref(ctx, row, "codigo_indicador", "indicator", row["codigo_indicador"], "el indicador")
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if indicator is not None and ctx.data.get("indicator_kind", {}).get(row["codigo_indicador"]) == IndicatorKind.PRODUCT:
            ctx.error(
                self.name, row.n, "codigo_indicador",
                f"el indicador {row['codigo_indicador']} es de producto; las mediciones son de indicadores de resultado",
            )
            return None
        if indicator is None or not year_ok:
            return None
        return {"indicator_id": indicator, "year": row["anio"], "month": row["mes"], "value": row["valor"]}

    def create_extra(self, ctx, key, values):
        return {"recorded_by": ctx.user}

    def export_rows(self, plan):
        years = plan.years
        for values in IndicatorMeasurement.objects.filter(
            indicator__plan=plan, indicator__kind=IndicatorKind.RESULT, year__gte=years[0], year__lte=years[-1]
        ).order_by("indicator__sort_key", "year", "month").values_list("indicator__code", "year", "month", "value").iterator(
            chunk_size=EXPORT_CHUNK
        ):
            yield list(values)

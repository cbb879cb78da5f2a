"""Sheets of the planning workbook owned by strategy: plan, dependencias, estructura, indicadores,
metas_anuales (see isvimed_planning.workbook.base for how sheets work)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from isvimed_planning.codes import natural_key
from isvimed_planning.models import OrgUnit
from isvimed_planning.workbook.base import ModelSheet, Row, Sync, register
from isvimed_planning.workbook.cells import (
    CODE,
    ENUM,
    PERCENT,
    QTY,
    TEXT,
    YEAR,
    Col,
    number_text,
)

from . import dnp
from .models import (
    AnnualTarget,
    Component,
    DevelopmentPlan,
    Indicator,
    Program,
    StrategicLine,
)

KINDS = {"resultado": "result", "producto": "product"}
DIRECTIONS = {"incremento": "increase", "mantenimiento": "maintain", "reduccion": "reduce"}
ACCUMULATIONS = {"acumulativo": "cumulative", "no_acumulativo": "non_cumulative"}
LEVELS = {"linea": "line", "componente": "component", "programa": "program"}
LEVEL_NAMES = {"line": "una línea", "component": "un componente", "program": "un programa"}
PARENT_LEVEL = {"component": "line", "program": "component"}


def _reverse(mapping: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in mapping.items()}


def plan_ref(ctx):
    """The plan the workbook's plan codes belong to: its id, or a Ref when the workbook creates it."""
    if ctx.plan_first_year is None:
        return None
    return ctx.ref("plan", ctx.plan_first_year)


def require_plan(sheet, ctx, row: Row, column: str) -> bool:
    if ctx.plan_first_year is None:
        if not ctx.data.get(f"no_plan_{sheet.name}"):
            ctx.data[f"no_plan_{sheet.name}"] = True
            ctx.error(sheet.name, row.n, column, "no hay plan de desarrollo: incluya la hoja plan en el libro")
        return False
    return True


def _coded_extra(ctx, key):
    return {"plan_id": ctx.resolve(plan_ref(ctx)), "code": key, "sort_key": natural_key(key)}


@register
class PlanSheet(ModelSheet):
    name = "plan"
    columns = [
        Col("anio_inicio", YEAR), Col("nombre", TEXT, max_length=200), Col("anio_fin", YEAR),
        Col("acuerdo", TEXT, required=False, max_length=200),
    ]
    key = ("anio_inicio",)
    model = DevelopmentPlan
    kind = "plan"
    fields = ("name", "last_year", "agreement")
    db_key = ("first_year",)

    @staticmethod
    def export_scope(key: int | None = None):
        """The plan an export covers: the one starting in `key`, or the newest."""
        plans = DevelopmentPlan.objects.order_by("-first_year")
        return plans.filter(first_year=key).first() if key is not None else plans.first()

    def prepare(self, ctx):
        super().prepare(ctx)
        ctx.ids["plan"] = dict(DevelopmentPlan.objects.values_list("first_year", "pk"))
        ctx.plan = DevelopmentPlan.objects.order_by("-first_year").first()
        ctx.plan_first_year = ctx.plan.first_year if ctx.plan else None

    def validate(self, ctx, rows):
        if len(rows) != 1:
            at = rows[1].n if len(rows) > 1 else 2
            ctx.error(self.name, at, "anio_inicio", f"la hoja plan debe tener exactamente una fila (tiene {len(rows)})")
        super().validate(ctx, rows[:1])
        if rows and rows[0]["anio_inicio"] is not None:
            first = rows[0]["anio_inicio"]
            ctx.plan = DevelopmentPlan.objects.filter(first_year=first).first()
            ctx.plan_first_year = first

    def build(self, ctx, key, row):
        if row["anio_fin"] != key + 3:
            ctx.error(self.name, row.n, "anio_fin", f"debe ser anio_inicio + 3 ({key + 3})")
            return None
        return {"name": row["nombre"], "last_year": row["anio_fin"], "agreement": row["acuerdo"] or ""}

    def create_extra(self, ctx, key, values):
        return {"first_year": key}

    def export_rows(self, plan):
        yield [plan.first_year, plan.name, plan.last_year, plan.agreement or None]


@register
class DependenciasSheet(ModelSheet):
    name = "dependencias"
    columns = [Col("codigo", CODE, max_length=20), Col("nombre", TEXT, max_length=200)]
    key = ("codigo",)
    model = OrgUnit
    kind = "org_unit"
    fields = ("name",)
    db_key = ("code",)

    def prepare(self, ctx):
        super().prepare(ctx)
        ctx.ids["org_unit"] = dict(OrgUnit.objects.values_list("code", "pk"))

    def build(self, ctx, key, row):
        return {"name": row["nombre"]}

    def create_extra(self, ctx, key, values):
        return {"code": key}

    def export_rows(self, plan):
        for unit in OrgUnit.objects.order_by("code"):
            yield [unit.code, unit.name]


@register
class EstructuraSheet(ModelSheet):
    """Three models in one sheet: líneas, componentes and programas of the plan."""

    name = "estructura"
    columns = [
        Col("codigo", CODE, max_length=30), Col("nivel", ENUM, choices=LEVELS), Col("nombre", TEXT, max_length=300),
        Col("codigo_padre", CODE, required=False), Col("codigo_programa_presupuestal", CODE, required=False),
    ]
    key = ("codigo",)

    def prepare(self, ctx):
        self.syncs = {
            "line": Sync(StrategicLine, ("name",), "line"),
            "component": Sync(Component, ("name", "line_id"), "component"),
            "program": Sync(Program, ("name", "component_id", "budget_program_code"), "program"),
        }
        self.planned = False
        self.db_levels: dict[str, str] = {}
        for level, sync in self.syncs.items():
            ids = ctx.ids_of(level)
            if ctx.plan is not None:
                for code, pk in sync.model.objects.filter(plan=ctx.plan).values_list("code", "pk"):
                    ids[code] = pk
                    self.db_levels.setdefault(code, level)
        ctx.data["db_levels"] = self.db_levels
        # {program code: (its budget program code, the estructura row setting it or None)}: read by
        # projects' productos sheet, which checks the products' codes against it.
        budget_codes = ctx.data.setdefault("budget_program_code", {})
        if ctx.plan is not None:
            for code, budget in Program.objects.filter(plan=ctx.plan).values_list("code", "budget_program_code"):
                budget_codes[code] = (budget, None)

    def validate(self, ctx, rows):
        if ctx.plan is not None:
            for sync in self.syncs.values():
                sync.load(sync.model.objects.filter(plan=ctx.plan), ("code",), lambda v: v[0])
        self.planned = True
        unique = self.unique_rows(ctx, rows)
        levels = {key: row["nivel"] for key, row in unique if row["nivel"]}
        for key, level in levels.items():
            ctx.define(level, key)
        for key, row in unique:
            if not row.ok:
                continue
            if not require_plan(self, ctx, row, "codigo"):
                continue
            level = row["nivel"]
            db_level = self.db_levels.get(key)
            if db_level and db_level != level:
                ctx.error(self.name, row.n, "nivel", f"el código {key} ya existe como {LEVEL_NAMES[db_level]} del plan")
                continue
            parent = row["codigo_padre"]
            values = {"name": row["nombre"]}
            budget = row["codigo_programa_presupuestal"] or ""
            if level == "program":
                message = dnp.budget_program_code_error(budget)
                if message:
                    ctx.error(self.name, row.n, "codigo_programa_presupuestal", message)
                    continue
                values["budget_program_code"] = budget
                ctx.data["budget_program_code"][key] = (budget, row.n)
            elif budget:
                ctx.error(self.name, row.n, "codigo_programa_presupuestal", "solo un programa lleva código de programa presupuestal")
                continue
            if level == "line":
                if parent is not None:
                    ctx.error(self.name, row.n, "codigo_padre", "una línea no lleva codigo_padre")
                    continue
            else:
                if parent is None:
                    ctx.error(self.name, row.n, "codigo_padre", f"falta el valor (es obligatorio para {LEVEL_NAMES[level]})")
                    continue
                expected = PARENT_LEVEL[level]
                parent_level = levels.get(parent) or self.db_levels.get(parent)
                if parent_level is None:
                    ctx.error(
                        self.name, row.n, "codigo_padre",
                        f"el código padre «{parent}» no existe (ni en el libro ni en la base de datos)",
                    )
                    continue
                if parent_level != expected:
                    ctx.error(
                        self.name, row.n, "codigo_padre",
                        f"el padre de {LEVEL_NAMES[level]} debe ser {LEVEL_NAMES[expected]}; «{parent}» es "
                        f"{LEVEL_NAMES[parent_level]}",
                    )
                    continue
                values["line_id" if level == "component" else "component_id"] = ctx.ref(expected, parent)
            ctx.result.count(self.name, self.syncs[level].plan(key, values))

    def write(self, ctx):
        if not self.planned:
            return
        for level in ("line", "component", "program"):
            self.syncs[level].write(ctx, lambda key, values: _coded_extra(ctx, key))

    def export_rows(self, plan):
        for line in StrategicLine.objects.filter(plan=plan).order_by("sort_key"):
            yield [line.code, "linea", line.name, None, None]
        for comp in Component.objects.filter(plan=plan).select_related("line").order_by("sort_key"):
            yield [comp.code, "componente", comp.name, comp.line.code, None]
        for prog in Program.objects.filter(plan=plan).select_related("component").order_by("sort_key"):
            yield [prog.code, "programa", prog.name, prog.component.code, prog.budget_program_code or None]


@register
class IndicadoresSheet(ModelSheet):
    name = "indicadores"
    columns = [
        Col("codigo", CODE, max_length=30), Col("nombre", TEXT, max_length=300), Col("tipo", ENUM, choices=KINDS),
        Col("codigo_programa", CODE), Col("unidad", TEXT, max_length=60), Col("sentido", ENUM, choices=DIRECTIONS),
        Col("acumulacion", ENUM, choices=ACCUMULATIONS), Col("linea_base", QTY), Col("anio_linea_base", YEAR),
        Col("meta_cuatrienio", QTY), Col("ponderacion", PERCENT), Col("codigo_dependencia", CODE),
        Col("codigo_indicador_mga", CODE, required=False),
    ]
    key = ("codigo",)
    model = Indicator
    kind = "indicator"
    fields = (
        "name", "kind", "program_id", "unit", "direction", "accumulation", "baseline", "baseline_year",
        "period_target", "weight", "org_unit_id", "mga_indicator_code",
    )
    db_key = ("code",)

    def queryset(self, ctx):
        return Indicator.objects.filter(plan=ctx.plan) if ctx.plan else Indicator.objects.none()

    def prepare(self, ctx):
        super().prepare(ctx)
        kinds = ctx.data.setdefault("indicator_kind", {})
        self.db_weights: dict[str, tuple[str, Decimal]] = {}
        ids = ctx.ids_of("indicator")
        # {indicator code: (its MGA code, the indicadores row setting it or None)}: read by
        # projects' productos sheet, which checks the products' codes against it.
        mga_codes = ctx.data.setdefault("mga_indicator_code", {})
        if ctx.plan is not None:
            for pk, code, kind, program, weight, mga in Indicator.objects.filter(plan=ctx.plan).values_list(
                "pk", "code", "kind", "program__code", "weight", "mga_indicator_code"
            ):
                ids[code] = pk
                kinds[code] = kind
                self.db_weights[code] = (program, weight)
                mga_codes[code] = (mga, None)

    def validate(self, ctx, rows):
        kinds = ctx.data.setdefault("indicator_kind", {})
        for row in rows:  # known even for rows with errors, so other sheets do not report twice
            if row["codigo"] and row["tipo"]:
                kinds[row["codigo"]] = row["tipo"]
        super().validate(ctx, rows)
        # Warning: the weights of a program's indicators should add up to 100.
        weights = dict(self.db_weights)
        first_row: dict[str, Row] = {}
        for row in rows:
            if row["codigo"] and row["codigo_programa"] and row["ponderacion"] is not None:
                weights[row["codigo"]] = (row["codigo_programa"], row["ponderacion"])
                first_row.setdefault(row["codigo_programa"], row)
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for program, weight in weights.values():
            totals[program] += weight
        for program, row in first_row.items():
            if totals[program] != 100:
                ctx.warning(
                    self.name, row.n, "ponderacion",
                    f"las ponderaciones de los indicadores del programa {program} suman "
                    f"{number_text(totals[program])}, no 100",
                )

    def build(self, ctx, key, row):
        if not require_plan(self, ctx, row, "codigo"):
            return None
        program = self.require_ref(ctx, row, "codigo_programa", "program", row["codigo_programa"], "el programa")
        unit = self.require_ref(ctx, row, "codigo_dependencia", "org_unit", row["codigo_dependencia"], "la dependencia")
        ok = program is not None and unit is not None
        if not 0 <= row["ponderacion"] <= 100:
            ctx.error(self.name, row.n, "ponderacion", "la ponderación debe estar entre 0 y 100")
            ok = False
        mga = row["codigo_indicador_mga"] or ""
        message = dnp.mga_indicator_code_error(mga) or (
            dnp.INDICATOR_NOT_PRODUCT if mga and row["tipo"] != "product" else None
        )
        if message:
            ctx.error(self.name, row.n, "codigo_indicador_mga", message)
            ok = False
        else:
            ctx.data["mga_indicator_code"][key] = (mga, row.n)
        if row["sentido"] == "reduce" and not row["meta_cuatrienio"] < row["linea_base"]:
            ctx.error(
                self.name, row.n, "meta_cuatrienio",
                "con sentido «reduccion» la meta del cuatrienio debe ser menor que la línea base",
            )
            ok = False
        if not ok:
            return None
        return {
            "name": row["nombre"], "kind": row["tipo"], "program_id": program, "unit": row["unidad"],
            "direction": row["sentido"], "accumulation": row["acumulacion"], "baseline": row["linea_base"],
            "baseline_year": row["anio_linea_base"], "period_target": row["meta_cuatrienio"],
            "weight": row["ponderacion"], "org_unit_id": unit, "mga_indicator_code": mga,
        }

    def create_extra(self, ctx, key, values):
        return _coded_extra(ctx, key)

    def export_rows(self, plan):
        kinds, directions, accumulations = _reverse(KINDS), _reverse(DIRECTIONS), _reverse(ACCUMULATIONS)
        for ind in Indicator.objects.filter(plan=plan).select_related("program", "org_unit").order_by("sort_key"):
            yield [
                ind.code, ind.name, kinds[ind.kind], ind.program.code, ind.unit, directions[ind.direction],
                accumulations[ind.accumulation], ind.baseline, ind.baseline_year, ind.period_target, ind.weight,
                ind.org_unit.code, ind.mga_indicator_code or None,
            ]


@register
class MetasAnualesSheet(ModelSheet):
    name = "metas_anuales"
    columns = [Col("codigo_indicador", CODE), Col("anio", YEAR), Col("meta", QTY)]
    key = ("codigo_indicador", "anio")
    model = AnnualTarget
    fields = ("indicator_id", "year", "value")
    db_key = ("indicator__code", "year")

    def queryset(self, ctx):
        return AnnualTarget.objects.filter(indicator__plan=ctx.plan) if ctx.plan else AnnualTarget.objects.none()

    def build(self, ctx, key, row):
        indicator = self.require_ref(ctx, row, "codigo_indicador", "indicator", row["codigo_indicador"], "el indicador")
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if indicator is None or not year_ok:
            return None
        return {"indicator_id": indicator, "year": row["anio"], "value": row["meta"]}

    def export_rows(self, plan):
        for target in AnnualTarget.objects.filter(indicator__plan=plan).select_related("indicator").order_by(
            "indicator__sort_key", "year"
        ):
            yield [target.indicator.code, target.year, target.value]

"""Sheets of the planning workbook owned by projects: proyectos, productos, metas_producto
(see isvimed_planning.workbook.base for how sheets work)."""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from isvimed_planning import roles
from isvimed_planning.models import Territory, TerritoryKind, User
from isvimed_planning.workbook.base import EXPORT_CHUNK, UNCHANGED, UPDATED, ModelSheet, Ref, register
from isvimed_planning.workbook.cells import CODE, DATE, ENUM, QTY, TEXT, YEAR, Col
from strategy.dnp import mga_product_code_error

from . import dnp
from .bpin import bpin_problem
from .models import (
    FundingKind,
    FundingSource,
    Product,
    ProductGoal,
    Project,
    ProjectState,
    ProjectTerritory,
)

FUNDING = {"ordinario": FundingKind.ORDINARY.value, "participativo": FundingKind.PARTICIPATORY.value}
FUNDING_NAMES = {v: k for k, v in FUNDING.items()}
HUNDRED = Decimal(100)
USERNAME = re.compile(r"^[\w.@+-]+$")


def unknown_user(username: str) -> str:
    return (
        f"el usuario «{username}» no existe: créelo antes de importar, o marque «Crear las cuentas de los "
        "responsables que no existan» (--crear-usuarios en la línea de comandos)"
    )


def load_territories(ctx) -> dict[str, tuple[int, str]]:
    """{"6": (6, "comuna"), ...}: territory codes as the workbook writes them."""
    if "territories" not in ctx.data:
        ctx.data["territories"] = {str(code): (code, kind) for code, kind in Territory.objects.values_list("code", "kind")}
    return ctx.data["territories"]


def load_projects(ctx) -> dict[str, int]:
    if "project" not in ctx.ids:
        ctx.ids["project"] = dict(Project.objects.filter(bank_code__isnull=False).values_list("bank_code", "pk"))
    return ctx.ids["project"]


def plan_projects(plan):
    return Project.objects.filter(bank_code__isnull=False, program__plan=plan)


@register
class ProyectosSheet(ModelSheet):
    name = "proyectos"
    columns = [
        Col("bpin", CODE, max_length=30), Col("nombre", TEXT, max_length=300), Col("codigo_programa", CODE),
        Col("codigo_dependencia", CODE), Col("responsable", TEXT, max_length=150),
        Col("tipo_recurso", ENUM, choices=FUNDING), Col("codigo_territorio", CODE, required=False),
        Col("fecha_inicio", DATE), Col("fecha_fin", DATE),
    ]
    key = ("bpin",)
    model = Project
    kind = "project"
    fields = ("name", "program_id", "org_unit_id", "lead_id", "funding_kind", "start_date", "end_date")
    db_key = ("bank_code",)

    def queryset(self, ctx):
        return Project.objects.filter(bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        load_territories(ctx)
        ctx.ids["user"] = dict(User.objects.values_list("username", "pk"))
        self.new_users: set[str] = set()
        self.territory_changes: dict[str, int | None] = {}
        # {bpin: (program code, the proyectos row setting it or None)}, for the products' DNP codes.
        programs = ctx.data.setdefault("project_program", {})
        if ctx.plan is not None:
            for bpin, program in plan_projects(ctx.plan).values_list("bank_code", "program__code"):
                programs[bpin] = (program, None)

    def build(self, ctx, key, row):
        program = self.require_ref(ctx, row, "codigo_programa", "program", row["codigo_programa"], "el programa")
        unit = self.require_ref(ctx, row, "codigo_dependencia", "org_unit", row["codigo_dependencia"], "la dependencia")
        ok = program is not None and unit is not None
        problem = bpin_problem(row["bpin"])
        if problem:
            ctx.error(self.name, row.n, "bpin", problem)
            ok = False
        username = row["responsable"]
        lead = ctx.ids["user"].get(username)
        if lead is None and not USERNAME.match(username):
            ctx.error(
                self.name, row.n, "responsable",
                f"«{username}» no es un nombre de usuario válido (solo letras, números y @ . + - _)",
            )
            ok = False
        elif lead is None and not ctx.create_users:
            ctx.error(self.name, row.n, "responsable", unknown_user(username))
            ok = False
        elif lead is None:
            self.new_users.add(username)
            ctx.define("user", username)
            lead = Ref("user", username)
        territory = None
        code = row["codigo_territorio"]
        if row["tipo_recurso"] == FundingKind.PARTICIPATORY:
            if code is None:
                ctx.error(self.name, row.n, "codigo_territorio", "un proyecto participativo requiere codigo_territorio")
                ok = False
            else:
                found = load_territories(ctx).get(code)
                if found is None:
                    ctx.error(self.name, row.n, "codigo_territorio", f"el territorio «{code}» no existe")
                    ok = False
                elif found[1] == TerritoryKind.CITY:
                    ctx.error(
                        self.name, row.n, "codigo_territorio",
                        f"debe ser una comuna o un corregimiento, no {code} (Ciudad)",
                    )
                    ok = False
                else:
                    territory = found[0]
        elif code is not None:
            ctx.error(self.name, row.n, "codigo_territorio", "un proyecto ordinario no lleva codigo_territorio")
            ok = False
        if row["fecha_fin"] < row["fecha_inicio"]:
            ctx.error(self.name, row.n, "fecha_fin", "la fecha de fin es anterior a la fecha de inicio")
            ok = False
        if program is not None:  # known even when the row has other errors, so products are checked once
            ctx.data["project_program"][key] = (row["codigo_programa"], row.n)
        if not ok:
            return None
        self._territory = territory
        return {
            "name": row["nombre"], "program_id": program, "org_unit_id": unit, "lead_id": lead,
            "funding_kind": row["tipo_recurso"], "start_date": row["fecha_inicio"], "end_date": row["fecha_fin"],
        }

    def validate_row_outcome(self, ctx, key, values) -> str:
        outcome = self.sync.plan(key, values)
        current = self.current_territories.get(key, set())
        if values["funding_kind"] == FundingKind.PARTICIPATORY:
            if current != {(self._territory, HUNDRED)}:
                self.territory_changes[key] = self._territory
                if outcome == UNCHANGED:
                    outcome = UPDATED
        elif current:
            old = self.sync.current(key)
            if old and old["funding_kind"] == FundingKind.PARTICIPATORY:
                self.territory_changes[key] = None
        return outcome

    def validate(self, ctx, rows):
        self.current_territories = defaultdict(set)
        for bpin, territory, share in ProjectTerritory.objects.filter(project__bank_code__isnull=False).values_list(
            "project__bank_code", "territory_id", "share"
        ):
            self.current_territories[bpin].add((territory, Decimal(share)))
        self.load_existing(ctx)
        self.planned = True
        for key, row in self.unique_rows(ctx, rows, self.kind):
            if not row.ok:
                continue
            values = self.build(ctx, key, row)
            if values is None:
                continue
            ctx.result.count(self.name, self.validate_row_outcome(ctx, key, values))

    def finish(self, ctx):
        super().finish(ctx)
        if self.new_users:
            ctx.result.new_users = sorted(self.new_users)

    def create_extra(self, ctx, key, values):
        return {"bank_code": key, "state": ProjectState.REGISTERED, "registered_on": timezone.localdate(ctx.now)}

    def write(self, ctx):
        if not self.planned:
            return
        if self.new_users:
            group = Group.objects.get_or_create(name=roles.RESPONSABLE)[0]
            for username in sorted(self.new_users):
                user = User(username=username, is_active=False)
                user.set_unusable_password()
                user.save()
                user.groups.add(group)
                ctx.ids["user"][username] = user.pk
        super().write(ctx)
        if self.territory_changes:
            ids = [ctx.ids["project"][key] for key in self.territory_changes]
            for link in ProjectTerritory.objects.filter(project_id__in=ids):
                link._change_reason = ctx.reason
                link._history_user = ctx.user
                link.delete()
            links = [
                ProjectTerritory(project_id=ctx.ids["project"][key], territory_id=code, share=HUNDRED)
                for key, code in self.territory_changes.items()
                if code is not None
            ]
            bulk_create_with_history(
                links, ProjectTerritory, default_user=ctx.user, default_change_reason=ctx.reason, default_date=ctx.now
            )

    def export_rows(self, plan):
        territories = {
            project_id: code
            for project_id, code in ProjectTerritory.objects.filter(
                project__in=plan_projects(plan), project__funding_kind=FundingKind.PARTICIPATORY
            ).values_list("project_id", "territory_id")
        }
        for p in plan_projects(plan).select_related("program", "org_unit", "lead").order_by("bank_code").iterator(
            chunk_size=EXPORT_CHUNK
        ):
            participatory = p.funding_kind == FundingKind.PARTICIPATORY
            yield [
                p.bank_code, p.name, p.program.code, p.org_unit.code, p.lead.username, FUNDING_NAMES[p.funding_kind],
                str(territories[p.pk]) if participatory and p.pk in territories else None, p.start_date, p.end_date,
            ]


@register
class ProductosSheet(ModelSheet):
    name = "productos"
    columns = [
        Col("bpin", CODE), Col("codigo_producto", CODE, max_length=20), Col("nombre", TEXT, max_length=300),
        Col("codigo_indicador", CODE), Col("unidad", TEXT, max_length=60),
        Col("codigo_producto_mga", CODE, required=False),
    ]
    key = ("bpin", "codigo_producto")
    model = Product
    kind = "product"
    fields = ("project_id", "name", "indicator_id", "unit", "mga_product_code")
    db_key = ("project__bank_code", "code")

    def queryset(self, ctx):
        return Product.objects.filter(project__bank_code__isnull=False)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_projects(ctx)
        ctx.ids["product"] = {
            (bpin, code): pk
            for pk, bpin, code in Product.objects.filter(project__bank_code__isnull=False).values_list(
                "pk", "project__bank_code", "code"
            )
        }
        # {(bpin, code): (MGA code, indicator code, the productos row or None)}: checked in finish,
        # once every sheet has said what the programs' and indicators' codes become.
        self.mga: dict[tuple[str, str], tuple[str, str, int | None]] = {}
        if ctx.plan is not None:
            for bpin, code, mga, indicator in plan_projects(ctx.plan).filter(
                products__mga_product_code__gt=""
            ).values_list("bank_code", "products__code", "products__mga_product_code", "products__indicator__code"):
                self.mga[(bpin, code)] = (mga, indicator, None)

    def build(self, ctx, key, row):
        project = self.require_ref(ctx, row, "bpin", "project", row["bpin"], "el proyecto")
        indicator = self.require_ref(ctx, row, "codigo_indicador", "indicator", row["codigo_indicador"], "el indicador")
        if indicator is not None and ctx.data.get("indicator_kind", {}).get(row["codigo_indicador"]) == "result":
            ctx.error(
                self.name, row.n, "codigo_indicador",
                f"el indicador {row['codigo_indicador']} es de resultado; un producto requiere un indicador de producto",
            )
            return None
        mga = row["codigo_producto_mga"] or ""
        message = mga_product_code_error(mga)
        if message:
            ctx.error(self.name, row.n, "codigo_producto_mga", message)
            return None
        if project is None or indicator is None:
            return None
        self.mga[key] = (mga, row["codigo_indicador"], row.n)
        return {
            "project_id": project, "name": row["nombre"], "indicator_id": indicator, "unit": row["unidad"],
            "mga_product_code": mga,
        }

    def finish(self, ctx):
        """A product's MGA code within its program's budget code and its indicator's MGA code, as
        the workbook leaves them; the error goes to the row that made the pair disagree."""
        super().finish(ctx)
        programs = ctx.data.get("project_program", {})
        budget_codes = ctx.data.get("budget_program_code", {})
        indicator_codes = ctx.data.get("mga_indicator_code", {})
        for (bpin, code), (mga, indicator, n) in sorted(self.mga.items(), key=lambda item: item[1][2] or 0):
            if not mga:
                continue
            label = dnp.product_label(code, bpin)
            program, program_row = programs.get(bpin, (None, None))
            budget, budget_row = budget_codes.get(program, ("", None))
            message = dnp.product_outside_program(
                product_code=mga, product=label, program_code=budget, program=program or "",
            )
            if message:
                self._report(ctx, message, n, program_row, budget_row)
            ind_code, ind_row = indicator_codes.get(indicator, ("", None))
            message = dnp.indicator_outside_product(
                indicator_code=ind_code, indicator=indicator, product_code=mga, product=label,
            )
            if message:
                self._report(ctx, message, n, None, ind_row, sheet="indicadores", column="codigo_indicador_mga")

    def _report(self, ctx, message: str, product_row, project_row, other_row, *,
                sheet: str = "estructura", column: str = "codigo_programa_presupuestal") -> None:
        if product_row is not None:
            ctx.error(self.name, product_row, "codigo_producto_mga", message)
        elif project_row is not None:
            ctx.error("proyectos", project_row, "codigo_programa", message)
        elif other_row is not None:
            ctx.error(sheet, other_row, column, message)

    def create_extra(self, ctx, key, values):
        return {"code": key[1]}

    def export_rows(self, plan):
        for product in Product.objects.filter(project__in=plan_projects(plan)).select_related(
            "project", "indicator"
        ).order_by("project__bank_code", "code").iterator(chunk_size=EXPORT_CHUNK):
            yield [
                product.project.bank_code, product.code, product.name, product.indicator.code, product.unit,
                product.mga_product_code or None,
            ]


@register
class MetasProductoSheet(ModelSheet):
    name = "metas_producto"
    columns = [Col("bpin", CODE), Col("codigo_producto", CODE), Col("anio", YEAR), Col("meta", QTY)]
    key = ("bpin", "codigo_producto", "anio")
    model = ProductGoal
    fields = ("product_id", "year", "goal")
    db_key = ("product__project__bank_code", "product__code", "year")

    def queryset(self, ctx):
        return ProductGoal.objects.filter(product__project__bank_code__isnull=False)

    def build(self, ctx, key, row):
        product = self.require_ref(ctx, row, "codigo_producto", "product", key[:2], "el producto")
        year_ok = ctx.check_year(self.name, row.n, "anio", row["anio"])
        if product is None or not year_ok:
            return None
        return {"product_id": product, "year": row["anio"], "goal": row["meta"]}

    def export_rows(self, plan):
        years = plan.years
        for goal in ProductGoal.objects.filter(
            product__project__in=plan_projects(plan), year__gte=years[0], year__lte=years[-1]
        ).select_related("product__project").order_by("product__project__bank_code", "product__code", "year").iterator(
            chunk_size=EXPORT_CHUNK
        ):
            yield [goal.product.project.bank_code, goal.product.code, goal.year, goal.goal]


def load_sources(ctx) -> dict[str, int]:
    """{code: id} of the funding sources in the database (the fuentes sheet adds the workbook's)."""
    if "source" not in ctx.ids:
        ctx.ids["source"] = dict(FundingSource.objects.values_list("code", "pk"))
    return ctx.ids["source"]


@register
class FuentesSheet(ModelSheet):
    """Funding sources (fuentes de financiación), referred to by code from asignaciones,
    modificaciones and ejecucion_fuente."""

    name = "fuentes"
    columns = [Col("codigo", CODE, max_length=20), Col("nombre", TEXT, max_length=120)]
    key = ("codigo",)
    model = FundingSource
    kind = "source"
    fields = ("name",)
    db_key = ("code",)

    def prepare(self, ctx):
        super().prepare(ctx)
        load_sources(ctx)
        # A name belongs to one source: {casefolded name: code}, the database's first.
        self.names = {name.casefold(): code for code, name in FundingSource.objects.values_list("code", "name")}

    def build(self, ctx, key, row):
        name = " ".join(row["nombre"].split())
        owner = self.names.get(name.casefold())
        if owner is not None and owner != key:
            ctx.error(self.name, row.n, "nombre", f"«{name}» ya es el nombre de la fuente «{owner}»")
            return None
        self.names[name.casefold()] = key
        return {"name": name}

    def create_extra(self, ctx, key, values):
        return {"code": key}

    def export_rows(self, plan):
        for source in FundingSource.objects.order_by("code"):
            yield [source.code, source.name]

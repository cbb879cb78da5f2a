"""Reads of step 4.1: the current plan, its tree, indicator lists and platform comparisons."""
from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.caching import history_marks
from isvimed_planning.history import field_label
from isvimed_planning.models import OrgUnit

from .models import (
    AnnualTarget,
    CatalogueProduct,
    Component,
    DevelopmentPlan,
    Indicator,
    PlanningInstrument,
    PlatformState,
    Program,
    StrategicLine,
    StrategicPlatform,
)

HUNDRED = Decimal("100")


def current_plan() -> DevelopmentPlan | None:
    """The plan whose period contains today, else the latest one."""
    year = timezone.localdate().year
    return (
        DevelopmentPlan.objects.filter(first_year__lte=year, last_year__gte=year).first()
        or DevelopmentPlan.objects.order_by("-first_year").first()
    )


def visible_plans(user) -> QuerySet[DevelopmentPlan]:
    """The plan is read by every user with a role (leads too); nothing for users without one."""
    return DevelopmentPlan.objects.all() if roles.may(user, "strategy.read_plan") else DevelopmentPlan.objects.none()


def visible_platforms(user) -> QuerySet[StrategicPlatform]:
    return StrategicPlatform.objects.filter(plan__in=visible_plans(user)).select_related(
        "plan", "created_by", "approved_by", "based_on"
    )


def visible_indicators(user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan__in=visible_plans(user))


def visible_instruments(user) -> QuerySet[PlanningInstrument]:
    return PlanningInstrument.objects.filter(plan__in=visible_plans(user))


def _targets_prefetch():
    return Prefetch("annual_targets", queryset=AnnualTarget.objects.order_by("year"))


def attach_target_cells(indicators, plan: DevelopmentPlan) -> None:
    """`indicator.target_cells`: the target of each plan year (None when missing), in order."""
    for ind in indicators:
        by_year = {t.year: t.value for t in ind.annual_targets.all()}
        ind.target_cells = [by_year.get(year) for year in plan.years]


@dataclass
class WeightSum:
    total: Decimal
    ok: bool


def weight_sum(indicators) -> WeightSum:
    total = sum((i.weight for i in indicators), Decimal(0))
    return WeightSum(total=total, ok=(total == HUNDRED) or not indicators)


def plan_tree(plan: DevelopmentPlan) -> list[StrategicLine]:
    """Lines → components → programs → indicators (with unit and targets) in five flat queries,
    assembled here: a nested prefetch builds a queryset per parent, which costs more than the
    rows themselves with hundreds of indicators.

    Each line gets `component_list`, each component `program_list`, each program
    `indicator_list` and `weights` (sum of its indicators' weights and whether it is 100); each
    indicator gets `target_cells` (one per plan year).
    """
    lines = list(StrategicLine.objects.filter(plan=plan).order_by("sort_key", "id"))
    components = Component.objects.filter(line__plan=plan).order_by("sort_key", "id")
    programs = Program.objects.filter(component__line__plan=plan).order_by("sort_key", "id")
    indicators = (
        Indicator.objects.filter(program__component__line__plan=plan)
        .select_related("org_unit")
        .order_by("sort_key", "id")
    )
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, value in AnnualTarget.objects.filter(
        indicator__program__component__line__plan=plan
    ).values_list("indicator_id", "year", "value"):
        targets[indicator_id][year] = value
    years = list(plan.years)
    by_program: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicator.target_cells = [targets[indicator.pk].get(year) for year in years]
        by_program[indicator.program_id].append(indicator)
    by_component: dict[int, list[Program]] = defaultdict(list)
    for program in programs:
        program.indicator_list = by_program.get(program.pk, [])
        program.weights = weight_sum(program.indicator_list)
        by_component[program.component_id].append(program)
    by_line: dict[int, list[Component]] = defaultdict(list)
    for component in components:
        component.program_list = by_component.get(component.pk, [])
        by_line[component.line_id].append(component)
    for line in lines:
        line.component_list = by_line.get(line.pk, [])
    return lines


# What the plan tree shows: the plan, its nodes, indicators, targets and the dependencias' names.
TREE_MODELS = (DevelopmentPlan, StrategicLine, Component, Program, Indicator, AnnualTarget, OrgUnit)


def tree_version() -> tuple:
    """Changes whenever anything the plan tree shows changes (one query): history rows are only
    appended, see isvimed_planning.caching."""
    return history_marks(TREE_MODELS)


def program_weights(program: Program) -> WeightSum:
    return weight_sum(list(program.indicators.only("weight")))


def indicator_list(user, plan: DevelopmentPlan, params=None):
    """The plan's indicators the user sees with what the list shows, in a constant number of
    queries, filtered by the list's filter bar (`params`: the query string). Returns (indicators, filter set)."""
    from .filters import IndicatorFilter

    filterset = IndicatorFilter(params or None, queryset=visible_indicators(user).filter(plan=plan), plan=plan)
    qs = filterset.qs.select_related("program", "org_unit", "plan").prefetch_related(_targets_prefetch())
    return qs.order_by("sort_key"), filterset


def platform_versions(plan: DevelopmentPlan) -> list[StrategicPlatform]:
    return list(plan.platforms.select_related("created_by", "approved_by", "based_on").order_by("-version"))


def platform_full(platform_id: int) -> StrategicPlatform:
    return (
        StrategicPlatform.objects.select_related("plan", "created_by", "approved_by", "based_on")
        .prefetch_related("stakeholders", "challenges", "dimensions")
        .get(pk=platform_id)
    )


def latest_approved_platform(plan: DevelopmentPlan) -> StrategicPlatform | None:
    found = plan.platforms.filter(state=PlatformState.APPROVED).order_by("-version").first()
    return platform_full(found.pk) if found else None


# --- Comparing two versions ----------------------------------------------------------------


@dataclass
class DiffRow:
    left: str
    right: str
    tag: str  # equal, replace, delete, insert


@dataclass
class FieldDiff:
    label: str
    rows: list[DiffRow]
    changed: bool


@dataclass
class ListDiff:
    label: str
    rows: list[DiffRow] = field(default_factory=list)
    changed: bool = False


def _text_rows(a: str, b: str) -> list[DiffRow]:
    left, right = (a or "").splitlines(), (b or "").splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow(x, x, "equal") for x in left[i1:i2])
            continue
        chunk_l, chunk_r = left[i1:i2], right[j1:j2]
        for k in range(max(len(chunk_l), len(chunk_r))):
            lt = chunk_l[k] if k < len(chunk_l) else ""
            rt = chunk_r[k] if k < len(chunk_r) else ""
            rows.append(DiffRow(lt, rt, "replace" if lt and rt else ("delete" if lt else "insert")))
    return rows


def _item_text(item, fields) -> str:
    name, detail = (getattr(item, f) for f in fields)
    return f"{name}: {detail}" if detail else name


def compare_platforms(a: StrategicPlatform, b: StrategicPlatform) -> tuple[list[FieldDiff], list[ListDiff]]:
    """Side-by-side differences of each text field and each list (items matched by name)."""
    from .services import PLATFORM_LISTS, PLATFORM_TEXT_FIELDS

    texts = []
    for name in PLATFORM_TEXT_FIELDS:
        label = field_label(StrategicPlatform, name).capitalize()
        rows = _text_rows(getattr(a, name), getattr(b, name))
        texts.append(FieldDiff(label, rows, any(r.tag != "equal" for r in rows)))
    lists = []
    for related, (model, fields) in PLATFORM_LISTS.items():
        diff = ListDiff(str(model._meta.verbose_name_plural).capitalize())
        left = {i.name: _item_text(i, fields) for i in getattr(a, related).all()}
        right = {i.name: _item_text(i, fields) for i in getattr(b, related).all()}
        for key in list(left) + [k for k in right if k not in left]:
            lt, rt = left.get(key, ""), right.get(key, "")
            tag = "equal" if lt == rt else ("replace" if lt and rt else ("delete" if lt else "insert"))
            diff.rows.append(DiffRow(lt, rt, tag))
        diff.changed = any(r.tag != "equal" for r in diff.rows)
        lists.append(diff)
    return texts, lists


# --- History of the annual targets of an indicator -----------------------------------------


@dataclass
class TargetChange:
    when: dt.datetime
    who: str
    year: int
    action: str
    old: Decimal | None
    new: Decimal | None


def target_history(indicator: Indicator) -> list[TargetChange]:
    """Who set or changed each annual target and when, newest first."""
    records = list(
        AnnualTarget.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("year", "history_date", "history_id")
    )
    changes: list[TargetChange] = []
    last: dict[int, Decimal | None] = {}
    for rec in records:
        old = last.get(rec.id)
        user = rec.history_user
        who = user.display_name if user else "sistema"
        if rec.history_type == "-":
            changes.append(TargetChange(rec.history_date, who, rec.year, "Eliminada", old, None))
            last[rec.id] = None
        elif rec.history_type == "+" or old is None:
            changes.append(TargetChange(rec.history_date, who, rec.year, "Fijada", None, rec.value))
            last[rec.id] = rec.value
        elif rec.value != old:
            changes.append(TargetChange(rec.history_date, who, rec.year, "Modificada", old, rec.value))
            last[rec.id] = rec.value
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str


def catalogue_products(program_code: str = "") -> list[CatalogueEntry]:
    """The DNP catalogue's products (one per product code) within a budget program code; all when blank."""
    lines = CatalogueProduct.objects.order_by("product_code", "indicator_code")
    if program_code:
        lines = lines.filter(product_code__startswith=program_code)
    entries: dict[str, CatalogueEntry] = {}
    for code, name, unit in lines.values_list("product_code", "product_name", "product_unit"):
        entries.setdefault(code, CatalogueEntry(code, name, unit))
    return list(entries.values())

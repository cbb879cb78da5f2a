"""The whole institute's figures at a cutoff: what the follow-up dashboard, the open data and the
early warning read (monitoring.figures computes each part; this module puts them together and
keeps them cached under figures.inputs_version()).

At a whole administration's size (20,000 projects) computing them takes most of a minute, and
every approval changes them. But an approval changes one project's figures: its money, its
products' progress, its territories, its sources, its projection; and, through the monthly
totals, the plan's indicators, which are few (the plan does not grow with the projects). So does
a budget modification, an allocation, a reprogramming or a change of the action plan's
programming. So the figures of a new version start from the last ones computed, when what changed
since names its projects: ApprovedReportChange for the reports, the history rows written since
for the inputs that belong to one project (_PER_PROJECT). Those projects are read again, the
indicators of their products and every sum over the projects are recomputed, and the result is
the same, to the last digit, as computing everything again (tests/monitoring/
test_institute_patch.py applies random approvals, reopenings, corrections, budget changes and
reprogrammings and compares both after each one). A change of the plan, its programs or
indicators, or the funding sources recomputes everything.

What the cache keeps of patched figures is small: the changed projects' parts and the sums over
every project (`Delta`), against the last figures computed whole (the base). Pickling the whole
figures at that size takes seconds, and they would be written again at every approval; each
process keeps the base it read once and puts the delta on it. When the deltas have grown to
DELTA_LIMIT projects, the whole figures are written again and become the new base.

Patching never changes the objects it starts from: other requests may be reading them.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from action_plan import programming
from action_plan.models import ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from budget.models import BudgetModification, ProjectAllocation, TargetReprogramming
from isvimed_planning.caching import also_forget, peek, store, versioned
from isvimed_planning.codes import natural_key
from isvimed_planning.models import Territory
from projects.models import Product, ProductGoal, Project

from . import figures, projection, sources as source_money, totals

# Changed projects beyond which reading them all again is as quick as patching.
PATCH_LIMIT = 500
# Projects changed since the base beyond which the whole figures are cached again as a new base.
DELTA_LIMIT = 2000
# Whole figures a process keeps (each shares most of its objects with its base).
_KEPT = 4
ZERO = Decimal(0)

Pair = tuple[int, Decimal, int]  # a project's share of a territory: (code, committed, beneficiaries)


@dataclass
class InstituteFigures:
    version: tuple  # figures.inputs_version() read before computing them
    figures: figures.DashboardFigures
    projection: projection.YearProjection
    # What a patch needs besides what pages show.
    territories: list[Territory]
    territory_sums: dict[int, tuple[int, Decimal, int]]  # {code: (pairs, committed, beneficiaries)}
    pairs_by_project: dict[int, tuple[Pair, ...]]
    source_rows: dict[int, list[source_money.SourceRow]]
    # Patched figures: the version of the whole ones they come from, and the projects changed since.
    base_version: tuple | None = None
    changed_since_base: frozenset[int] = frozenset()
    # When the whole figures they descend from began to be computed (_now()): see _fresh.
    computed_at: float = 0.0


@dataclass
class Delta:
    """Patched figures as cached: against the whole figures of `base_version`, the parts of the
    projects changed since (`changed`; a project absent from a part has none) and every part
    summed over the projects."""

    version: tuple
    base_version: tuple
    changed: frozenset[int]
    order: list[int]  # the year's projects, in the figures' order
    projects: dict[int, figures.ProjectFigures]
    programmed_by_month: dict[int, list[Decimal]]
    projections: dict[int, projection.ProjectProjection]
    money_by_month: dict[int, list[Decimal | None]]
    pairs: dict[int, tuple[Pair, ...]]
    source_rows: dict[int, list[source_money.SourceRow]]
    committed_by_month: dict[int, list[Decimal | None]]
    program_projections: dict[int, projection.ProgramProjection]
    territory_sums: dict[int, tuple[int, Decimal, int]]
    indicators: list[figures.IndicatorFigures]
    programs: list[figures.ProgramFigures]
    territory_summary: list[figures.TerritoryFigures]
    sources: list[source_money.SourceTotal]
    needs_split: list[source_money.SplitNeeded]
    program_months: dict[int, figures.ProgramMonths]


_kept: OrderedDict[tuple[str, str], InstituteFigures] = OrderedDict()
_now = time.time  # a module attribute so that tests can move the clock


def _fresh(value: InstituteFigures) -> bool:
    """Whether figures may still be served or patched: whole ones computed at most
    VERSIONED_CACHE_SECONDS ago. A history id is handed out when a row is written, not when its
    transaction commits, so whole figures computed while a transaction was open may miss its
    change although their history marks are past its rows (then no patch would read them again);
    computing them whole again at this age bounds what they can miss to the age every value of
    the versioned cache has (isvimed_planning.caching)."""
    return _now() - value.computed_at <= settings.VERSIONED_CACHE_SECONDS


def _keep(key: str, value: InstituteFigures) -> InstituteFigures:
    _kept[(key, repr(value.version))] = value
    _kept.move_to_end((key, repr(value.version)))
    while len(_kept) > _KEPT:
        _kept.popitem(last=False)
    return value


def _key(year: int, cutoff: dt.date) -> str:
    return f"figures:institute:{year}:{cutoff.isoformat()}"


def institute_figures(*, year: int, cutoff: dt.date, version: tuple | None = None) -> InstituteFigures:
    """The institute's figures at the cutoff for this version of their inputs (`version`: the
    figures.inputs_version() the caller already read in this request)."""
    version = version if version is not None else figures.inputs_version()
    key = _key(year, cutoff)
    found = _whole(key, version)
    if found is not None:
        return found

    def compute() -> InstituteFigures | Delta:
        value = _patched(year, cutoff, version) or _computed(year, cutoff, version)
        _keep(key, value)
        cache.set(f"{key}:latest", version, None)
        return _stored(value)

    stored = versioned(key, version, compute)
    found = _whole(key, version, stored)
    if found is None:  # its base is gone from the cache: computed whole again
        found = _keep(key, _computed(year, cutoff, version))
        store(key, version, found)
    return found


also_forget(_kept.clear)  # with the versioned values (tests, after cache.clear())


def dashboard_figures(*, year: int, cutoff: dt.date, version: tuple | None = None) -> figures.DashboardFigures:
    return institute_figures(year=year, cutoff=cutoff, version=version).figures


def year_projection(*, year: int, cutoff: dt.date, version: tuple | None = None) -> projection.YearProjection:
    return institute_figures(year=year, cutoff=cutoff, version=version).projection


def _whole(key: str, version: tuple, stored: object = None) -> InstituteFigures | None:
    """The whole figures of `version`: kept by this process, or put together from what the cache
    holds (`stored`, else read from it); None when there is nothing to start from."""
    kept = _kept.get((key, repr(version)))
    if kept is not None and _fresh(kept):
        return kept
    if stored is None:
        return None
    if isinstance(stored, InstituteFigures):
        return _keep(key, stored) if _fresh(stored) else None
    if not isinstance(stored, Delta):
        return None
    base = _kept.get((key, repr(stored.base_version)))
    if base is None:
        cached = peek(key, stored.base_version)
        if not isinstance(cached, InstituteFigures):
            return None
        base = _keep(key, cached)
    return _keep(key, _apply(base, stored)) if _fresh(base) else None


def _stored(value: InstituteFigures) -> InstituteFigures | Delta:
    """What the cache keeps of `value`."""
    if value.base_version is None:
        return value
    changed = value.changed_since_base
    projects = {p.project_id: p for p in value.figures.projects if p.project_id in changed}
    mine = value.projection
    return Delta(
        version=value.version, base_version=value.base_version, changed=changed,
        order=[p.project_id for p in value.figures.projects], projects=projects,
        programmed_by_month={
            pk: value.figures.programmed_by_month[pk] for pk in changed if pk in value.figures.programmed_by_month
        },
        projections={pk: mine.projects[pk] for pk in changed if pk in mine.projects},
        money_by_month={pk: mine.money_by_month[pk] for pk in changed if pk in mine.money_by_month},
        pairs={pk: value.pairs_by_project[pk] for pk in changed if pk in value.pairs_by_project},
        source_rows={pk: value.source_rows[pk] for pk in changed if pk in value.source_rows},
        committed_by_month={
            pk: value.figures.committed_by_month[pk] for pk in changed if pk in value.figures.committed_by_month
        },
        program_projections=mine.programs, territory_sums=value.territory_sums,
        indicators=value.figures.indicators, programs=value.figures.programs,
        territory_summary=value.figures.territories, sources=value.figures.sources,
        needs_split=value.figures.needs_split, program_months=value.figures.program_months,
    )


def _apply(base: InstituteFigures, delta: Delta) -> InstituteFigures:
    changed = delta.changed

    def merged(whole: dict, parts: dict) -> dict:
        return _merged(whole, parts, changed)

    old = base.figures
    by_id = {p.project_id: p for p in old.projects}
    projects = [delta.projects[pk] if pk in delta.projects else by_id[pk] for pk in delta.order]
    return InstituteFigures(
        version=delta.version,
        figures=figures.DashboardFigures(
            projects=projects, indicators=delta.indicators, programs=delta.programs,
            territories=delta.territory_summary,
            programmed_by_month=merged(old.programmed_by_month, delta.programmed_by_month),
            committed_by_month=merged(old.committed_by_month, delta.committed_by_month),
            sources=delta.sources, needs_split=delta.needs_split, program_months=delta.program_months,
        ),
        projection=projection.YearProjection(
            year=base.projection.year, cutoff=base.projection.cutoff,
            projects=_in_order(projects, merged(base.projection.projects, delta.projections)),
            programs=delta.program_projections,
            money_by_month=merged(base.projection.money_by_month, delta.money_by_month),
        ),
        territories=base.territories, territory_sums=delta.territory_sums,
        pairs_by_project=merged(base.pairs_by_project, delta.pairs),
        source_rows=merged(base.source_rows, delta.source_rows),
        base_version=delta.base_version, changed_since_base=changed, computed_at=base.computed_at,
    )


def _merged(whole: dict, parts: dict, changed: set[int] | frozenset[int]) -> dict:
    """`whole` without the changed projects' entries, then theirs (`parts`; absent: none now)."""
    return {**{k: v for k, v in whole.items() if k not in changed}, **parts}


def _in_order(projects: list[figures.ProjectFigures], by_id: dict) -> dict:
    """`by_id` in the projects' order: the programs' projections add their projects up in it, as
    computing them whole does (products of ratios and budgets are rounded to 28 digits, so the
    order of a sum can move its last digit)."""
    return {p.project_id: by_id[p.project_id] for p in projects if p.project_id in by_id}


# --- Everything ---------------------------------------------------------------------------


def _territory_parts(
    year_cutoff: dt.date, project_ids: Iterable[int] | None = None
) -> dict[int, tuple[Pair, ...]]:
    found: dict[int, list[Pair]] = {}
    for pair in figures.territory_pairs(cutoff=year_cutoff, chunk_size=0, project_ids=project_ids):
        found.setdefault(pair.project_id, []).append((pair.territory_code, pair.committed, pair.beneficiaries))
    return {pk: tuple(pairs) for pk, pairs in found.items()}


def _add_pairs(sums: dict[int, tuple[int, Decimal, int]], pairs: Iterable[Pair], sign: int) -> None:
    for code, committed, beneficiaries in pairs:
        count, money, people = sums.get(code, (0, ZERO, 0))
        sums[code] = (count + sign, money + sign * committed, people + sign * beneficiaries)


def _computed(year: int, cutoff: dt.date, version: tuple) -> InstituteFigures:
    started = _now()
    with_products = figures.project_figures(year=year, cutoff=cutoff)
    projected = projection.compute(year=year, cutoff=cutoff, projects=with_products)
    allocated = figures._allocated(year)
    territories = list(Territory.objects.order_by("code"))
    pairs = _territory_parts(cutoff)
    sums: dict[int, tuple[int, Decimal, int]] = {}
    for project_pairs in pairs.values():
        _add_pairs(sums, project_pairs, 1)
    rows = source_money.source_rows(allocated, year=year, cutoff=cutoff)
    return InstituteFigures(
        version=version,
        figures=_assemble(
            year, cutoff,
            projects=[replace(p, products=[]) for p in with_products],
            territories=figures.territory_summary(territories, sums),
            programmed_by_month=programming.programmed_money_by_month(allocated, year=year),
            committed_by_month=figures.monthly_committed(allocated, year=year, month=cutoff.month),
            source_rows=rows,
            needs_split=source_money.needs_split(year=year),
            projected=projected,
        ),
        projection=projected, territories=territories, territory_sums=sums, pairs_by_project=pairs, source_rows=rows,
        computed_at=started,
    )


def months_of(
    ids: Iterable[int], *, programmed_by_month: dict, committed_by_month: dict, projected: projection.YearProjection
) -> figures.ProgramMonths:
    """Some projects' monthly amounts summed: a program's (kept with the figures) or a lead's."""
    ids = list(ids)
    return figures.ProgramMonths(
        programmed=figures.add_months(programmed_by_month[k] for k in ids if k in programmed_by_month),
        committed=figures.add_months(committed_by_month[k] for k in ids if k in committed_by_month),
        projected=figures.add_months(projected.money_by_month[k] for k in ids if k in projected.money_by_month),
        has_plan=any(projected.projects[k].has_plan for k in ids if k in projected.projects),
    )


def _assemble(
    year: int, cutoff: dt.date, *, projects: list[figures.ProjectFigures], territories, programmed_by_month,
    committed_by_month, source_rows, needs_split, projected: projection.YearProjection,
    indicators: list[figures.IndicatorFigures] | None = None,
    program_months: tuple[dict[int, figures.ProgramMonths], set[int]] | None = None,
) -> figures.DashboardFigures:
    """The parts that sum over the projects: recomputed; the plan's indicators unless given, and
    the programs' months but for the programs of `program_months` ((the last ones, programs to
    sum again))."""
    if indicators is None:
        indicators = figures.indicator_figures(year=year, cutoff=cutoff)
    programs = figures.program_figures(year=year, cutoff=cutoff, indicators=indicators, all_projects=projects)
    by_program: dict[int, list[figures.ProjectFigures]] = {}
    for project in projects:
        by_program.setdefault(project.program_id, []).append(project)
    for program in programs:  # new objects: set before anybody reads them
        program.rating = figures.rating(program.physical_fulfilment)
        program.programming = figures.programming_figures(by_program.get(program.program_id, []))
    months = {k: v for k, v in program_months[0].items() if k not in program_months[1]} if program_months else {}
    for program_id, mine in by_program.items():
        if program_months is None or program_id in program_months[1]:
            months[program_id] = months_of(
                [p.project_id for p in mine], programmed_by_month=programmed_by_month,
                committed_by_month=committed_by_month, projected=projected,
            )
    return figures.DashboardFigures(
        projects=projects, indicators=indicators, programs=programs, territories=territories,
        programmed_by_month=programmed_by_month, committed_by_month=committed_by_month,
        sources=source_money.source_totals(source_rows), needs_split=needs_split, program_months=months,
    )


# --- After approvals: the changed projects only ---------------------------------------------


# Inputs that belong to one project each, and the path from their history rows to it: a change of
# theirs is patched for the projects its history rows name. A change of any other input (the plan,
# its indicators and targets, the programs, the funding sources, the action plan's state, a result
# indicator's measurement) recomputes everything.
_PER_PROJECT = {
    Project: "id", Product: "project_id", ProductGoal: "product__project_id",
    ProjectAllocation: "project_id", BudgetModification: "project_id", TargetReprogramming: "product__project_id",
    ActionPlanEntry: "project_id", FinancialMonthlyTarget: "entry__project_id",
    PhysicalMonthlyTarget: "entry__project_id",
}


def _changed_inputs(before: tuple, after: tuple) -> tuple[set[int], bool] | None:
    """The projects named by the history rows of the inputs written between two history marks
    (figures.inputs_version()[1]), and whether a project itself changed (its place in the order
    may have); None when an input that is not a project's changed, or a row's project is gone."""
    found: set[int] = set()
    for model, old, new in zip(figures._INPUT_MODELS, before, after, strict=True):
        if old == new:
            continue
        path = _PER_PROJECT.get(model)
        if path is None:
            return None
        ids = set(
            model.history.model.objects.filter(history_id__gt=old or 0, history_id__lte=new or 0)  # type: ignore[attr-defined]
            .values_list(path, flat=True).distinct()
        )
        if None in ids:
            return None
        found |= ids
    return found, before[figures._INPUT_MODELS.index(Project)] != after[figures._INPUT_MODELS.index(Project)]


def _patched(year: int, cutoff: dt.date, version: tuple) -> InstituteFigures | None:
    """The figures of `version` from the last ones computed, or None when they cannot be."""
    key = _key(year, cutoff)
    latest = cache.get(f"{key}:latest")
    if latest is None or latest[0] > version[0] or len(latest[1]) != len(version[1]):
        return None  # none yet
    base = _whole(key, latest, peek(key, latest))
    if base is None:  # none, or too old to start from (_fresh)
        return None
    reported = totals.changed_projects(base.version[0], version[0])
    inputs = _changed_inputs(base.version[1], version[1])
    if reported is None or inputs is None:
        return None
    changed = reported | inputs[0]
    if len(changed) > PATCH_LIMIT:
        return None
    if not changed:
        return replace(base, version=version)
    patched = _patch(base, year, cutoff, version, sorted(changed), resort=inputs[1])
    if base.base_version is None:
        since, base_version = frozenset(changed), base.version
    else:
        since, base_version = base.changed_since_base | changed, base.base_version
    if len(since) > DELTA_LIMIT:
        return patched  # cached whole: the new base
    return replace(patched, base_version=base_version, changed_since_base=since)


def _patch(
    base: InstituteFigures, year: int, cutoff: dt.date, version: tuple, changed: list[int], *, resort: bool
) -> InstituteFigures:
    """`base` with the figures of the `changed` projects read again. A project may have come into
    the year (an allocation) or left it; `resort`: a project's code or program may have changed."""
    gone = set(changed)
    allocated: QuerySet = figures._allocated(year, changed)
    with_products = figures.project_figures(year=year, cutoff=cutoff, project_ids=changed)
    old = base.figures
    fresh = {p.project_id for p in with_products}
    kept = [p for p in old.projects if p.project_id not in gone]
    touched_programs = {p.program_id for p in with_products} | {
        p.program_id for p in old.projects if p.project_id in gone
    }
    if resort or len(kept) + len(fresh) != len(old.projects) or not fresh <= {p.project_id for p in old.projects}:
        projects = kept + [replace(p, products=[]) for p in with_products]
        projects.sort(key=lambda r: (figures._natural(r.program_code), figures._natural(r.bpin), r.project_id))
    else:  # the same projects in the same places
        stripped = {p.project_id: replace(p, products=[]) for p in with_products}
        projects = [stripped.get(p.project_id, p) for p in old.projects]

    def merged(whole: dict, parts: dict) -> dict:
        return _merged(whole, parts, gone)

    projected = projection.compute(year=year, cutoff=cutoff, project_ids=changed, projects=with_products)
    project_projections = _in_order(projects, merged(base.projection.projects, projected.projects))
    program_projections = {
        k: v for k, v in base.projection.programs.items() if k not in touched_programs
    } | projection.program_projections(p for p in project_projections.values() if p.program_id in touched_programs)
    new_projection = projection.YearProjection(
        year=year, cutoff=cutoff, projects=project_projections, programs=program_projections,
        money_by_month=merged(base.projection.money_by_month, projected.money_by_month),
    )

    sums = dict(base.territory_sums)
    pairs = dict(base.pairs_by_project)
    new_pairs = _territory_parts(cutoff, changed)
    for pk in changed:
        _add_pairs(sums, pairs.pop(pk, ()), -1)
        if pk in new_pairs:
            pairs[pk] = new_pairs[pk]
            _add_pairs(sums, new_pairs[pk], 1)
    sums = {code: total for code, total in sums.items() if total[0]}

    rows = merged(base.source_rows, source_money.source_rows(allocated, year=year, cutoff=cutoff))
    split = [n for n in old.needs_split if n.project_id not in gone] + source_money.needs_split(
        year=year, projects=allocated
    )
    split.sort(key=lambda i: (i.year, natural_key(i.bpin or ""), i.project_id))
    # Approved quantities move the totals of the indicators of these projects' products only.
    touched = set(Product.objects.filter(project_id__in=changed).values_list("indicator_id", flat=True))
    fresh_indicators = {
        i.indicator_id: i for i in figures.indicator_figures(year=year, cutoff=cutoff, indicator_ids=touched)
    }
    indicators = [fresh_indicators.get(i.indicator_id, i) for i in old.indicators]
    return InstituteFigures(
        version=version,
        figures=_assemble(
            year, cutoff, projects=projects, territories=figures.territory_summary(base.territories, sums),
            programmed_by_month=merged(
                old.programmed_by_month, programming.programmed_money_by_month(allocated, year=year)
            ),
            committed_by_month=merged(
                old.committed_by_month, figures.monthly_committed(allocated, year=year, month=cutoff.month)
            ),
            source_rows=rows, needs_split=split, indicators=indicators, projected=new_projection,
            program_months=(old.program_months, touched_programs),
        ),
        projection=new_projection, territories=base.territories, territory_sums=sums, pairs_by_project=pairs,
        source_rows=rows, computed_at=base.computed_at,
    )

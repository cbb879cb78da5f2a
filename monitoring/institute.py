"""The whole institute's figures at a cutoff: what the follow-up dashboard, the open data and the
early warning read (monitoring.figures computes each part; this module puts them together and
keeps them cached under figures.inputs_version()).

At a whole administration's size (20,000 projects) computing them takes most of a minute, and
every approval changes them. But an approval changes one project's figures: its money, its
products' progress, its territories, its sources, its projection; and, through the monthly
totals, the plan's indicators, which are few (the plan does not grow with the projects). So the
figures of a new version start from the last ones computed, when only approved reports changed
since (the history marks are the same) and ApprovedReportChange names the few projects they
belong to: those projects are read again, the indicators and every sum over the projects are
recomputed, and the result is the same, to the last digit, as computing everything again
(tests/monitoring/test_institute_patch.py applies random approvals, reopenings and edits and
compares both after each one). Anything else (a budget modification, a new programming, a change
of the plan) recomputes everything.

What the cache keeps of patched figures is small: the changed projects' parts and the sums over
every project (`Delta`), against the last figures computed whole (the base). Pickling the whole
figures at that size takes seconds, and they would be written again at every approval; each
process keeps the base it read once and puts the delta on it. When the deltas have grown to
DELTA_LIMIT projects, the whole figures are written again and become the new base.

Patching never changes the objects it starts from: other requests may be reading them.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import QuerySet

from action_plan import programming
from isvimed_planning.caching import also_forget, peek, store, versioned
from isvimed_planning.codes import natural_key
from isvimed_planning.models import Territory
from projects.models import Product

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


@dataclass
class Delta:
    """Patched figures as cached: against the whole figures of `base_version`, the parts of the
    projects changed since (`changed`; a project absent from a part has none) and every part
    summed over the projects."""

    version: tuple
    base_version: tuple
    changed: frozenset[int]
    projects: dict[int, figures.ProjectFigures]
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
    if kept is not None:
        return kept
    if stored is None:
        return None
    if isinstance(stored, InstituteFigures):
        return _keep(key, stored)
    if not isinstance(stored, Delta):
        return None
    base = _kept.get((key, repr(stored.base_version)))
    if base is None:
        cached = peek(key, stored.base_version)
        if not isinstance(cached, InstituteFigures):
            return None
        base = _keep(key, cached)
    return _keep(key, _apply(base, stored))


def _stored(value: InstituteFigures) -> InstituteFigures | Delta:
    """What the cache keeps of `value`."""
    if value.base_version is None:
        return value
    changed = value.changed_since_base
    projects = {p.project_id: p for p in value.figures.projects if p.project_id in changed}
    mine = value.projection
    return Delta(
        version=value.version, base_version=value.base_version, changed=changed, projects=projects,
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
        return {**{k: v for k, v in whole.items() if k not in changed}, **parts}

    projects = [delta.projects.get(p.project_id, p) for p in base.figures.projects]
    old = base.figures
    return InstituteFigures(
        version=delta.version,
        figures=figures.DashboardFigures(
            projects=projects, indicators=delta.indicators, programs=delta.programs,
            territories=delta.territory_summary, programmed_by_month=old.programmed_by_month,
            committed_by_month=merged(old.committed_by_month, delta.committed_by_month),
            sources=delta.sources, needs_split=delta.needs_split, program_months=delta.program_months,
        ),
        projection=projection.YearProjection(
            year=base.projection.year, cutoff=base.projection.cutoff,
            projects=merged(base.projection.projects, delta.projections), programs=delta.program_projections,
            money_by_month=merged(base.projection.money_by_month, delta.money_by_month),
        ),
        territories=base.territories, territory_sums=delta.territory_sums,
        pairs_by_project=merged(base.pairs_by_project, delta.pairs),
        source_rows=merged(base.source_rows, delta.source_rows),
        base_version=delta.base_version, changed_since_base=changed,
    )


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
    months = dict(program_months[0]) if program_months else {}
    for program_id, mine in by_program.items():
        if program_months is None or program_id in program_months[1]:
            ids = [p.project_id for p in mine]
            months[program_id] = figures.ProgramMonths(
                programmed=figures.add_months(programmed_by_month[k] for k in ids if k in programmed_by_month),
                committed=figures.add_months(committed_by_month[k] for k in ids if k in committed_by_month),
                projected=figures.add_months(
                    projected.money_by_month[k] for k in ids if k in projected.money_by_month
                ),
                has_plan=any(projected.projects[k].has_plan for k in ids if k in projected.projects),
            )
    return figures.DashboardFigures(
        projects=projects, indicators=indicators, programs=programs, territories=territories,
        programmed_by_month=programmed_by_month, committed_by_month=committed_by_month,
        sources=source_money.source_totals(source_rows), needs_split=needs_split, program_months=months,
    )


# --- After approvals: the changed projects only ---------------------------------------------


def _patched(year: int, cutoff: dt.date, version: tuple) -> InstituteFigures | None:
    """The figures of `version` from the last ones computed, or None when they cannot be."""
    key = _key(year, cutoff)
    latest = cache.get(f"{key}:latest")
    if latest is None or latest[1] != version[1] or latest[0] > version[0]:
        return None  # none yet, or something besides approved reports changed
    base = _whole(key, latest, peek(key, latest))
    if base is None:
        return None
    changed = totals.changed_projects(base.version[0], version[0])
    if changed is None or len(changed) > PATCH_LIMIT:
        return None
    if not changed:
        return replace(base, version=version)
    patched = _patch(base, year, cutoff, version, sorted(changed))
    if patched is None:
        return None
    if base.base_version is None:
        since, base_version = frozenset(changed), base.version
    else:
        since, base_version = base.changed_since_base | changed, base.base_version
    if len(since) > DELTA_LIMIT:
        return patched  # cached whole: the new base
    return replace(patched, base_version=base_version, changed_since_base=since)


def _patch(base: InstituteFigures, year: int, cutoff: dt.date, version: tuple, changed: list[int]) -> InstituteFigures | None:
    allocated: QuerySet = figures._allocated(year, changed)
    with_products = figures.project_figures(year=year, cutoff=cutoff, project_ids=changed)
    old = base.figures
    position = {p.project_id: i for i, p in enumerate(old.projects)}
    fresh = {p.project_id for p in with_products}
    if any(p.project_id not in position for p in with_products) or any(
        pk in position and pk not in fresh for pk in changed
    ):
        return None  # a project came into or left the year: not an approval's doing
    projects = list(old.projects)
    for p in with_products:
        projects[position[p.project_id]] = replace(p, products=[])

    touched_programs = {p.program_id for p in with_products}
    projected = projection.compute(year=year, cutoff=cutoff, project_ids=changed, projects=with_products)
    project_projections = {**base.projection.projects, **projected.projects}
    money_by_month = {**base.projection.money_by_month, **projected.money_by_month}
    program_projections = {
        **base.projection.programs,
        **projection.program_projections(p for p in project_projections.values() if p.program_id in touched_programs),
    }
    new_projection = projection.YearProjection(
        year=year, cutoff=cutoff, projects=project_projections, programs=program_projections,
        money_by_month=money_by_month,
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

    rows = {pk: r for pk, r in base.source_rows.items() if pk not in fresh}
    rows.update(source_money.source_rows(allocated, year=year, cutoff=cutoff))
    committed = {pk: c for pk, c in old.committed_by_month.items() if pk not in fresh}
    committed.update(figures.monthly_committed(allocated, year=year, month=cutoff.month))
    split = [n for n in old.needs_split if n.project_id not in fresh] + source_money.needs_split(
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
            programmed_by_month=old.programmed_by_month, committed_by_month=committed, source_rows=rows,
            needs_split=split, indicators=indicators, projected=new_projection,
            program_months=(old.program_months, touched_programs),
        ),
        projection=new_projection, territories=base.territories, territory_sums=sums, pairs_by_project=pairs,
        source_rows=rows,
    )

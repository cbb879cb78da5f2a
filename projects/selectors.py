"""Reads of projects for a user: what they may see, and the project page's data."""
from __future__ import annotations

from django.db.models import QuerySet

from isvimed_planning import roles
from isvimed_planning.access import Fetched, fetch_for_user
from isvimed_planning.dates import years_between
from isvimed_planning.roles import has_role

from .models import Project


def visible_projects(user) -> QuerySet[Project]:
    """Every project for read-all roles; a lead (`responsable`) sees only the projects they lead."""
    qs = Project.objects.all()
    if has_role(user, *roles.READ_ALL_ROLES):
        return qs
    if has_role(user, roles.RESPONSABLE):
        return qs.filter(lead=user)
    return qs.none()


def get_project_for_user(user, pk) -> Project:
    """The project if this user may see it, else Http404."""
    return fetch_project_for_user(user, pk).obj


def fetch_project_for_user(user, pk, perms: tuple[str, ...] = ()) -> Fetched[Project]:
    """The project if this user may see it (else Http404), with `perms` answered for it."""
    return fetch_for_user(visible_projects(user).select_related("program", "org_unit", "lead"), user, perms, pk=pk)


# --- Lists and the project page -----------------------------------------------------------

from dataclasses import dataclass, field  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from isvimed_planning.caching import history_marks  # noqa: E402
from isvimed_planning.models import OrgUnit  # noqa: E402
from strategy.models import Program  # noqa: E402

from .models import (  # noqa: E402
    Activity,
    ActivityCost,
    ParticipatoryMeeting,
    Product,
    ProjectComment,
    ProjectFunding,
    ProjectTerritory,
    ProjectTransition,
)

_MONEY: DecimalField = DecimalField(max_digits=17, decimal_places=2)


def _total_cost_subquery():
    costs = (
        ActivityCost.objects.filter(activity__product__project=OuterRef("pk"))
        .order_by()
        .values("activity__product__project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(costs, output_field=_MONEY), Value(Decimal("0")), output_field=_MONEY)


# What the project list shows and filters on (with the program and the unit, named in the rows).
_LIST_INPUTS = (Project, ProjectTerritory, Product, Activity, ActivityCost, Program, OrgUnit)


def list_version() -> tuple:
    """A version of what the project list shows for those who see every project (one query; user
    names have no history: up to VERSIONED_CACHE_SECONDS old, see isvimed_planning.caching)."""
    return history_marks(_LIST_INPUTS)


def project_list(user, params=None):
    """The user's visible projects with what the list shows, in a constant number of queries,
    filtered by the list's filter bar (`params`: the query string). Returns (projects, filter set)."""
    from .filters import ProjectFilter

    qs = (
        visible_projects(user)
        .select_related("program", "org_unit", "lead")
        .prefetch_related(
            Prefetch("territories", queryset=ProjectTerritory.objects.select_related("territory"))
        )
        .annotate(total_cost=_total_cost_subquery())
    )
    filterset = ProjectFilter(params or None, queryset=qs, user=user)
    return filterset.qs.order_by("program__sort_key", "bank_code", "id"), filterset


def schedule_span(projects) -> tuple:
    """The earliest start and the latest end of `projects` (a filtered list), in one query."""
    from django.db.models import Max, Min

    span = Project.objects.filter(pk__in=projects.order_by().values("pk")).aggregate(
        first=Min("start_date"), last=Max("end_date"))
    return span["first"], span["last"]


@dataclass
class ProductRow:
    product: Product
    activities: list = field(default_factory=list)  # (activity, {year: amount}, total)
    goals: dict = field(default_factory=dict)
    cost_by_year: dict = field(default_factory=dict)
    total: Decimal = Decimal("0")
    goal_columns: list[Decimal | None] = field(default_factory=list)  # one per year
    cost_columns: list[Decimal] = field(default_factory=list)  # one per year


@dataclass
class ProjectSheet:
    years: list[int]
    products: list[ProductRow]
    cost_by_year: dict[int, Decimal]
    total_cost: Decimal
    funding_rows: list
    funding_by_year: dict[int, Decimal]
    total_funding: Decimal
    gap_by_year: dict[int, Decimal]
    territories: list
    deliverables: list
    risks: list
    transitions: list
    meetings: list

    @property
    def cost_columns(self):
        return [self.cost_by_year.get(y, Decimal(0)) for y in self.years]

    @property
    def funding_columns(self):
        return [self.funding_by_year.get(y, Decimal(0)) for y in self.years]


def project_sheet(project) -> ProjectSheet:
    """Everything the project page and the PDF sheet show, with totals computed here."""
    years = years_between(project.start_date, project.end_date)
    products = list(
        Product.objects.filter(project=project)
        .select_related("indicator")
        .prefetch_related(
            "goals",
            Prefetch("activities", queryset=Activity.objects.prefetch_related("costs").order_by("id")),
        )
    )
    rows = []
    cost_by_year: dict[int, Decimal] = {y: Decimal(0) for y in years}
    for product in products:
        row = ProductRow(product=product, goals={g.year: g.goal for g in product.goals.all()})
        row.cost_by_year = {y: Decimal(0) for y in years}
        for activity in product.activities.all():
            by_year = {c.year: c.amount for c in activity.costs.all()}
            total = sum(by_year.values(), Decimal(0))
            row.activities.append((activity, [by_year.get(y) for y in years], total))
            for y, amount in by_year.items():
                row.cost_by_year[y] = row.cost_by_year.get(y, Decimal(0)) + amount
                cost_by_year[y] = cost_by_year.get(y, Decimal(0)) + amount
            row.total += total
        row.goal_columns = [row.goals.get(y) for y in years]
        row.cost_columns = [row.cost_by_year.get(y, Decimal(0)) for y in years]
        rows.append(row)
    funding = list(ProjectFunding.objects.filter(project=project).select_related("source").order_by("year", "source__code"))
    funding_by_year: dict[int, Decimal] = {y: Decimal(0) for y in years}
    for f in funding:
        funding_by_year[f.year] = funding_by_year.get(f.year, Decimal(0)) + f.amount
    total_cost = sum(cost_by_year.values(), Decimal(0))
    total_funding = sum(funding_by_year.values(), Decimal(0))
    return ProjectSheet(
        years=years,
        products=rows,
        cost_by_year=cost_by_year,
        total_cost=total_cost,
        funding_rows=funding,
        funding_by_year=funding_by_year,
        total_funding=total_funding,
        gap_by_year={y: funding_by_year[y] - cost_by_year[y] for y in years},  # both hold every year
        territories=list(project.territories.select_related("territory")),
        deliverables=list(project.deliverables.select_related("product")),
        risks=list(project.risks.all()),
        transitions=list(ProjectTransition.objects.filter(project=project).select_related("by").order_by("at", "id")),
        meetings=list(project.meetings.select_related("territory")),
    )


# --- Participatory budget meetings ----------------------------------------------------------


def visible_meetings(user):
    """Read-all roles see every meeting; a lead sees the meetings about their projects."""
    qs = ParticipatoryMeeting.objects.all()
    if has_role(user, *roles.READ_ALL_ROLES):
        return qs
    if has_role(user, roles.RESPONSABLE):
        return qs.filter(projects__lead=user).distinct()
    return qs.none()


def meeting_list(user, params=None):
    """The meetings the user sees, newest first, filtered by territory. Returns (meetings, filter set)."""
    from .filters import MeetingFilter

    qs = visible_meetings(user).select_related("territory").prefetch_related("projects").order_by("-date", "-id")
    filterset = MeetingFilter(params or None, queryset=qs)
    return filterset.qs, filterset


def project_comments(project: Project) -> list[ProjectComment]:
    """The project's conversation, oldest first, with each author (one query)."""
    return list(ProjectComment.objects.filter(project=project).select_related("author"))

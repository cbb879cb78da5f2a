"""The filter bars of the project lists (GET). A value that is not one of the choices leaves
that filter out: the page opens and lists as if it were empty."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from isvimed_planning import roles
from isvimed_planning.models import OrgUnit, Territory, User
from isvimed_planning.params import IntFilter
from strategy.models import Program

from .forms import ProgramChoiceField, UserChoiceField
from .models import (
    FundingKind,
    ParticipatoryMeeting,
    Project,
    ProjectState,
    ProjectTerritory,
)


class _ProgramFilter(django_filters.ModelChoiceFilter):
    field_class = ProgramChoiceField


class _UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Buscar", method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Nombre o BPIN"}),
    )
    program = _ProgramFilter(label="Programa", queryset=Program.objects.all(), empty_label="Todos")
    state = django_filters.ChoiceFilter(label="Estado", choices=ProjectState.choices, empty_label="Todos")
    org_unit = django_filters.ModelChoiceFilter(label="Dependencia", queryset=OrgUnit.objects.all(), empty_label="Todas")
    lead = _UserFilter(label="Responsable", queryset=User.objects.none(), empty_label="Todos")
    funding_kind = django_filters.ChoiceFilter(label="Recurso", choices=FundingKind.choices, empty_label="Todos")
    territory = django_filters.ModelChoiceFilter(
        label="Territorio", queryset=Territory.objects.all(), empty_label="Todos", method="in_territory"
    )

    class Meta:
        model = Project
        fields = ("q", "program", "state", "org_unit", "lead", "funding_kind", "territory")

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if roles.has_role(user, *roles.READ_ALL_ROLES):
            self.filters["lead"].queryset = (
                User.objects.filter(led_projects__isnull=False).distinct().order_by("first_name", "username")
            )
        else:
            del self.filters["lead"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(bank_code__icontains=value) | Q(problem__icontains=value))

    def in_territory(self, queryset, name, value):
        # A subquery rather than a join keeps one row per project, so no DISTINCT is needed
        # (DISTINCT over every column, annotations included, made the list and its count slow).
        return queryset.filter(pk__in=ProjectTerritory.objects.filter(territory=value).values("project_id"))


class MeetingFilter(django_filters.FilterSet):
    territorio = IntFilter(field_name="territory_id")

    class Meta:
        model = ParticipatoryMeeting
        fields = ("territorio",)

    @property
    def chosen_territory(self) -> str | None:
        """The territory chosen, as the select's option value."""
        value = self.form.cleaned_data.get("territorio") if self.is_valid() else None
        return None if value is None else str(value)

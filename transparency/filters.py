"""The filter bar of the public project list (GET). A value that is not one of the choices
leaves that filter out, as in the other lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from isvimed_planning.models import Territory
from projects.forms import ProgramChoiceField
from projects.models import FundingKind, Project, ProjectState, ProjectTerritory
from strategy.models import Program

PUBLIC_STATE_CHOICES = [(s.value, s.label) for s in (ProjectState.IN_EXECUTION, ProjectState.CLOSED)]


class _ProgramFilter(django_filters.ModelChoiceFilter):
    field_class = ProgramChoiceField


class PublicProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Buscar", method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Nombre o BPIN"}),
    )
    programa = _ProgramFilter(label="Programa", field_name="program", queryset=Program.objects.all(), empty_label="Todos")
    territorio = django_filters.ModelChoiceFilter(
        label="Comuna o corregimiento", queryset=Territory.objects.all(), empty_label="Todos", method="in_territory"
    )
    recurso = django_filters.ChoiceFilter(
        label="Tipo de recurso", field_name="funding_kind", choices=FundingKind.choices, empty_label="Todos"
    )
    estado = django_filters.ChoiceFilter(label="Estado", field_name="state", choices=PUBLIC_STATE_CHOICES, empty_label="Todos")

    class Meta:
        model = Project
        fields = ("q", "programa", "territorio", "recurso", "estado")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(bank_code__icontains=value))

    def in_territory(self, queryset, name, value):
        # A subquery keeps one row per project (no DISTINCT), as the private list does.
        return queryset.filter(pk__in=ProjectTerritory.objects.filter(territory=value).values("project_id"))

"""The filters of the open-data lists backed by a table (django-filter), with Spanish parameter
names. The lists computed by monitoring.figures take `vigencia`/`corte` (api.YearCutoff) instead."""
from __future__ import annotations

import django_filters
from django.db.models import Q

from accountability.models import AccountabilityReport
from action_plan.models import ActionPlan
from projects.models import FundingKind, Project, ProjectState
from strategy.models import Program, StrategicLine

from .selectors import PUBLIC_PROJECT_STATES


class LineFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan__first_year", label="Año inicial del plan (p. ej. 2024)")

    class Meta:
        model = StrategicLine
        fields: list[str] = []


class ProgramFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan__first_year", label="Año inicial del plan (p. ej. 2024)")
    linea = django_filters.CharFilter(field_name="component__line__code", label="Código de la línea estratégica")

    class Meta:
        model = Program
        fields: list[str] = []


class ProjectFilter(django_filters.FilterSet):
    programa = django_filters.CharFilter(field_name="program__code", label="Código del programa")
    estado = django_filters.ChoiceFilter(
        field_name="state", choices=[(s.value, s.label) for s in PUBLIC_PROJECT_STATES], label="Estado del proyecto"
    )
    tipo_financiacion = django_filters.ChoiceFilter(
        field_name="funding_kind", choices=FundingKind.choices, label="Tipo de financiación"
    )
    territorio = django_filters.NumberFilter(
        method="in_territory", label="Código de la comuna o corregimiento (0: toda la ciudad)"
    )
    q = django_filters.CharFilter(method="search", label="Busca en el nombre y el BPIN")

    class Meta:
        model = Project
        fields: list[str] = []

    def in_territory(self, queryset, name, value):
        return queryset.filter(territories__territory_id=value).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(bank_code__icontains=value))


class ActionPlanFilter(django_filters.FilterSet):
    vigencia = django_filters.NumberFilter(field_name="fiscal_year__year", label="Vigencia")

    class Meta:
        model = ActionPlan
        fields: list[str] = []


class ReportFilter(django_filters.FilterSet):
    vigencia = django_filters.NumberFilter(field_name="year", label="Vigencia")

    class Meta:
        model = AccountabilityReport
        fields: list[str] = []


__all__ = ["ActionPlanFilter", "LineFilter", "ProgramFilter", "ProjectFilter", "ProjectState", "ReportFilter"]

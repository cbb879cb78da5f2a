"""The filter bar of the indicator list (GET). A value that is not one of the choices leaves
that filter out: the page opens and lists as if it were empty."""
from __future__ import annotations

import django_filters
from django.db.models import Q

from isvimed_planning.models import OrgUnit

from .models import Indicator, IndicatorKind, Program


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Buscar", method="search")
    program = django_filters.ModelChoiceFilter(label="Programa", queryset=Program.objects.none())
    kind = django_filters.ChoiceFilter(label="Tipo", choices=IndicatorKind.choices, empty_label="Todos")
    unit = django_filters.ChoiceFilter(label="Unidad", choices=(), empty_label="Todas")
    org_unit = django_filters.ModelChoiceFilter(label="Dependencia", queryset=OrgUnit.objects.all())

    class Meta:
        model = Indicator
        fields = ("q", "program", "kind", "unit", "org_unit")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].queryset = Program.objects.filter(plan=plan).order_by("sort_key")
        self.filters["program"].extra["empty_label"] = "Todos"
        self.filters["org_unit"].extra["empty_label"] = "Todas"
        units = Indicator.objects.filter(plan=plan).order_by("unit").values_list("unit", flat=True).distinct()
        self.filters["unit"].extra["choices"] = [(u, u) for u in units]
        self.filters["program"].field.label_from_instance = lambda o: f"{o.code} {o.name}"

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset

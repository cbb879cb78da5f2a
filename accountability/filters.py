"""The filter bar of the information requests (GET). A value that is not one of the choices
leaves that filter out: the page opens and lists as if it were empty."""
from __future__ import annotations

import django_filters
from django.db.models import Q

from .models import AccountabilityReport, CommitmentStatus, InformationRequest, ReportState, RequestKind, RequestState
from .selectors import due_this_week, overdue, pending

VIEWS = (("pendientes", "Sin responder"), ("semana", "Vencen esta semana"), ("vencidas", "Vencidas"))


class RequestFilter(django_filters.FilterSet):
    vista = django_filters.ChoiceFilter(label="Ver", choices=VIEWS, empty_label="Todas", method="by_view")
    estado = django_filters.ChoiceFilter(label="Estado", field_name="state", choices=RequestState.choices, empty_label="Todos")
    tipo = django_filters.ChoiceFilter(label="Tipo", field_name="kind", choices=RequestKind.choices, empty_label="Todos")
    q = django_filters.CharFilter(label="Buscar", max_length=100, method="search")

    class Meta:
        model = InformationRequest
        fields = ("vista", "estado", "tipo", "q")

    def __init__(self, data=None, *args, today, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today

    def by_view(self, queryset, name, value):
        if value == "semana":
            return due_this_week(queryset, self.today)
        if value == "vencidas":
            return overdue(queryset, self.today)
        return pending(queryset)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(filing_number__icontains=value) | Q(subject__icontains=value) | Q(requester_name__icontains=value)
        )


class ReportFilter(django_filters.FilterSet):
    """The accountability reports' list (GET `estado=awaiting`: the reports awaiting the Director)."""

    estado = django_filters.ChoiceFilter(label="Estado", field_name="state", choices=ReportState.choices, empty_label="Todos")

    class Meta:
        model = AccountabilityReport
        fields = ("estado",)


class CommitmentFilter(django_filters.FilterSet):
    """The commitments in follow-up, of either source: no model of its own, applied to the
    Concejo's and to the hearings' commitments alike (they share the status field)."""

    estado = django_filters.ChoiceFilter(label="Estado", field_name="status", choices=CommitmentStatus.choices,
                                         empty_label="Todos")

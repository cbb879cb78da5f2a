"""The filter of the budget year's lists (GET `metas=1`: only the projects whose budget no longer
pays for their goals). Another value leaves the filter out."""
from __future__ import annotations

import django_filters


class UnaffordableFilter(django_filters.FilterSet):
    metas = django_filters.ChoiceFilter(choices=(("1", "Solo metas sin presupuesto suficiente"),), method="only_unaffordable")

    def __init__(self, data=None, *args, project_field: str, project_ids, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.project_field, self.project_ids = project_field, project_ids

    def only_unaffordable(self, queryset, name, value):
        return queryset.filter(**{f"{self.project_field}__in": self.project_ids})

    @property
    def active(self) -> bool:
        return self.is_valid() and self.form.cleaned_data.get("metas") == "1"

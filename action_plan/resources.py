"""django-import-export resources of step 4.5 (export only: the plan changes through its pages)."""
from import_export import fields, resources

from .models import (
    ActionPlan,
    ActionPlanEntry,
    FinancialMonthlyTarget,
    PhysicalMonthlyTarget,
)


class ActionPlanResource(resources.ModelResource):
    year = fields.Field(attribute="fiscal_year__year", column_name="vigencia")

    class Meta:
        model = ActionPlan
        fields = ("id", "year", "state", "approved_at", "published_at")


class ActionPlanEntryResource(resources.ModelResource):
    class Meta:
        model = ActionPlanEntry
        fields = ("id", "plan__fiscal_year__year", "project__bank_code", "project__name", "responsible__username")


class FinancialMonthlyTargetResource(resources.ModelResource):
    class Meta:
        model = FinancialMonthlyTarget
        fields = ("id", "entry__plan__fiscal_year__year", "entry__project__bank_code", "month", "amount")


class PhysicalMonthlyTargetResource(resources.ModelResource):
    class Meta:
        model = PhysicalMonthlyTarget
        fields = ("id", "entry__plan__fiscal_year__year", "entry__project__bank_code", "product__code", "month", "quantity")

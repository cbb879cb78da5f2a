"""Admin of step 4.5: read and export; the plan is built, approved and published in its pages."""
from django.contrib import admin

from isvimed_planning.admin_tools import ExportOnlyAdmin

from .models import (
    ActionPlan,
    ActionPlanEntry,
    FinancialMonthlyTarget,
    PhysicalMonthlyTarget,
)
from .resources import (
    ActionPlanEntryResource,
    ActionPlanResource,
    FinancialMonthlyTargetResource,
    PhysicalMonthlyTargetResource,
)


@admin.register(ActionPlan)
class ActionPlanAdmin(ExportOnlyAdmin):
    resource_classes = [ActionPlanResource]
    list_display = ("fiscal_year", "state", "approved_at", "published_at")


@admin.register(ActionPlanEntry)
class ActionPlanEntryAdmin(ExportOnlyAdmin):
    resource_classes = [ActionPlanEntryResource]
    list_display = ("plan", "project", "responsible")
    list_select_related = ("plan__fiscal_year", "project", "responsible")


@admin.register(FinancialMonthlyTarget)
class FinancialMonthlyTargetAdmin(ExportOnlyAdmin):
    resource_classes = [FinancialMonthlyTargetResource]
    list_display = ("entry", "month", "amount")


@admin.register(PhysicalMonthlyTarget)
class PhysicalMonthlyTargetAdmin(ExportOnlyAdmin):
    resource_classes = [PhysicalMonthlyTargetResource]
    list_display = ("entry", "product", "month", "quantity")

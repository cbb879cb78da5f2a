"""Admin of step 4.5: read and export; the plan is built, approved and published in its pages."""
from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, ActionPlanEntry, FinancialMonthlyTarget, PhysicalMonthlyTarget
from .resources import (
    ActionPlanEntryResource,
    ActionPlanResource,
    FinancialMonthlyTargetResource,
    PhysicalMonthlyTargetResource,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActionPlanResource]
    list_display = ("fiscal_year", "state", "approved_at", "published_at")


@admin.register(ActionPlanEntry)
class ActionPlanEntryAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActionPlanEntryResource]
    list_display = ("plan", "project", "responsible")
    list_select_related = ("plan__fiscal_year", "project", "responsible")


@admin.register(FinancialMonthlyTarget)
class FinancialMonthlyTargetAdmin(ReadOnlyMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [FinancialMonthlyTargetResource]
    list_display = ("entry", "month", "amount")


@admin.register(PhysicalMonthlyTarget)
class PhysicalMonthlyTargetAdmin(ReadOnlyMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [PhysicalMonthlyTargetResource]
    list_display = ("entry", "product", "month", "quantity")

"""Admin of step 4.3. Allocations move the year's `allocated_total`, so the admin only exports
them: changes go through the budget pages (budget.services), which keep the ceiling invariant."""
from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetModification, FiscalYear, ProjectAllocation, TargetReprogramming, UnitCost
from .resources import (
    BudgetModificationResource,
    FiscalYearResource,
    ProjectAllocationResource,
    TargetReprogrammingResource,
    UnitCostResource,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FiscalYear)
class FiscalYearAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [FiscalYearResource]
    list_display = ("year", "global_ceiling", "allocated_total", "state")


@admin.register(ProjectAllocation)
class ProjectAllocationAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ProjectAllocationResource]
    list_display = ("fiscal_year", "project", "source", "amount")
    list_filter = ("fiscal_year",)
    list_select_related = ("fiscal_year", "project")


@admin.register(UnitCost)
class UnitCostAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [UnitCostResource]
    list_display = ("product", "year", "amount")
    list_filter = ("year",)
    list_select_related = ("product",)


@admin.register(BudgetModification)
class BudgetModificationAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [BudgetModificationResource]
    list_display = ("fiscal_year", "date", "project", "kind", "act_number", "amount")
    list_filter = ("fiscal_year", "kind")
    list_select_related = ("fiscal_year", "project")


@admin.register(TargetReprogramming)
class TargetReprogrammingAdmin(ReadOnlyMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [TargetReprogrammingResource]
    list_display = ("product", "year", "effective_date", "new_goal", "state")
    list_filter = ("year", "state")
    list_select_related = ("product",)

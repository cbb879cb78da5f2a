"""Admin of step 4.3. Allocations move the year's `allocated_total`, so the admin only exports
them: changes go through the budget pages (budget.services), which keep the ceiling invariant."""
from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from isvimed_planning.admin_tools import ExportOnlyAdmin

from .models import (
    BudgetModification,
    FiscalYear,
    ProjectAllocation,
    TargetReprogramming,
    UnitCost,
)
from .resources import (
    BudgetModificationResource,
    FiscalYearResource,
    ProjectAllocationResource,
    TargetReprogrammingResource,
    UnitCostResource,
)


@admin.register(FiscalYear)
class FiscalYearAdmin(ExportOnlyAdmin):
    resource_classes = [FiscalYearResource]
    list_display = ("year", "global_ceiling", "allocated_total", "state")


@admin.register(ProjectAllocation)
class ProjectAllocationAdmin(ExportOnlyAdmin):
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
class BudgetModificationAdmin(ExportOnlyAdmin):
    resource_classes = [BudgetModificationResource]
    list_display = ("fiscal_year", "date", "project", "kind", "act_number", "amount")
    list_filter = ("fiscal_year", "kind")
    list_select_related = ("fiscal_year", "project")


@admin.register(TargetReprogramming)
class TargetReprogrammingAdmin(ExportOnlyAdmin):
    resource_classes = [TargetReprogrammingResource]
    list_display = ("product", "year", "effective_date", "new_goal", "state")
    list_filter = ("year", "state")
    list_select_related = ("product",)

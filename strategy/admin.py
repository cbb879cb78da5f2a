from django.contrib import admin
from django.db import models
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualTarget,
    CatalogueImport,
    CatalogueProduct,
    Challenge,
    Component,
    DevelopmentPlan,
    Dimension,
    Indicator,
    PlanningInstrument,
    Program,
    StakeholderGroup,
    StrategicLine,
    StrategicPlatform,
)
from .resources import (
    AnnualTargetResource,
    ComponentResource,
    DevelopmentPlanResource,
    IndicatorResource,
    PlanningInstrumentResource,
    ProgramResource,
    StrategicLineResource,
    StrategicPlatformResource,
)


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [DevelopmentPlanResource]
    list_display = ("name", "first_year", "last_year", "agreement")


class StakeholderInline(admin.TabularInline):
    model = StakeholderGroup
    extra = 0


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(StrategicPlatform)
class StrategicPlatformAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [StrategicPlatformResource]
    list_display = ("plan", "version", "state", "approved_by", "approved_at")
    list_filter = ("plan", "state")
    readonly_fields = ("created_by", "created_at", "approved_by", "approved_at", "based_on")
    inlines = [StakeholderInline, ChallengeInline, DimensionInline]


@admin.register(StrategicLine)
class StrategicLineAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [StrategicLineResource]
    list_display = ("code", "name", "plan")
    list_filter = ("plan",)
    search_fields = ("code", "name")


@admin.register(Component)
class ComponentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ComponentResource]
    list_display = ("code", "name", "line", "plan")
    list_filter = ("plan",)
    search_fields = ("code", "name")
    readonly_fields = ("plan",)


@admin.register(Program)
class ProgramAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ProgramResource]
    list_display = ("code", "name", "component", "budget_program_code", "plan")
    list_filter = ("plan",)
    search_fields = ("code", "name")
    readonly_fields = ("plan",)


class AnnualTargetInline(admin.TabularInline):
    model = AnnualTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [IndicatorResource]
    list_display = ("code", "name", "program", "kind", "unit", "direction", "weight", "org_unit", "mga_indicator_code")
    list_filter = ("plan", "kind", "direction", "org_unit")
    search_fields = ("code", "name")
    readonly_fields = ("plan",)
    list_select_related = ("program", "org_unit")
    inlines = [AnnualTargetInline]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [AnnualTargetResource]
    list_display = ("indicator", "year", "value")
    list_filter = ("year",)
    list_select_related = ("indicator",)


@admin.register(PlanningInstrument)
class PlanningInstrumentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PlanningInstrumentResource]
    list_display = ("reference", "kind", "date", "plan")
    list_filter = ("plan", "kind")
    filter_horizontal = ("lines", "programs")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CatalogueProduct)
class CatalogueProductAdmin(admin.ModelAdmin):
    """Read-only: the catalogue is replaced whole from its import page (strategy:catalogue_import)."""

    list_display = ("product_code", "product_name", "product_unit", "indicator_code", "indicator_name", "program_code")
    search_fields = ("product_code", "product_name", "indicator_code", "indicator_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CatalogueImport)
class CatalogueImportAdmin(admin.ModelAdmin):
    list_display = ("at", "file_name", "rows", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

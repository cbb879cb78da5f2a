"""Admin of step 4.6: read and export only. Reports, indicator values and the reporting calendar
change only through the follow-up pages (monitoring.services keeps the workflow, the checks and
the optimistic lock); an import of the calendar here once skipped them and could reopen a
closed period."""
from django.contrib import admin

from isvimed_planning.admin_tools import ExportOnlyAdmin

from .models import IndicatorMeasurement, MatrixSubmission, ProgressReport, ReportingPeriod
from .resources import (
    IndicatorMeasurementResource,
    ProgressReportResource,
    ReportingPeriodResource,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ExportOnlyAdmin):
    resource_classes = [ReportingPeriodResource]
    list_display = ("__str__", "cutoff", "report_deadline", "state")
    list_filter = ("state", "year")


@admin.register(ProgressReport)
class ProgressReportAdmin(ExportOnlyAdmin):
    resource_classes = [ProgressReportResource]
    list_display = ("project", "year", "month", "state", "committed", "obligated", "paid")
    list_filter = ("state", "year", "month")
    list_select_related = ("project",)
    search_fields = ("project__name", "project__bank_code")


@admin.register(IndicatorMeasurement)
class IndicatorMeasurementAdmin(ExportOnlyAdmin):
    resource_classes = [IndicatorMeasurementResource]
    list_display = ("indicator", "year", "month", "value")
    list_filter = ("year", "month")
    list_select_related = ("indicator",)


@admin.register(MatrixSubmission)
class MatrixSubmissionAdmin(admin.ModelAdmin):
    """A sent matrix is sealed: shown, never added, changed or deleted here (submission_services)."""

    list_display = ("kind", "year", "cutoff", "recipient", "channel", "sent_at", "sent_by", "sha256")
    list_filter = ("kind", "year", "channel")
    list_select_related = ("sent_by",)
    readonly_fields = [f.name for f in MatrixSubmission._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

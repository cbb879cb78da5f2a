"""django-import-export resources of step 4.6 (exports only)."""
from import_export import fields, resources

from .models import IndicatorMeasurement, ProgressReport, ReportingPeriod


class ReportingPeriodResource(resources.ModelResource):
    class Meta:
        model = ReportingPeriod
        fields = ("id", "year", "month", "cutoff", "report_deadline", "state")
        export_order = fields


class ProgressReportResource(resources.ModelResource):
    bpin = fields.Field(attribute="project__bank_code", column_name="bpin")
    project_name = fields.Field(attribute="project__name", column_name="proyecto")

    class Meta:
        model = ProgressReport
        fields = ("id", "bpin", "project_name", "year", "month", "state", "committed", "obligated", "paid",
                  "submitted_at", "approved_at")
        export_order = fields


class IndicatorMeasurementResource(resources.ModelResource):
    indicator_code = fields.Field(attribute="indicator__code", column_name="indicador")

    class Meta:
        model = IndicatorMeasurement
        fields = ("id", "indicator_code", "year", "month", "value")
        export_order = fields

"""Import/export of the plan (django-import-export), for the administration."""
from __future__ import annotations

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from isvimed_planning.models import OrgUnit

from .models import (
    AnnualTarget,
    Component,
    DevelopmentPlan,
    Indicator,
    PlanningInstrument,
    Program,
    StrategicLine,
    StrategicPlatform,
)


class DevelopmentPlanResource(resources.ModelResource):
    class Meta:
        model = DevelopmentPlan
        fields = ("id", "name", "first_year", "last_year", "agreement")
        export_order = fields


class StrategicPlatformResource(resources.ModelResource):
    class Meta:
        model = StrategicPlatform
        fields = (
            "id", "plan", "version", "state", "mission", "vision", "values", "essential_activities",
            "institutional_objectives", "structure", "general_rules", "approved_at",
        )
        export_order = fields


class StrategicLineResource(resources.ModelResource):
    class Meta:
        model = StrategicLine
        fields = ("id", "plan", "code", "name")
        export_order = fields
        import_id_fields = ("plan", "code")
        skip_unchanged = True


class ComponentResource(resources.ModelResource):
    class Meta:
        model = Component
        fields = ("id", "plan", "line", "code", "name")
        export_order = fields
        skip_unchanged = True


class ProgramResource(resources.ModelResource):
    class Meta:
        model = Program
        fields = ("id", "plan", "component", "code", "name", "budget_program_code")
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True  # the DNP code's rules (strategy.dnp)


class IndicatorResource(resources.ModelResource):
    org_unit = fields.Field(attribute="org_unit", column_name="org_unit", widget=ForeignKeyWidget(OrgUnit, "code"))

    class Meta:
        model = Indicator
        fields = (
            "id", "plan", "program", "code", "name", "kind", "unit", "direction", "accumulation", "baseline",
            "baseline_year", "period_target", "weight", "org_unit", "mga_indicator_code",
        )
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True  # the DNP code's rules (strategy.dnp)


class AnnualTargetResource(resources.ModelResource):
    class Meta:
        model = AnnualTarget
        fields = ("id", "indicator", "year", "value")
        export_order = fields
        import_id_fields = ("indicator", "year")
        skip_unchanged = True
        clean_model_instances = True


class PlanningInstrumentResource(resources.ModelResource):
    class Meta:
        model = PlanningInstrument
        fields = ("id", "plan", "kind", "reference", "date", "url", "lines", "programs")
        export_order = fields

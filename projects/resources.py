"""Import/export of projects (django-import-export), for the administration."""
from __future__ import annotations

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from strategy.models import Program

from .models import Product, Project


class ProjectResource(resources.ModelResource):
    program = fields.Field(attribute="program", column_name="programa", widget=ForeignKeyWidget(Program, "code"))

    class Meta:
        model = Project
        fields = (
            "id", "bank_code", "registered_on", "name", "program", "org_unit", "lead", "funding_kind",
            "start_date", "end_date", "state", "problem", "general_objective",
            "affected_population", "target_population",
        )
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True  # the field validators (a BPIN's format) hold for an admin import too


class ProductResource(resources.ModelResource):
    class Meta:
        model = Product
        fields = ("id", "project", "code", "name", "indicator", "unit", "mga_product_code")
        export_order = fields
        clean_model_instances = True  # the DNP code's rules (projects.dnp)

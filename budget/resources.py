"""django-import-export resources of step 4.3 (export of the budget; imports only where safe)."""
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from projects.models import FundingSource, Product, Project

from .models import (
    BudgetModification,
    FiscalYear,
    ProjectAllocation,
    TargetReprogramming,
    UnitCost,
)


class FiscalYearResource(resources.ModelResource):
    class Meta:
        model = FiscalYear
        fields = ("id", "year", "global_ceiling", "allocated_total", "state", "opened_on", "closed_at")
        export_order = fields


class ProjectAllocationResource(resources.ModelResource):
    year = fields.Field(attribute="fiscal_year__year", column_name="vigencia")
    bpin = fields.Field(attribute="project", column_name="bpin", widget=ForeignKeyWidget(Project, "bank_code"))
    source = fields.Field(attribute="source", column_name="fuente", widget=ForeignKeyWidget(FundingSource, "code"))

    class Meta:
        model = ProjectAllocation
        fields = ("id", "year", "bpin", "source", "amount")
        export_order = fields


class UnitCostResource(resources.ModelResource):
    product = fields.Field(attribute="product", column_name="product", widget=ForeignKeyWidget(Product, "pk"))

    class Meta:
        model = UnitCost
        fields = ("id", "product", "year", "amount")
        import_id_fields = ("product", "year")


class BudgetModificationResource(resources.ModelResource):
    class Meta:
        model = BudgetModification
        fields = ("id", "fiscal_year__year", "project__bank_code", "date", "kind", "source__code", "act_number", "amount")


class TargetReprogrammingResource(resources.ModelResource):
    class Meta:
        model = TargetReprogramming
        fields = ("id", "product", "year", "effective_date", "new_goal", "justification", "state", "decided_at")

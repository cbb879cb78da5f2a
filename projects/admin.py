from django.contrib import admin, messages
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FundingSource,
    ParticipatoryMeeting,
    Product,
    Project,
    ProjectTerritory,
    ProjectTransition,
)
from .resources import ProductResource, ProjectResource

IN_USE = (
    "Esta fuente de financiación ya está en uso y no se puede eliminar: desmarque «activa» para que "
    "no se ofrezca más; lo registrado con ella se conserva."
)


class ProjectTerritoryInline(admin.TabularInline):
    model = ProjectTerritory
    extra = 0


class ProjectTransitionInline(admin.TabularInline):
    model = ProjectTransition
    extra = 0
    can_delete = False
    readonly_fields = ("name", "from_state", "to_state", "by", "at", "comment")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ProjectResource]
    list_display = ("bank_code", "name", "program", "lead", "funding_kind", "state")
    list_filter = ("state", "funding_kind", "program")
    search_fields = ("name", "bank_code")
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [ProjectTerritoryInline, ProjectTransitionInline]


@admin.register(Product)
class ProductAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ProductResource]
    list_display = ("code", "name", "project", "indicator", "unit", "mga_product_code")
    search_fields = ("name", "code", "project__name")


@admin.register(ParticipatoryMeeting)
class ParticipatoryMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "territory")
    list_filter = ("kind", "territory")


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    """The administrator keeps the funding sources; one in use cannot be deleted (PROTECT), it is
    made inactive instead."""

    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code", "name")

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Django lists protected rows as permissions the user lacks as well, and then says only
            # that; it is the money naming the source that keeps it: say that, and what to do.
            perms_needed = set()
            messages.warning(request, IN_USE)
        return deleted, counts, perms_needed, protected

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import NonWorkingDay, OrgUnit, Territory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("ISVIMED", {"fields": ("org_unit",)}))
    list_display = ("username", "first_name", "last_name", "email", "org_unit", "is_active")
    list_filter = ("groups", "is_active", "org_unit")


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "zone")
    list_filter = ("kind", "zone")

    def has_delete_permission(self, request, obj=None):
        return False  # official codes; referenced by reports and projects


@admin.register(OrgUnit)
class OrgUnitAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "active")
    search_fields = ("code", "name")


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "description")
    date_hierarchy = "date"

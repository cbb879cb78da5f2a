"""Pieces shared by the apps' admin modules."""
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin


class ExportOnlyAdmin(ExportMixin, SimpleHistoryAdmin):
    """Read and export only: these records are written by their step's services, which keep
    invariants (ceilings, legal due dates, approved figures) that a raw admin form would skip."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

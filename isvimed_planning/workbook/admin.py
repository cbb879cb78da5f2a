from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only trace of the imports made from the browser."""

    list_display = ("original_name", "state", "progress", "created_by", "created_at", "finished_at")
    list_filter = ("state",)
    search_fields = ("original_name", "created_by__username")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

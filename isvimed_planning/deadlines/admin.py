from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnsPolicy, CycleSettings, DeadlineInstance


@admin.register(AnsPolicy)
class AnsPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("step", "duration", "unit", "at_risk_share", "active")
    list_editable = ("duration", "unit", "at_risk_share", "active")
    readonly_fields = ("step",)

    def has_add_permission(self, request):
        return False  # one row per step, created with the procedure's defaults

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CycleSettings)
class CycleSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "report_deadline_business_day", "reminder_business_days")

    def has_add_permission(self, request):
        return not CycleSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineInstance)
class DeadlineInstanceAdmin(admin.ModelAdmin):
    list_display = ("title", "step", "responsible", "start", "due", "completed_on", "state")
    list_filter = ("step", "state")
    search_fields = ("title",)
    date_hierarchy = "due"
    readonly_fields = [f.name for f in DeadlineInstance._meta.fields]

    def has_add_permission(self, request):
        return False  # synchronised from each app's data by the daily sweep

"""Admin of step 4.7. Requests and reports are export-only: their due dates (business days) and
approved figures are set by accountability.services, never typed in the admin."""
from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from isvimed_planning.admin_tools import ExportOnlyAdmin

from .models import (
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    InformationRequest,
)
from .resources import (
    AccountabilityReportResource,
    CouncilCommitmentResource,
    CouncilSessionResource,
    InformationRequestResource,
)


@admin.register(InformationRequest)
class InformationRequestAdmin(ExportOnlyAdmin):
    resource_classes = [InformationRequestResource]
    list_display = ("filing_number", "subject", "kind", "received_on", "due_date", "extended_due_date", "state")
    list_filter = ("state", "kind", "requester_kind")
    search_fields = ("filing_number", "subject", "requester_name")
    date_hierarchy = "received_on"


class CommitmentInline(admin.TabularInline):
    model = CouncilCommitment
    extra = 0
    fields = ("description", "due_date", "responsible", "delivered_on")


@admin.register(CouncilSession)
class CouncilSessionAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [CouncilSessionResource]
    list_display = ("date", "kind", "subject")
    list_filter = ("kind",)
    search_fields = ("subject",)
    inlines = [CommitmentInline]
    exclude = ("questionnaire_file", "questionnaire_file_name", "created_by")


@admin.register(CouncilCommitment)
class CouncilCommitmentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [CouncilCommitmentResource]
    list_display = ("description", "session", "due_date", "delivered_on")
    list_filter = ("delivered_on",)


@admin.register(AccountabilityReport)
class AccountabilityReportAdmin(ExportOnlyAdmin):
    resource_classes = [AccountabilityReportResource]
    list_display = ("title", "year", "period_start", "period_end", "state", "approved_at")
    list_filter = ("state", "year")

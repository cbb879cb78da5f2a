"""django-import-export resources of step 4.7 (exports; sessions and commitments also import)."""
from import_export import fields, resources

from .models import (
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    InformationRequest,
)


class InformationRequestResource(resources.ModelResource):
    assignee = fields.Field(attribute="assignee__username", column_name="assignee")

    class Meta:
        model = InformationRequest
        fields = (
            "id", "filing_number", "requester_name", "requester_kind", "requester_email", "channel", "received_on",
            "kind", "subject", "due_date", "extended_due_date", "extension_notified_on", "assignee", "answered_on",
            "state",
        )
        export_order = fields


class CouncilSessionResource(resources.ModelResource):
    class Meta:
        model = CouncilSession
        fields = ("id", "kind", "date", "subject", "questionnaire", "attendees", "delivered")
        export_order = fields


class CouncilCommitmentResource(resources.ModelResource):
    class Meta:
        model = CouncilCommitment
        fields = ("id", "session", "description", "due_date", "delivered_on")
        export_order = fields


class AccountabilityReportResource(resources.ModelResource):
    class Meta:
        model = AccountabilityReport
        fields = ("id", "year", "period_start", "period_end", "title", "state", "approved_at", "published_at")
        export_order = fields

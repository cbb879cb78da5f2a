"""Every form class of the project is named here with the test(s) that send it bad input: a new
form without a negative test makes this test fail."""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

from django import forms
from django.urls import URLPattern

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "strategy.forms", "projects.forms", "budget.forms", "action_plan.forms", "monitoring.forms", "monitoring.filters",
    "monitoring.matrices.forms", "accountability.forms", "isvimed_planning.deadlines.forms",
    "isvimed_planning.workbook.forms", "isvimed_planning.comments", "isvimed_planning.agenda",
]
TABLE = "tests/bad_input/test_every_form_refuses_bad_input.py::test_bad_input_is_refused_next_to_the_field_kept_and_not_saved"
FILTERS = "tests/bad_input/test_filters_ignore_bad_values.py"


def mine(case: str) -> str:
    return f"{TABLE}[{case}]"


COVERAGE = {
    # strategy
    "strategy.forms.PlanForm": ["tests/strategy/test_rules.py::test_plan_period_is_four_years_and_one_plan_per_period"],
    "strategy.forms.PlatformForm": [  # every field is optional free text: the refusal is the approved version
        "tests/strategy/test_platform_versions.py::test_approved_version_is_read_only"],
    "strategy.forms.PlatformItemForm": [mine("strategy.PlatformItemForm")],
    "strategy.forms.LineForm": ["tests/strategy/test_bad_input.py::test_duplicate_line_code_is_refused"],
    "strategy.forms.ComponentForm": [mine("strategy.ComponentForm (create)"), mine("strategy.ComponentForm (edit)")],
    "strategy.forms.ProgramForm": [mine("strategy.ProgramForm")],
    "strategy.forms.IndicatorForm": [
        "tests/strategy/test_bad_input.py::test_a_letter_in_a_number_is_refused_and_what_was_typed_is_shown",
        "tests/strategy/test_bad_input.py::test_duplicate_indicator_code_is_refused_next_to_the_code"],
    "strategy.forms.InstrumentForm": ["tests/strategy/test_instruments.py::test_a_file_that_is_not_an_accepted_kind_is_refused"],
    "strategy.forms.CompareForm": [mine("strategy.CompareForm (GET)")],
    "strategy.forms.CatalogueImportForm": [
        "tests/strategy/test_dnp_catalogue_import.py::test_a_file_that_is_not_a_workbook_is_refused_next_to_the_field",
        "tests/strategy/test_dnp_catalogue_import.py::test_a_bad_file_is_refused_whole_with_every_row_error"],
    # projects
    "projects.forms.ProjectGeneralForm": [
        "tests/projects/test_bad_input.py::test_end_before_start_is_refused",
        "tests/projects/test_bad_input.py::test_participatory_project_without_territory_is_refused"],
    "projects.forms.ProjectMgaForm": [mine("projects.ProjectMgaForm")],
    "projects.forms.TerritoriesForm": ["tests/projects/test_bad_input.py::test_territory_shares_must_add_up_to_100"],
    "projects.forms.ProductForm": ["tests/projects/test_bad_input.py::test_product_indicator_of_another_program_is_refused"],
    "projects.forms.ActivityForm": ["tests/projects/test_bad_input.py::test_negative_cost_is_refused"],
    "projects.forms.DeliverableForm": [mine("projects.DeliverableForm")],
    "projects.forms.RiskForm": [mine("projects.RiskForm")],
    "projects.forms.FundingForm": [mine("projects.FundingForm")],
    "projects.forms.TransitionForm": [mine("projects.TransitionForm")],
    "projects.forms.RegisterForm": [mine("projects.RegisterForm")],
    "projects.forms.BpinCorrectionForm": ["tests/projects/test_bpin_format.py::test_the_correction_is_checked_like_the_registration"],
    "projects.forms.MeetingForm": ["tests/projects/test_meetings.py::test_minutes_that_are_not_documents_are_refused"],
    # budget
    "budget.forms.FiscalYearForm": [mine("budget.FiscalYearForm")],
    "budget.forms.CeilingForm": [mine("budget.CeilingForm")],
    "budget.forms.AllocationForm": [
        "tests/budget/test_allocation_pages.py::test_an_overshooting_allocation_is_refused_in_the_form_and_nothing_is_saved"],
    "budget.forms.AllocationAmountForm": [mine("budget.AllocationAmountForm")],
    "budget.forms.UnitCostForm": [mine("budget.UnitCostForm")],
    "budget.forms.ModificationForm": [mine("budget.ModificationForm")],
    "budget.forms.ReprogrammingForm": [mine("budget.ReprogrammingForm")],
    "budget.forms.DecisionForm": [mine("budget.DecisionForm")],
    # action plan
    "action_plan.forms.EntryForm": [mine("action_plan.EntryForm"),
                                    "tests/action_plan/test_monthly_programming.py::test_the_programming_page_reshows_the_typed_months_and_the_gap"],
    "action_plan.forms.CommentForm": [mine("action_plan.CommentForm")],
    # monitoring
    "monitoring.forms.PeriodForm": ["tests/monitoring/test_periods.py::test_deadline_before_cutoff_is_refused"],
    "monitoring.forms.ReportForm": ["tests/monitoring/test_checks.py::test_amounts_cannot_be_negative",
                                    "tests/monitoring/test_checks.py::test_accumulated_paid_cannot_exceed_accumulated_obligated",
                                    "tests/monitoring/test_report_split_by_source.py::"
                                    "test_a_split_amount_that_is_not_money_or_negative_is_refused_next_to_its_field",
                                    "tests/monitoring/test_report_split_by_source.py::"
                                    "test_a_split_that_does_not_add_up_is_refused_and_the_typed_values_stay"],
    "monitoring.forms.EvidenceForm": [
        "tests/monitoring/test_evidence.py::test_a_file_that_is_not_an_accepted_kind_is_refused_next_to_the_field"],
    "monitoring.forms.TransitionForm": [mine("monitoring.TransitionForm")],
    "monitoring.forms.MonthForm": [f"{FILTERS}::test_follow_up_dashboard_falls_back_to_the_current_month_on_a_bad_year"],
    "monitoring.forms.FindingForm": [
        "tests/monitoring/cuadre/test_page_justify.py::test_a_finding_that_is_not_in_the_run_is_refused"],
    "monitoring.forms.JustifyForm": [
        "tests/monitoring/cuadre/test_page_justify.py::test_an_empty_comment_shows_the_form_again_with_its_message_and_the_filters"],
    "monitoring.filters.CuadreCutoffForm": [
        "tests/monitoring/cuadre/test_page_shows_the_run.py::test_a_bad_year_or_cutoff_gives_a_spanish_message_and_the_default_cutoff"],
    "monitoring.filters.CuadreFilterForm": [
        "tests/monitoring/cuadre/test_page_filters.py::test_a_value_that_is_not_a_choice_is_named_and_left_out"],
    "monitoring.forms.MeasurementForm": ["tests/monitoring/test_measurements.py::test_bad_value_is_shown_again_with_its_message"],
    "monitoring.matrices.forms.MatrixRequestForm": [
        "tests/matrices/test_pages.py::test_invalid_request_shows_the_error_and_keeps_nothing"],
    "monitoring.matrices.forms.SubmissionForm": [mine("monitoring.SubmissionForm")],
    "monitoring.matrices.forms.VerifyHashForm": [mine("monitoring.VerifyHashForm (GET)")],
    # accountability
    "accountability.forms.RequestForm": [
        "tests/accountability/test_request_permissions.py::test_duplicate_filing_number_is_refused_next_to_the_field"],
    "accountability.forms.AssignForm": [mine("accountability.AssignForm")],
    "accountability.forms.ExtensionForm": [
        "tests/accountability/test_extension.py::test_extension_form_shows_the_error_next_to_the_date_and_saves_nothing"],
    "accountability.forms.AnswerForm": [
        mine("accountability.AnswerForm"), "tests/accountability/test_life_cycle_forms.py::test_a_denial_without_its_ground_is_refused_next_to_the_ground"],
    "accountability.forms.TransferForm": ["tests/accountability/test_life_cycle_forms.py::test_a_transfer_without_the_authority_is_refused"],
    "accountability.forms.RequirementForm": ["tests/accountability/test_life_cycle_forms.py::test_a_late_requirement_is_refused_next_to_its_date"],
    "accountability.forms.CompletionForm": ["tests/accountability/test_life_cycle_forms.py::test_a_completion_before_the_requirement_is_refused"],
    "accountability.forms.WithdrawalForm": ["tests/accountability/test_life_cycle_forms.py::test_an_early_withdrawal_is_refused"],
    "accountability.forms.FiguresForm": [mine("accountability.FiguresForm")],
    "accountability.forms.SessionForm": ["tests/accountability/test_sessions.py::test_missing_subject_is_shown_next_to_the_field"],
    "accountability.forms.CommitmentForm": [mine("accountability.CommitmentForm")],
    "accountability.forms.DeliverForm": ["tests/accountability/test_sessions.py::test_delivery_before_the_session_is_refused"],
    "accountability.forms.ReportForm": [mine("accountability.ReportForm")],
    "accountability.forms.ReportEditForm": [mine("accountability.ReportEditForm")],
    "accountability.forms.TransitionForm": [mine("accountability.TransitionForm")],
    "accountability.forms.HearingForm": [mine("accountability.HearingForm"),
                                         "tests/accountability/test_public_hearing.py::test_the_hearing_window_must_close_before_the_hearing"],
    "accountability.forms.QuestionForm": [mine("accountability.QuestionForm"),
                                          "tests/accountability/test_public_hearing.py::test_an_empty_question_is_refused_in_spanish"],
    "accountability.forms.ModerationForm": [mine("accountability.ModerationForm")],
    "accountability.forms.HearingCommitmentForm": [mine("accountability.HearingCommitmentForm")],
    "accountability.forms.FollowUpForm": [mine("accountability.FollowUpForm")],
    # deadlines, workbook
    "isvimed_planning.deadlines.forms.PeriodForm": [mine("deadlines.PeriodForm (GET)")],
    "isvimed_planning.deadlines.forms.PolicyForm": [mine("deadlines.PolicyForm")],
    "isvimed_planning.deadlines.forms.CycleSettingsForm": [mine("deadlines.CycleSettingsForm")],
    # the agenda's window of dates
    "isvimed_planning.agenda.WindowForm": [mine("agenda.WindowForm (GET)")],
    "isvimed_planning.workbook.forms.UploadForm": [
        "tests/workbook/test_views.py::test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message"],
    # the conversation of a project or a monthly report
    "isvimed_planning.comments.CommentForm": [
        mine("comments.CommentForm (project)"), mine("comments.CommentForm (report)"),
        "tests/projects/test_conversation.py::test_an_empty_or_too_long_comment_is_refused_keeping_what_was_typed"],
    # accounts (the forms of the views under /cuenta/)
    "isvimed_planning.auth.LoginForm": ["tests/core/test_login.py::test_wrong_password_gives_a_spanish_message"],
    "django.contrib.auth.forms.PasswordChangeForm": [mine("auth.PasswordChangeForm")],
    "django.contrib.auth.forms.PasswordResetForm": [mine("auth.PasswordResetForm")],
    "django.contrib.auth.forms.SetPasswordForm": [mine("auth.SetPasswordForm")],
}


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def project_forms() -> set[str]:
    found = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, (forms.BaseForm, forms.BaseFormSet)) and obj.__module__ == module_name:
                found.add(_name(obj))
    from isvimed_planning.urls import account_patterns

    for pattern in account_patterns:
        view_class = getattr(pattern.callback, "view_class", None) if isinstance(pattern, URLPattern) else None
        if view_class is not None and getattr(view_class, "form_class", None) is not None:
            found.add(_name(view_class.form_class))
    return found


def test_every_form_class_has_a_negative_test():
    found = project_forms()
    assert len(found) > 50, "the forms modules were not read"
    missing = sorted(found - set(COVERAGE))
    assert not missing, f"forms without a bad-input test (add one and name it in COVERAGE): {missing}"
    gone = sorted(set(COVERAGE) - found)
    assert not gone, f"COVERAGE names forms that no longer exist: {gone}"


def test_every_test_named_in_the_coverage_table_exists():
    from tests.bad_input.test_every_form_refuses_bad_input import CASES

    for form_name, tests in COVERAGE.items():
        assert tests, form_name
        for node in tests:
            path, _, test = node.partition("::")
            function, _, case = test.partition("[")
            source = (ROOT / path).read_text()
            assert re.search(rf"^def {re.escape(function)}\(", source, re.MULTILINE), f"{form_name}: {node} not found"
            if case:
                assert case[:-1] in CASES, f"{form_name}: no case «{case[:-1]}» in the bad-input table"

"""Every form of the project either carries the version of the object it edits (the optimistic
lock of isvimed_planning/versioning.py) or is named below with the reason it needs none: a new
edit form without the version makes this test fail."""
from __future__ import annotations

import importlib
from types import SimpleNamespace

from django import forms

from isvimed_planning.versioning import VersionField
from tests.bad_input.test_every_form_is_covered import project_forms

CREATES = "creates a new object: there is no earlier version to be stale against"
FILTER = "reads (a filter or a choice sent by GET): saves nothing"
ONCE = "a one-time decision: the workflow refuses it once taken"
TRANSITION = "moves the object along its workflow, which refuses a move from a state it is no longer in"

NOT_EDITING = {
    "accountability.forms.CommitmentForm": CREATES,
    "accountability.forms.HearingCommitmentForm": CREATES,
    "accountability.forms.QuestionForm": CREATES,
    "accountability.forms.FiguresForm": FILTER,
    "accountability.forms.ReportForm": CREATES,
    "accountability.forms.RequestForm": CREATES,
    "accountability.forms.TransitionForm": TRANSITION,
    "action_plan.forms.CommentForm": TRANSITION,
    "budget.forms.AllocationForm": CREATES + " (an existing ceiling is changed on its own page, with its version)",
    "budget.forms.DecisionForm": ONCE,
    "budget.forms.FiscalYearForm": CREATES,
    "budget.forms.ModificationForm": CREATES,
    "budget.forms.ReprogrammingForm": CREATES,
    "django.contrib.auth.forms.PasswordChangeForm": "the user's own password, not shared data",
    "django.contrib.auth.forms.PasswordResetForm": "sends an e-mail",
    "django.contrib.auth.forms.SetPasswordForm": "the user's own password, not shared data",
    "isvimed_planning.agenda.WindowForm": FILTER,
    "isvimed_planning.auth.LoginForm": "logs in",
    "isvimed_planning.comments.CommentForm": CREATES + " (a comment is never edited)",
    "isvimed_planning.deadlines.forms.PeriodForm": FILTER,
    "isvimed_planning.workbook.forms.UploadForm": "an import: checked row by row and run as a job",
    "monitoring.forms.MonthForm": FILTER,
    "monitoring.forms.FindingForm": "withdraws a justification: refused once it is withdrawn",
    "monitoring.forms.JustifyForm": CREATES + " (an alert already justified is refused: it is withdrawn first)",
    "monitoring.filters.CuadreCutoffForm": FILTER,
    "monitoring.filters.CuadreFilterForm": FILTER,
    "monitoring.matrices.forms.MatrixRequestForm": CREATES,
    "monitoring.matrices.forms.SubmissionForm": CREATES,
    "monitoring.matrices.forms.VerifyHashForm": FILTER,
    "strategy.forms.CatalogueImportForm": "an import: replaces the whole DNP catalogue, all or nothing",
    "strategy.forms.CompareForm": FILTER,
}
# Forms of many rows: one version per row, `version_<pk>` (see test_per_row_forms_carry_a_version_per_row).
PER_ROW = {"monitoring.forms.MeasurementForm"}


def _class(name: str):
    module, _, cls = name.rpartition(".")
    return getattr(importlib.import_module(module), cls)


def test_every_edit_form_carries_the_version_of_what_it_edits():
    found = project_forms()
    assert len(found) > 50, "the forms modules were not read"
    missing, needless = [], []
    for name in sorted(found):
        cls = _class(name)
        versioned = isinstance(getattr(cls, "base_fields", {}).get("version"), VersionField)
        if name in NOT_EDITING or name in PER_ROW:
            if versioned:
                needless.append(name)
        elif not versioned:
            missing.append(name)
    assert not missing, (
        "forms without the hidden version of the object they edit (subclass "
        f"isvimed_planning.versioning.VersionedForm / VersionedModelForm, or say why in NOT_EDITING): {missing}")
    assert not needless, f"these forms carry a version now: take them out of NOT_EDITING / PER_ROW: {needless}"
    gone = sorted((set(NOT_EDITING) | PER_ROW) - found)
    assert not gone, f"NOT_EDITING / PER_ROW name forms that no longer exist: {gone}"


def test_model_forms_on_existing_rows_carry_the_version():
    for name in sorted(project_forms()):
        cls = _class(name)
        if issubclass(cls, forms.BaseModelForm) and name not in NOT_EDITING:
            assert isinstance(cls.base_fields.get("version"), VersionField), name


def test_per_row_forms_carry_a_version_per_row():
    from monitoring.forms import MeasurementForm

    indicator = SimpleNamespace(pk=7, code="R1", name="Hogares con vivienda", unit="Hogares")
    form = MeasurementForm(indicators=[indicator], versions={7: 3})
    assert isinstance(form.fields["version_7"], VersionField)
    assert form["version_7"].value() == 3 and form.fields["version_7"].widget.is_hidden

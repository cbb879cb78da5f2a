"""Workflow.apply, the one way every app moves an object: lock, check, hooks, state, record and
notice in one transaction. Told with the project review of step 4.2 (Luis leads the project,
Paula reviews it in Planeación, Diego directs)."""
import threading
from unittest import mock

import pytest
from django.db import connection, connections, models, transaction

from accountability.models import AccountabilityReportTransition
from action_plan.models import ActionPlanTransition
from isvimed_planning.models import Notice, TransitionRecord
from isvimed_planning.workflow import (
    DomainError,
    Hooks,
    WorkflowError,
    transition_notice_key,
)
from monitoring.models import ReportTransition
from projects import services
from projects import workflow as wf
from projects.models import Project, ProjectTransition
from tests.projects.builders import complete_project

TRANSITION_MODELS = [ProjectTransition, ReportTransition, ActionPlanTransition, AccountabilityReportTransition]


def _unchanged(project: Project, *, state: str, version: int) -> None:
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.state, fresh.version) == (state, version)
    assert not ProjectTransition.objects.filter(project=project).exists()
    assert not Notice.objects.exists()


def test_luis_submits_and_exactly_one_move_is_recorded(lead, planner):
    project = complete_project(lead=lead)

    record = wf.PROJECT_WORKFLOW.apply(obj=project, name=wf.SUBMIT, by=lead, comment="  Listo para revisión. ")

    assert list(ProjectTransition.objects.filter(project=project)) == [record]
    assert (record.name, record.from_state, record.to_state) == ("submit", "formulation", "in_review")
    assert (record.by, record.comment) == (lead, "Listo para revisión.")
    assert record.project.pk == project.pk
    # The caller's instance sees the new state and version.
    assert (project.state, project.version) == ("in_review", 2)
    assert Project.objects.get(pk=project.pk).history.first().history_change_reason == (
        "Enviar a revisión: Listo para revisión."
    )


@pytest.mark.parametrize(
    ("persona", "state", "name", "comment", "message"),
    [
        ("planner", "formulation", "approve", "", "No se puede «aprobar» en estado «En formulación»."),
        ("director", "formulation", "submit", "", "Su rol no permite «enviar a revisión»."),
        ("lead", "in_review", "return", "", "Su rol no permite «devolver»."),
        ("planner", "in_review", "return", "   ", "Escriba un comentario que explique la decisión."),
        ("director", "registered", "not_viable", "", "Escriba un comentario que explique la decisión."),
    ],
    ids=["wrong-state", "wrong-role", "lead-cannot-return", "blank-comment", "no-reason-for-not-viable"],
)
def test_a_refused_move_changes_nothing_and_says_why(request, lead, planner, persona, state, name, comment, message):
    bank = "2024050010001" if state == "registered" else None
    project = complete_project(lead=lead, state=state, bank_code=bank)
    by = request.getfixturevalue(persona)

    with pytest.raises(WorkflowError) as refused:
        wf.PROJECT_WORKFLOW.apply(obj=project, name=name, by=by, comment=comment)

    assert refused.value.message == message
    _unchanged(project, state=state, version=1)


def test_an_incomplete_project_is_refused_by_its_hook_and_nothing_is_kept(lead, planner):
    project = complete_project(lead=lead, state="formulation")
    project.problem = ""
    project.save()

    with pytest.raises(DomainError) as refused:
        services.project_transition(project=project, by=lead, name=wf.SUBMIT)

    assert refused.value.message == "Antes de enviar a revisión complete: el problema."
    _unchanged(project, state="formulation", version=1)


def test_hooks_run_around_the_state_change_and_a_late_refusal_rolls_everything_back(lead, planner):
    project = complete_project(lead=lead, state="in_review")
    seen = []

    def before(obj, transition):
        seen.append(("before", obj.state))

    def after(obj, transition, record):
        seen.append(("after", obj.state, record.to_state))
        raise DomainError("El banco de proyectos no respondió.")

    with pytest.raises(DomainError):
        wf.PROJECT_WORKFLOW.apply(
            obj=project, name=wf.APPROVE, by=planner, hooks={wf.APPROVE: Hooks(before=before, after=after)}
        )

    assert seen == [("before", "in_review"), ("after", "approved", "approved")]
    _unchanged(project, state="in_review", version=1)


def test_the_notice_is_written_once_and_its_email_queued_once_on_commit(lead, planner, django_capture_on_commit_callbacks):
    project = complete_project(lead=lead, state="in_review")

    with (
        mock.patch("isvimed_planning.tasks.send_notice_emails.delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        record = services.project_transition(project=project, by=planner, name=wf.RETURN, comment="Ajustar metas")
        assert not queued.called  # nothing leaves before the commit

    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind) == (lead, "project")
    assert notice.key == f"projects.project:{project.pk}:transition:{record.pk}"
    assert notice.title == f"Proyecto «{project.name}» devuelto con observaciones"
    assert notice.body == "Paula Planeación: Devolver.\n\nAjustar metas"
    queued.assert_called_once_with([notice.pk])


def test_no_notice_and_no_email_when_the_surrounding_transaction_rolls_back(
    lead, planner, django_capture_on_commit_callbacks
):
    project = complete_project(lead=lead, state="in_review")

    with (
        mock.patch("isvimed_planning.tasks.send_notice_emails.delay") as queued,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.project_transition(project=project, by=planner, name=wf.APPROVE)
        raise RuntimeError("something later in the same request failed")

    assert callbacks == []
    queued.assert_not_called()
    _unchanged(project, state="in_review", version=1)


def test_of_two_approvals_opened_on_the_same_page_only_the_first_applies(lead, planner):
    project = complete_project(lead=lead, state="in_review")
    first_tab = Project.objects.get(pk=project.pk)
    second_tab = Project.objects.get(pk=project.pk)

    wf.PROJECT_WORKFLOW.apply(obj=first_tab, name=wf.APPROVE, by=planner)
    # The second call still holds "in_review" in memory; the locked re-read sees "approved".
    assert second_tab.state == "in_review"
    with pytest.raises(WorkflowError) as refused:
        wf.PROJECT_WORKFLOW.apply(obj=second_tab, name=wf.APPROVE, by=planner)

    assert refused.value.message == "No se puede «aprobar» en estado «Aprobado»."
    assert ProjectTransition.objects.filter(project=project).count() == 1
    assert Notice.objects.filter(recipient=lead).count() == 1
    assert Project.objects.get(pk=project.pk).version == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no concurrent writers; runs on PostgreSQL")
def test_two_simultaneous_approvals_apply_once(lead, planner):
    project = complete_project(lead=lead, state="in_review")
    tabs = [Project.objects.get(pk=project.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve(tab):
        try:
            barrier.wait(timeout=10)
            wf.PROJECT_WORKFLOW.apply(obj=tab, name=wf.APPROVE, by=planner)
            results.append("applied")
        except WorkflowError as error:
            results.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(tab,)) for tab in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["No se puede «aprobar» en estado «Aprobado».", "applied"]
    assert ProjectTransition.objects.filter(project=project).count() == 1
    assert Notice.objects.filter(recipient=lead).count() == 1


def test_a_stale_version_is_refused_before_the_move(lead, planner):
    project = complete_project(lead=lead, state="in_review")

    with pytest.raises(DomainError) as refused:
        wf.PROJECT_WORKFLOW.apply(obj=project, name=wf.APPROVE, by=planner, version=0)

    assert refused.value.field == "version"
    _unchanged(project, state="in_review", version=1)


@pytest.mark.parametrize("model", TRANSITION_MODELS, ids=lambda m: m.__name__)
def test_every_transition_table_is_the_shared_record(model):
    assert issubclass(model, TransitionRecord)
    fields = {f.name: f for f in model._meta.get_fields()}
    assert (fields["name"].max_length, fields["from_state"].max_length, fields["to_state"].max_length) == (30, 20, 20)
    assert fields["by"].remote_field.on_delete is models.PROTECT and not fields["by"].null
    assert fields["from_state"].choices  # each app keeps the labels of its states
    assert model._meta.ordering == ["at", "id"]
    assert model._meta.get_field("at").auto_now_add


def test_one_notice_key_scheme_for_every_app(lead):
    project = complete_project(lead=lead)
    record = ProjectTransition(pk=7)
    assert transition_notice_key(project, record) == f"projects.project:{project.pk}:transition:7"

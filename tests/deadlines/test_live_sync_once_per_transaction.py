"""Live ANS: a transaction that changes 50 projects synchronises the steps they affect once, at
the commit, not once per project; a later transaction synchronises again."""
import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db import transaction

from isvimed_planning.deadlines import services
from isvimed_planning.deadlines.models import DeadlineInstance
from tests import factories

NOW = dt.datetime(2025, 5, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@pytest.fixture
def synced(monkeypatch):
    """The steps synchronised, one entry per synchronisation of a step."""
    calls: Counter = Counter()
    real = services.sync_step

    def counting(*, step, **kwargs):
        calls[step] += 1
        return real(step=step, **kwargs)

    monkeypatch.setattr(services, "sync_step", counting)
    return calls


@time_machine.travel(NOW, tick=False)
def test_fifty_projects_in_one_transaction_sync_each_step_once(lead, planner, committed, synced):
    with committed() as callbacks:
        with transaction.atomic():
            projects = [factories.project(lead=lead, name=f"Proyecto {n}") for n in range(50)]
            for project in projects:
                project.name += " (ajustado)"
                project.save()
    assert len(callbacks) == 1
    # Each step once: the projects' and the follow-up cycle's (a project decides who reports a month).
    assert {"project", "monitoring"} <= set(synced) and set(synced.values()) == {1}
    assert DeadlineInstance.objects.filter(step="project").count() == 50
    assert DeadlineInstance.objects.get(step="project", object_id=projects[0].pk).title == "Proyecto Proyecto 0 (ajustado)"

    with committed() as callbacks:
        projects[0].delete()
    assert len(callbacks) == 1
    assert (synced["project"], synced["monitoring"]) == (2, 2)
    assert DeadlineInstance.objects.filter(step="project").count() == 49


@time_machine.travel(NOW, tick=False)
def test_a_change_nothing_watches_synchronises_nothing(planner, committed, synced):
    with committed() as callbacks:
        planner.first_name = "Paula"
        planner.save()
    assert callbacks == [] and synced == {}


@time_machine.travel(NOW, tick=False)
def test_the_commit_queues_one_synchronisation_for_the_worker(lead, django_capture_on_commit_callbacks, monkeypatch):
    from isvimed_planning.deadlines import live, tasks

    queued = []
    monkeypatch.setattr(tasks.ans_sync, "delay", lambda steps: queued.append(steps))
    factories.program()
    live.forget()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(50):
            factories.project(lead=lead, name=f"Proyecto {n}")
    assert queued == [["monitoring", "project"]]
    assert not DeadlineInstance.objects.exists()  # the request did not synchronise: the worker will


@time_machine.travel(NOW, tick=False)
def test_a_broker_down_keeps_the_change_and_leaves_the_ans_to_the_sweep(lead, django_capture_on_commit_callbacks, monkeypatch, caplog):
    from isvimed_planning.deadlines import live, tasks

    def down(steps):
        raise OSError("broker down")

    monkeypatch.setattr(tasks.ans_sync, "delay", down)
    live.forget()
    with django_capture_on_commit_callbacks(execute=True):
        project = factories.project(lead=lead, name="Vivienda digna")
    assert project.pk and not DeadlineInstance.objects.exists()
    assert "the daily sweep will do it" in caplog.text
    services.sweep()
    assert DeadlineInstance.objects.filter(step="project", object_id=project.pk).exists()

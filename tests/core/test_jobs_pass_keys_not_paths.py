"""A worker may run on another machine than the web process that queued its job, so no Celery
task of the project takes a path on local disk: jobs pass the job's id, and the worker opens its
file by storage name (tests/workbook/test_import_dispatch_on_bounds.py checks the id queued)."""
import inspect

from isvimed_planning.celery import app

OURS = ("isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "tooling")
LOCAL_PATH_WORDS = ("path", "file", "dir", "folder", "media")


def path_parameters(function) -> list[str]:
    return [
        name for name in inspect.signature(function).parameters
        if any(word in name.lower() for word in LOCAL_PATH_WORDS)
    ]


def project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if task.run.__module__.startswith(OURS)}


def test_no_task_of_the_project_takes_a_local_path():
    tasks = project_tasks()
    assert "workbook.sweep_stuck_imports" in tasks and len(tasks) >= 8
    assert {name: path_parameters(task.run) for name, task in tasks.items() if path_parameters(task.run)} == {}


def test_the_check_sees_a_task_that_takes_a_path():
    def import_workbook(self, file_path: str, confirm: bool) -> None: ...

    assert path_parameters(import_workbook) == ["file_path"]

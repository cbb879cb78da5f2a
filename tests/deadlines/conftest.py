import pytest

from isvimed_planning.celery import app


@pytest.fixture
def eager_tasks():
    """Tasks queued by the code under test run in-process (the e-mail of a notice, for instance)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    """`with committed():` runs what the code under test left for the commit (the test's own
    transaction never commits), as the end of a request or a job does, and the tasks it queues
    (the ANS synchronisation) in-process, as the worker would."""
    from isvimed_planning.deadlines import live

    def block():
        live.forget()  # what the test built before was never committed: this block starts afresh
        return django_capture_on_commit_callbacks(execute=True)

    return block

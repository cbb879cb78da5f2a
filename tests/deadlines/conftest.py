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

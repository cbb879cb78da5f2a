import pytest


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """A private media folder, for this process and a worker's."""
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path

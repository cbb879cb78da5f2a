import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    """Uploaded files go to a temporary folder (a live-server test reads the same settings)."""
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path

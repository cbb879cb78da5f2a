import pytest


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """A private media folder, for this process and a worker's."""
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path


# The workbooks these tests import name leads that must exist (an unknown one is an error).
from tests.workbook.conftest import _workbook_leads  # noqa: E402,F401

import pytest

from tests.workbook.builders import make_leads


@pytest.fixture(autouse=True)
def _workbook_leads(request, _reference_data):
    """Every database test here starts with the leads its workbooks name."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if marker is None and not {"db", "transactional_db", "live_server"} & fixtures:
        return
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not (transactional or {"transactional_db", "live_server"} & fixtures):
        request.getfixturevalue("db")
    make_leads()

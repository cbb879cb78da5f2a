import os

import pytest

from tests.journeys.axe import AXE_JS, Audit

PHONE = {"width": 390, "height": 844}


def pytest_generate_tests(metafunc):
    """Every journey runs twice: on a desktop screen and on a 390 px phone (the test id ends in
    [escritorio] or [390px]). JOURNEYS_ON_PHONE=marked keeps the phone run to the journeys marked
    `phone` (the field's: the monthly report, the public pages, petitions, the dashboard), for a
    quicker run by hand."""
    if "page" not in metafunc.fixturenames:
        return
    if os.environ.get("JOURNEYS_ON_PHONE") != "marked" or metafunc.definition.get_closest_marker("phone"):
        metafunc.parametrize("viewport", ["escritorio", "390px"], indirect=True)


@pytest.fixture
def viewport(request):
    return getattr(request, "param", "escritorio")


@pytest.fixture
def page(page, viewport):
    """The browser page of tests/conftest.py, at a phone's 390 × 844 for the [390px] run."""
    if viewport == "390px":
        page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def a11y(page):
    """`a11y()` checks the page the journey is on with axe-core (no serious or critical
    violation allowed); the test fails at the end with the list of every page's violations.
    Without axe-core installed, the first check fails the test with the install command."""
    audit = Audit(page)
    yield audit
    if not AXE_JS.exists():
        return  # the test itself already failed, saying how to install axe-core
    print(f"axe-core checked {len(audit.checked)} pages: {', '.join(audit.checked)}")
    assert audit.checked, "The journey checked no page with axe-core."
    assert not audit.failures, "Accessibility violations (serious or critical):\n" + "\n".join(audit.failures)

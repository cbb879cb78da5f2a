import pytest

from tests.journeys.axe import Audit, _axe_source


@pytest.fixture
def a11y(page):
    """`a11y()` checks the page the journey is on with axe-core (no serious or critical
    violation allowed); the test fails at teardown with the list of every page's violations."""
    _axe_source()  # fail at once, with the install command, when axe-core is missing
    audit = Audit(page)
    yield audit
    assert audit.checked, "The journey checked no page with axe-core."
    assert not audit.failures, "Accessibility violations (serious or critical):\n" + "\n".join(audit.failures)

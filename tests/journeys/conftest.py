import pytest

from tests.journeys.axe import AXE_JS, Audit


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

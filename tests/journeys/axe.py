"""Accessibility check of the page a journey is on, with axe-core (WCAG 2 A/AA rules).

axe-core comes from the npm registry, pinned in tests/journeys/package.json; install it with
`npm ci --no-audit --no-fund --prefix tests/journeys`. Its source is evaluated through the
DevTools protocol (page.evaluate), which the page's strict Content-Security-Policy does not
govern, so the journeys keep running under the real CSP and still fail on any CSP violation.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is not installed ({AXE_JS} is missing): run "
            "`npm ci --no-audit --no-fund --prefix tests/journeys` first.",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The serious or critical axe-core violations of the page as it is now (when the page moves
    on by itself while being checked, e.g. a progress page, the page it lands on is checked)."""
    from playwright.sync_api import Error

    for _attempt in range(3):
        try:
            return _run(page)
        except Error as exc:
            # The page may move on between injecting axe-core and running it: the new document
            # has no `axe` yet, so the check starts again on the page it landed on.
            if not any(sign in str(exc) for sign in ("context was destroyed", "navigat", "axe is not defined")):
                raise
    return _run(page)


def _run(page) -> list[dict]:
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;undefined")
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        TAGS,
    )
    return [v for v in found if v["impact"] in BLOCKING]


def describe(url: str, found: list[dict]) -> str:
    lines = [url]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"      {node['target']}: {(node['summary'] or '').splitlines()[-1].strip()}")
    return "\n".join(lines)


class Audit:
    """Checks each page a journey visits; the test fails at the end listing every violation."""

    def __init__(self, page):
        self.page = page
        self.checked: list[str] = []
        self.failures: list[str] = []

    def __call__(self) -> None:
        url = self.page.url.removeprefix(getattr(self.page, "base_url", ""))
        found = violations(self.page)
        self.checked.append(url)
        if found:
            self.failures.append(describe(url, found))

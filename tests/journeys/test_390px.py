"""A phone (390 × 844): no page of the application is wider than the screen, the navigation sits
behind a "Menú" button, and the pages pass axe-core there too.

The pages are every URL of the permission matrix (tests/permissions/matrix.py) that answers a GET
with an HTML page, on its data set (builders.build_world), each opened by the first persona allowed
to see it (planeación first); the public pages and the login page also anonymously. A new URL
enters the walk by entering the matrix.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.urls import reverse

from tests.conftest import browser_login
from tests.journeys.axe import describe, violations
from tests.journeys.conftest import PHONE
from tests.journeys.steps import STEPS_NAV
from tests.permissions.builders import build_world
from tests.permissions.matrix import MATRIX
from tests.permissions.test_matrix import url_keys

pytestmark = pytest.mark.browser

VISITORS = ("planner", "sysadmin", "director", "finance", "lead")
# URLs that answer no page: health check, progress JSON and downloads (a word of their name).
NOT_PAGES = {"healthz", "progress", "pdf", "xlsx", "json", "csv", "file", "download", "minutes", "questionnaire",
             "export", "template", "ics", "api", "schema", "catalogue"}
AXE_PAGES = ("home", "projects:detail", "budget:poai", "monitoring:report_edit", "monitoring:index",
             "action_plan:public", "login")


def pages_by_visitor(world) -> dict[str, list[tuple[str, str]]]:
    """visitor → [(URL name, path)] of every HTML page of the matrix."""
    routes = url_keys()
    found: dict[str, list[tuple[str, str]]] = {}
    for name, entry in MATRIX.items():
        if entry.get_redirects and name != "login" or NOT_PAGES & set(re.split("[:_]", name)) or not entry.get:
            continue
        path = reverse(name, kwargs=entry.kwargs(world)) if routes[name] != name else "/" + routes[name]
        if "anonymous" in entry.get:
            found.setdefault("anonymous", []).append((name, path))
        visitor = next((v for v in VISITORS if v in entry.get), None)
        if visitor and name != "login":
            found.setdefault(visitor, []).append((name, path))
    return found


def document_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def widest(page) -> str:
    """The elements that stick out of the screen while their parent does not: the culprits."""
    return page.evaluate("""() => {
        const W = document.documentElement.clientWidth, out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect(), p = el.parentElement.getBoundingClientRect();
            if (r.right > W + 0.5 && p.right <= W + 0.5 && !el.parentElement.closest('.table-wrap')) {
                out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (${Math.round(r.right)} px)`);
            }
        }
        return out.slice(0, 5).join(', ');
    }""")


@contextmanager
def phone(_browser, live_server, user=None, **options):
    """A page at 390 × 844, logged in as `user`; fails on a JavaScript or Content-Security-Policy error."""
    context = _browser.new_context(base_url=live_server.url, locale="es-CO", timezone_id="America/Bogota",
                                   viewport=PHONE, **options)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    if user is not None:
        browser_login(page, user)
    yield page
    context.close()
    assert not errors, f"JavaScript or Content-Security-Policy errors in the page: {errors}"


def test_no_page_is_wider_than_a_phone(_browser, live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_world()
    too_wide: list[str] = []
    failures: list[str] = []
    visited = 0
    for visitor, pages in pages_by_visitor(world).items():
        with phone(_browser, live_server, world.users.get(visitor)) as page:
            for name, path in pages:
                response = page.goto(path)
                assert response is not None and response.status == 200, f"{path} as {visitor}: {response and response.status}"
                visited += 1
                width = document_width(page)
                print(f"{width:5d}  {visitor:9s} {name:40s} {path}")
                if width > PHONE["width"]:
                    too_wide.append(f"{name} ({path}, as {visitor}): {width} px; sticking out: {widest(page)}")
                if name in AXE_PAGES:
                    found = violations(page)
                    if found:
                        failures.append(describe(path, found))
    assert visited > 80
    assert not too_wide, "Pages wider than a 390 px phone:\n" + "\n".join(too_wide)
    assert not failures, "Accessibility violations at 390 px (serious or critical):\n" + "\n".join(failures)


def test_the_menu_button_opens_the_navigation_on_a_phone(_browser, live_server, planner):
    with phone(_browser, live_server, planner) as page:
        nav = page.get_by_role("navigation", name=STEPS_NAV)
        button = page.get_by_role("button", name="Menú")
        assert button.get_attribute("aria-expanded") == "false"
        assert not nav.get_by_role("link", name="Proyectos").is_visible()
        # Keyboard: Tab goes from the brand to the button, Enter opens it, the next Tab is in the navigation.
        page.get_by_role("link", name="ISVIMED · Planeación").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menú"
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        for label in ("Formulación estratégica", "Proyectos", "Presupuesto", "Plan de acción", "Seguimiento",
                      "Rendición de cuentas", "ANS", "Libro Excel"):
            assert nav.get_by_role("link", name=label).is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('nav') !== null")
        # Escape closes it and gives the focus back to the button.
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.classList.contains('nav-toggle')")
        assert not nav.get_by_role("link", name="Proyectos").is_visible()
        # A link of the open navigation leads to its page, which starts with the navigation closed.
        button.click()
        assert document_width(page) <= PHONE["width"]
        nav.get_by_role("link", name="Proyectos").click()
        page.wait_for_url("**/proyectos/")
        assert button.get_attribute("aria-expanded") == "false"


def test_without_javascript_the_navigation_is_simply_shown(_browser, live_server, planner):
    with phone(_browser, live_server, planner, java_script_enabled=False) as page:
        assert page.get_by_role("navigation", name=STEPS_NAV).get_by_role("link", name="Proyectos").is_visible()
        assert not page.get_by_role("button", name="Menú").is_visible()
        assert document_width(page) <= PHONE["width"]

"""Walks the whole permission matrix (tests/permissions/matrix.py) on one real data set.

Each (URL, persona, method) is its own test. An allowed persona gets the page (200), a redirect
to somewhere other than the login page, or — for an empty POST — the form back with its errors
(200/400). A refused persona gets 403, 404, 405 or (anonymous) the login page; and after a refused
POST not one row of the database has changed.
"""
from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.builders import build_world
from tests.permissions.matrix import MATRIX, PERSONAS, allowed

SKIPPED_PREFIXES = ("admin/", "static/", "media/")
APP_LABELS = ("core", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "deadlines",
              "workbook", "auth")


def url_keys() -> dict[str, str]:
    """Every URL of the application by name (or route when unnamed) → its route."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern, route, ns)
            elif isinstance(pattern, URLPattern):
                key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
                found[key] = route

    walk(get_resolver(), "", None)
    return found


def test_every_url_of_the_application_has_a_row_in_the_matrix():
    urls = url_keys()
    missing = sorted(set(urls) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(urls))
    assert not missing, f"URLs without a row in tests/permissions/matrix.py: {missing}"
    assert not stale, f"Rows of the matrix for URLs that no longer exist: {stale}"


# --- The data set: built once for the module, inside a transaction rolled back at the end ------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _models():
    return [m for m in apps.get_models() if m._meta.app_label in APP_LABELS and not m._meta.proxy]


def snapshot() -> dict:
    """Every row of every domain table (history tables by count) — nothing must change."""
    state = {}
    for model in _models():
        fields = [f.attname for f in model._meta.concrete_fields]
        if model.__name__.startswith("Historical"):
            state[model._meta.label] = model._default_manager.count()
        else:
            state[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    return state


def _login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def outcome(response, method: str, success_is_login: bool = False) -> str:
    code = response.status_code
    if code in (403, 404, 405) or (_login_redirect(response) and not success_is_login):
        return "refused"
    if code in (200, 301, 302, 303) or (method == "POST" and code == 400):
        return "allowed"
    return f"unexpected {code}"


ROUTES = url_keys()

CASES = [
    pytest.param(name, persona, method, id=f"{name}-{persona}-{method}")
    for name in MATRIX if name in ROUTES for persona in PERSONAS for method in ("GET", "POST")
]


@pytest.mark.parametrize(("name", "persona", "method"), CASES)
def test_permission(world, db, name, persona, method):
    entry = MATRIX[name]
    route = ROUTES[name]
    url = reverse(name, kwargs=entry.kwargs(world)) if route != name else "/" + route
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    expected = "allowed" if allowed(name, persona, method) else "refused"
    before = snapshot() if method == "POST" and expected == "refused" else None
    response = client.get(url) if method == "GET" else client.post(url, {})
    got = outcome(response, method, entry.success_is_login)
    if got == "allowed" and method == "GET" and response.status_code != 200 and not entry.get_redirects:
        got = f"redirected instead of showing the page ({response.status_code})"
    location = response.get("Location", "")
    assert got == expected, f"{method} {url} as {persona}: {response.status_code} {location}".strip()
    if before is not None:
        assert snapshot() == before, f"POST {url} as {persona} was refused but changed the database"

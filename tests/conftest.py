"""Personas shared by every test (healthchecks' alice/bob/charlie, here by role).

- planner: Subdirección de Planeación          - lead / lead2: two project leads
- director: the Director                       - finance: Subdirección Administrativa y Financiera
- reader: read-only (control bodies)           - sysadmin: system administrator
- outsider: logged in with no role             - anonymous: the plain `client` fixture
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from isvimed_planning import roles
from isvimed_planning.models import User

# Playwright's sync API runs an event loop in the test thread; the ORM calls made around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "clave-de-prueba-123"

# Property tests: `make test` pins the seed (--hypothesis-seed), so every run draws the same
# examples; failures are saved under var/ and replayed first. `make fuzz` loads "fuzz": a new
# seed every run and FUZZ_SCALE times the examples (tests.fuzzing.examples).
_EXAMPLES = DirectoryBasedExampleDatabase(str(Path(__file__).resolve().parent.parent / "var" / "hypothesis"))
hypothesis_settings.register_profile("default", database=_EXAMPLES, print_blob=True)
hypothesis_settings.register_profile("fuzz", database=_EXAMPLES, print_blob=True, max_examples=2000)
hypothesis_settings.load_profile("default")

PERSONAS = {
    "planner": ("planeador", "Paula", "Planeación", [roles.PLANEACION]),
    "lead": ("lider1", "Luis", "Líder", [roles.RESPONSABLE]),
    "lead2": ("lider2", "Lina", "Lozano", [roles.RESPONSABLE]),
    "director": ("director", "Diego", "Director", [roles.DIRECCION]),
    "finance": ("financiera", "Fernanda", "Finanzas", [roles.FINANCIERA]),
    "reader": ("consulta", "Carlos", "Contralor", [roles.CONSULTA]),
    "sysadmin": ("sysadmin", "Ana", "Admin", [roles.ADMIN]),
    "outsider": ("sinrol", "Omar", "Otro", []),
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures are keyed by a version read from the database; a rolled-back test can
    leave a later one with the same version and other data, so each test starts cold."""
    from django.core.cache import cache

    from isvimed_planning.caching import clear_local

    cache.clear()
    clear_local()
    yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test (live server, Celery worker) flushes every table when it ends, the
    migration's roles and territories included; put them back for the transactional tests that
    follow (pytest-django runs those after the others)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from django.contrib.auth.models import Group

        from isvimed_planning.models import Territory
        from isvimed_planning.reference import ensure_reference_data

        ensure_reference_data(Group, Territory)


def make_user(username: str, first: str = "", last: str = "", role_list=(), **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last,
        email=f"{username}@isvimed.test", **extra,
    )
    if role_list:
        user.groups.add(*Group.objects.filter(name__in=role_list))
    return user


def _persona(name: str) -> User:
    username, first, last, role_list = PERSONAS[name]
    return make_user(username, first, last, role_list, is_staff=(name == "sysadmin"))


@pytest.fixture
def planner(db):
    return _persona("planner")


@pytest.fixture
def lead(db):
    return _persona("lead")


@pytest.fixture
def lead2(db):
    return _persona("lead2")


@pytest.fixture
def director(db):
    return _persona("director")


@pytest.fixture
def finance(db):
    return _persona("finance")


@pytest.fixture
def reader(db):
    return _persona("reader")


@pytest.fixture
def sysadmin(db):
    return _persona("sysadmin")


@pytest.fixture
def outsider(db):
    return _persona("outsider")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    """`login(user)` gives a test client logged in as that user."""
    return client_for


# --- A real browser: Debian's Chromium driven by Playwright -------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page; `page.base_url` is the live server. Fails the test on any JS error."""
    context = _browser.new_context(base_url=live_server.url, locale="es-CO", timezone_id="America/Bogota")
    context.set_default_timeout(15000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # A blocked inline script or style is a bug: the Content-Security-Policy forbids them.
    pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    pg.base_url = live_server.url
    yield pg
    context.close()
    assert not errors, f"JavaScript or Content-Security-Policy errors in the page: {errors}"


def browser_login(pg, user, password: str = PASSWORD) -> None:
    pg.goto("/cuenta/ingresar/")
    pg.get_by_label("Nombre de usuario").fill(user.username)
    pg.get_by_label("Contraseña").fill(password)
    pg.get_by_role("button", name="Ingresar").click()
    pg.wait_for_url(lambda url: "/cuenta/ingresar/" not in url)


# --- A real Celery worker over Redis ------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db, settings):
    """Starts `celery worker` in a subprocess against the test database and Redis.

    Needs a file-based test database (the Makefile sets TEST_DATABASE_NAME for SQLite) so that
    the worker process sees what the test commits.
    """
    from tests.worker import running_worker

    with running_worker() as worker:
        yield worker

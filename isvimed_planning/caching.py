"""Results that are expensive to compute and change only when their inputs change, cached under a
version of those inputs.

The version is read from the database on every use (one cheap query), so a cached value is never
served after its inputs changed, whichever process changed them. The cache backend (a per-process
LocMem cache in development, Redis in production, see CACHE_URL) only decides how often a value
is recomputed, never whether it is fresh.

Every domain model keeps its history with django-simple-history, and history rows are only ever
appended, so the greatest history id of a model's history table changes whenever a row of the
model is created, changed or deleted through the ORM (bulk imports use the `*_with_history`
helpers for the same reason). Data that has no history (user names, territory names) can be up
to VERSIONED_CACHE_SECONDS old.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model

T = TypeVar("T")

_MISSING = object()
_LOCAL_SIZE = 16
# Longest wait for another request's computation before computing here anyway: longer than the
# longest computation (the institute's figures cold at a whole administration's size, ~40 s), so
# that the requests that miss together wait for one, and within gunicorn's timeout (120 s, the
# Dockerfile; nginx waits as long), so that a waiting worker is not killed.
COMPUTE_LOCK_SECONDS = 100
_LOCAL: OrderedDict[str, tuple[float, object]] = OrderedDict()


def history_marks(models: Iterable[type[Model]]) -> tuple:
    """The greatest history id of each model's history table, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_marks_sql(tuple(models), connection.vendor))
        return tuple(cursor.fetchone())


@functools.lru_cache(maxsize=128)
def _marks_sql(models: tuple[type[Model], ...], vendor: str) -> str:
    # Written once per set of models: django-simple-history's `Model.history` builds a new manager
    # class on every access (inspect.getmembers), ~0.25 ms a model, on every page that reads a version.
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        history = model.history.model  # type: ignore[attr-defined]
        parts.append(f"(SELECT MAX({quote(history._meta.pk.column)}) FROM {quote(history._meta.db_table)})")
    return "SELECT " + ", ".join(parts)


def digest(value: object) -> str:
    """A short fixed-length stand-in for `value` (a version, a query string, a list of ids) in a
    cache key."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:20]


def _full_key(key: str, version: object) -> str:
    return f"v1:{key}:{digest(version)}"


def peek(key: str, version: object) -> object | None:
    """The value cached under `key` for `version`, or None: never computes (a value to start
    from when computing the next version's, see monitoring.institute)."""
    full_key = _full_key(key, version)
    local = _LOCAL.get(full_key)
    if local is not None and local[0] > time.monotonic():
        return local[1]
    return cache.get(full_key)


def store(key: str, version: object, value: object, *, timeout: int | None = None) -> None:
    """Cache `value` under `key` for `version`, replacing what is there."""
    full_key = _full_key(key, version)
    cache.set(full_key, value, timeout if timeout is not None else settings.VERSIONED_CACHE_SECONDS)
    _LOCAL.pop(full_key, None)


def versioned(key: str, version: object, compute: Callable[[], T], *, timeout: int | None = None) -> T:
    """The value cached under `key` for this `version` of its inputs, computed (and cached) when
    there is none."""
    full_key = _full_key(key, version)
    timeout = timeout if timeout is not None else settings.VERSIONED_CACHE_SECONDS
    now = time.monotonic()
    # Unpickling thousands of figures costs more than the rest of a page, so each process
    # also keeps the last few values it used. Callers must not change what they get back.
    local = _LOCAL.get(full_key)
    if local is not None and local[0] > now:
        _LOCAL.move_to_end(full_key)
        return cast(T, local[1])
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = _compute_once(full_key, compute, timeout)
    _LOCAL[full_key] = (now + timeout, value)
    _LOCAL.move_to_end(full_key)
    while len(_LOCAL) > _LOCAL_SIZE:
        _LOCAL.popitem(last=False)
    return value


def _compute_once(full_key: str, compute: Callable[[], T], timeout: int) -> T:
    """Compute and cache the value; when another request (any process sharing the cache) is
    already computing it, wait for its result instead of computing it a second time: after a
    change every open dashboard asks at once, and N copies of a CPU-bound computation on a few
    cores would make every one of them N times slower."""
    lock_key = f"{full_key}:computing"
    if not cache.add(lock_key, 1, COMPUTE_LOCK_SECONDS):
        deadline = time.monotonic() + COMPUTE_LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(full_key, _MISSING)
            if value is not _MISSING:
                return value
            if cache.get(lock_key) is None:  # the other computation failed: do it here
                break
    try:
        value = compute()
        cache.set(full_key, value, timeout)
    finally:
        cache.delete(lock_key)
    return value


_FORGETTERS: list[Callable[[], None]] = []


def also_forget(forget: Callable[[], None]) -> None:
    """Have clear_local() call `forget` too: for values an app keeps in its own way."""
    _FORGETTERS.append(forget)


def clear_local() -> None:
    """Forget the values this process keeps (tests, after cache.clear())."""
    _LOCAL.clear()
    for forget in _FORGETTERS:
        forget()


# A value no token can take (tokens are letters and digits): marks where each form's CSRF token
# goes in a fragment rendered once for everybody.
_CSRF_MARK = "csrf-token-of-this-request"


def versioned_fragment(request, *, key: str, version: object, template: str, context: Callable[[], dict]) -> str:
    """HTML of `template` cached under `key` for this `version` of its inputs, with this request's
    CSRF token in its forms. `context` is called only on a miss (it does the reads). The template
    must depend on nothing but that context: it is rendered without the request, once for every
    user who gets the same key, so anything that varies by user belongs in the key."""
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    html = versioned(
        f"fragment:{key}", version, lambda: render_to_string(template, {**context(), "csrf_token": _CSRF_MARK})
    )
    # Only a fragment with a form asks for the token: asking sets the CSRF cookie, and a public
    # page (the action plan's) must not set cookies for its anonymous visitors.
    return mark_safe(html.replace(_CSRF_MARK, get_token(request)) if _CSRF_MARK in html else html)

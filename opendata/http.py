"""HTTP caching of the open data: an `ETag` from the content (a conditional GET with
`If-None-Match` gets 304 Not Modified, no body) and a public `Cache-Control` of a few minutes, so
that harvesters and proxies ask again cheaply. The figures change when a report is approved;
five minutes of staleness is what a published page may show."""
from __future__ import annotations

from functools import wraps

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware

MAX_AGE = 300

_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def cached_public(view):
    """ETag + 304 (Django's ConditionalGetMiddleware, also after a deferred render) and Cache-Control."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return _conditional(wrapped)

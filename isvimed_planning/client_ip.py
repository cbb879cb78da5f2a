"""The one owner of "the client's address of this request", used by login throttling
(django-axes' AXES_CLIENT_IP_CALLABLE), the password-reset limit and the request log.

Settings (from the environment, see settings.py):
- TRUSTED_PROXY_COUNT: how many proxies in front of the application append the address they
  received the request from to FORWARDED_FOR_HEADER (0: none, REMOTE_ADDR is the client);
- FORWARDED_FOR_HEADER: that header, X-Forwarded-For unless the proxy uses another name.

With N trusted proxies the Nth entry from the right is the last one a client could not forge;
whatever stands left of it is the client's own word. With no proxy the header is ignored, so
a forged header cannot dodge a lock-out.
"""
from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings

request_log = logging.getLogger("isvimed.requests")


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def meta_key(header: str) -> str:
    """The request.META key of an HTTP header name (X-Forwarded-For → HTTP_X_FORWARDED_FOR)."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get(meta_key(settings.FORWARDED_FOR_HEADER), "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the left-most was still written by a trusted proxy.
    return _valid_ip(forwarded[-min(proxies, len(forwarded))]) or remote


class RequestLogMiddleware:
    """One line per request with the client's address as client_ip() sees it (gunicorn's access
    log would show the proxy's). On when REQUEST_LOG is true (the default with DEBUG off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REQUEST_LOG:
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        # Only a user already loaded by the view: loading it here would add queries to every request.
        user = getattr(request, "_cached_user", None)
        request_log.info(
            "%s %s %s %s %d %dms user=%s",
            client_ip(request) or "-", request.method, request.get_full_path(), request.META.get("SERVER_PROTOCOL", "-"),
            response.status_code, (time.monotonic() - started) * 1000,
            user.pk if user is not None and user.is_authenticated else "-",
        )
        return response

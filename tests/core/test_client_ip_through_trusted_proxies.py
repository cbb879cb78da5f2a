"""The client's address has one owner (isvimed_planning/client_ip.py), read by login throttling,
the password-reset limit and the request log: with 0 trusted proxies the forwarded header is
ignored (a forged one cannot dodge the lock-out); with 1 the right-most entry is taken; with 2,
the second from the right. The header's name and the count are settings."""
import logging

import pytest
from django.test import RequestFactory

from isvimed_planning.client_ip import client_ip
from tests.conftest import PASSWORD
from tests.core.test_settings_env import run_django

LOCKED = "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo."
PROXY = "10.0.0.2"
CHAIN = "192.0.2.99, 203.0.113.5, 10.0.0.1"  # forged by the client, the client, the outer proxy


def request(forwarded=None, header="HTTP_X_FORWARDED_FOR", remote=PROXY):
    extra = {header: forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    "proxies, expected",
    [(0, PROXY), (1, "10.0.0.1"), (2, "203.0.113.5"), (3, "192.0.2.99"), (5, "192.0.2.99")],
)
def test_the_nth_entry_from_the_right_for_n_trusted_proxies(settings, proxies, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(CHAIN)) == expected


def test_no_header_or_a_garbled_entry_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request()) == PROXY
    assert client_ip(request("203.0.113.5, not-an-ip")) == PROXY


def test_the_header_name_is_a_setting(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_FOR_HEADER = "X-Real-IP"
    assert client_ip(request("203.0.113.5", header="HTTP_X_REAL_IP")) == "203.0.113.5"
    assert client_ip(request("203.0.113.5")) == PROXY  # X-Forwarded-For is no longer read


def _login(client, password, forwarded_for):
    return client.post(
        "/cuenta/ingresar/", {"username": "planeador", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_with_no_trusted_proxy_a_forged_header_cannot_dodge_the_lockout(client, planner, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        _login(client, "mala", f"203.0.113.{n}")
    assert LOCKED in _login(client, PASSWORD, "198.51.100.7").content.decode()


def test_behind_two_proxies_the_second_from_the_right_is_locked_out(client, planner, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    for n in range(5):
        # The client writes anything on the left; the outer proxy's entries change too.
        _login(client, "mala", f"192.0.2.{n}, 203.0.113.5, 10.0.0.{n}")
    assert LOCKED in _login(client, PASSWORD, "198.51.100.7, 203.0.113.5, 10.0.0.9").content.decode()
    response = _login(client, PASSWORD, "203.0.113.6, 10.0.0.1")
    assert response.status_code == 302


def test_the_request_log_names_the_client_not_the_proxy(client, settings, caplog, db):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REQUEST_LOG = True
    with caplog.at_level(logging.INFO, logger="isvimed.requests"):
        client.get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    [line] = [record.getMessage() for record in caplog.records if record.name == "isvimed.requests"]
    assert line.startswith("203.0.113.5 GET /healthz HTTP/1.1 200 ")
    assert line.endswith(" user=-")


def test_the_request_log_is_off_by_default_in_development(client, settings, caplog, db):
    assert settings.REQUEST_LOG is False  # DEBUG: runserver logs each request itself
    with caplog.at_level(logging.INFO, logger="isvimed.requests"):
        client.get("/healthz")
    assert [record for record in caplog.records if record.name == "isvimed.requests"] == []


@pytest.mark.parametrize(
    "env, line",
    [
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT=-1 must be a number of proxies from 0 to 10."),
        ({"FORWARDED_FOR_HEADER": "X Forwarded"}, "FORWARDED_FOR_HEADER='X Forwarded' is not an HTTP header name."),
    ],
)
def test_bad_proxy_settings_stop_the_start_with_one_line(env, line):
    result = run_django({"DEBUG": "1", **env}, "check")
    assert result.stderr.splitlines() == [f"Configuration error: {line}"]


@pytest.mark.parametrize("proxies, header", [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")])
def test_the_forwarded_scheme_is_believed_only_behind_a_trusted_proxy(proxies, header):
    result = run_django(
        {"DEBUG": "1", "TRUSTED_PROXY_COUNT": proxies}, "shell", "--no-imports", "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
    )
    assert result.stdout.strip() == header, result.stderr

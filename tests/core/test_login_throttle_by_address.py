"""Finding 2.4: one address must not lock everyone out; an address alone has a higher limit."""
import pytest

from tests.conftest import PASSWORD

LOCKED = "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo."
OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Sixty logins with the production hasher take a minute; the throttle does not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client, username, password, ip=OFFICE):
    return client.post("/cuenta/ingresar/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_twenty_failures_from_one_address_do_not_lock_a_colleague_at_that_address(client, planner, lead):
    for username in ("planeador", "nadie1", "nadie2", "nadie3", "nadie4"):
        for _ in range(4):
            _login(client, username, "mala")

    response = _login(client, "lider1", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lead.pk)


def test_the_lock_of_one_user_at_one_address_leaves_that_user_free_elsewhere(client, planner):
    for _ in range(5):
        _login(client, "planeador", "mala")

    assert LOCKED in _login(client, "planeador", PASSWORD).content.decode()
    assert _login(client, "planeador", PASSWORD, ip="203.0.113.20").status_code == 302


def test_an_address_guessing_many_usernames_is_locked_past_the_address_limit(client, lead):
    # 50 failures (the default LOGIN_ADDRESS_FAILURE_LIMIT), four per made-up username.
    for n in range(50):
        response = _login(client, f"nadie{n // 4}", "mala")
    assert LOCKED in response.content.decode()

    response = _login(client, "lider1", PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _login(client, "lider1", PASSWORD, ip="203.0.113.20").status_code == 302

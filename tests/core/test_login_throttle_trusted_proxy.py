"""Finding 2.4: behind the TLS proxy every request has the proxy's REMOTE_ADDR; the client's
address is the one the trusted proxy wrote into X-Forwarded-For."""
from tests.conftest import PASSWORD

LOCKED = "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo."
PROXY = "10.0.0.2"


def _login(client, password, forwarded_for):
    return client.post(
        "/cuenta/ingresar/", {"username": "planeador", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_the_forwarded_address_decides_only_behind_a_trusted_proxy(client, planner, settings):
    settings.TRUSTED_PROXY_COUNT = 0  # the default: a forged header changes nothing
    for n in range(5):
        _login(client, "mala", f"203.0.113.{n}")
    assert LOCKED in _login(client, PASSWORD, "203.0.113.77").content.decode()

    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        _login(client, "mala", "203.0.113.5")
    assert LOCKED in _login(client, PASSWORD, "203.0.113.5").content.decode()
    # A forged left part does not get the attacker out: the proxy's entry (right-most) counts.
    assert LOCKED in _login(client, PASSWORD, "192.0.2.99, 203.0.113.5").content.decode()

    response = _login(client, PASSWORD, "203.0.113.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(planner.pk)


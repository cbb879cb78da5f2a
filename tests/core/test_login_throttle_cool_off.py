"""The lock lasts LOGIN_LOCKOUT_SECONDS from the failure that set it, then the right password works."""
import datetime as dt

import time_machine

from tests.conftest import PASSWORD

LOCKED = "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo."
START = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc)


def _login(client, password):
    return client.post("/cuenta/ingresar/", {"username": "planeador", "password": password})


def test_the_lock_ends_after_the_cool_off_and_retrying_while_locked_does_not_extend_it(client, planner):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            _login(client, "mala")
        clock.shift(dt.timedelta(minutes=14))
        assert LOCKED in _login(client, PASSWORD).content.decode()
        assert LOCKED in _login(client, "mala").content.decode()

        clock.shift(dt.timedelta(minutes=1, seconds=1))
        response = _login(client, PASSWORD)

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(planner.pk)

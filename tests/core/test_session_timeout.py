"""Sessions end after SESSION_IDLE_SECONDS without a request (2 h) and SESSION_MAX_AGE_SECONDS
after the login (12 h) however active; the login page then says why."""
import datetime as dt

import time_machine

from tests.conftest import PASSWORD

START = dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.timezone.utc)


def _log_in(client):
    response = client.post("/cuenta/ingresar/", {"username": "planeador", "password": PASSWORD})
    assert response.status_code == 302


def test_a_session_idle_for_two_hours_is_closed_with_a_notice(client, planner):
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get("/").status_code == 200

        clock.shift(dt.timedelta(hours=2))
        response = client.get("/avisos/", follow=True)  # a private page (the home page greets anonymous citizens)
        assert "_auth_user_id" not in client.session

    assert response.redirect_chain[-1][0].startswith("/cuenta/ingresar/")
    assert "Su sesión se cerró tras 2 horas sin actividad. Ingrese de nuevo." in response.content.decode()


def test_an_active_session_still_ends_twelve_hours_after_the_login(client, planner):
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        for _ in range(11):
            clock.shift(dt.timedelta(hours=1))
            assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=59))
        assert client.get("/").status_code == 200

        clock.shift(dt.timedelta(minutes=1))
        response = client.get("/avisos/", follow=True)  # a private page (the home page greets anonymous citizens)
        assert "_auth_user_id" not in client.session

    assert response.redirect_chain[-1][0].startswith("/cuenta/ingresar/")
    assert "Su sesión se cerró porque duró más de 12 horas. Ingrese de nuevo." in response.content.decode()


def test_the_session_cookie_lasts_no_longer_than_the_absolute_lifetime(client, planner):
    _log_in(client)
    assert client.cookies["sessionid"]["max-age"] == 12 * 3600

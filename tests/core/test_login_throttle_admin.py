"""Finding 2.3: the admin's login form shares the lock of the application's login form."""
from tests.conftest import PASSWORD

LOCKED = "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo."


def test_admin_login_is_refused_after_the_account_was_locked_at_the_application_login(client, sysadmin):
    for _ in range(5):
        client.post("/cuenta/ingresar/", {"username": "sysadmin", "password": "mala"})

    response = client.post("/admin/login/?next=/admin/", {"username": "sysadmin", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


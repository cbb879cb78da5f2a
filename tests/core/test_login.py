import pytest

from tests.conftest import PASSWORD


def test_anonymous_is_sent_to_the_spanish_login_page(client, db):
    # From a private page: the home page itself now greets anonymous citizens (home_public.html).
    response = client.get("/proyectos/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/cuenta/ingresar/")
    assert "Ingresar" in response.content.decode()
    assert 'lang="es-CO"' in response.content.decode()


def test_planner_logs_in_and_sees_the_steps_of_the_procedure(client, planner):
    response = client.post("/cuenta/ingresar/", {"username": "planeador", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert "Hola, Paula Planeación" in html
    for step in ("4.1", "4.2", "4.3", "4.5", "4.6", "4.7"):
        assert f'<span class="step-no">{step}</span>' in html


def test_wrong_password_gives_a_spanish_message(client, planner):
    response = client.post("/cuenta/ingresar/", {"username": "planeador", "password": "mala"})
    assert "Usuario o contraseña incorrectos." in response.content.decode()


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, planner, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/cuenta/ingresar/", {"username": "planeador", "password": "mala"})
    response = client.post("/cuenta/ingresar/", {"username": "planeador", "password": PASSWORD})
    assert "Demasiados intentos fallidos. Por seguridad, espere 15 minutos e intente de nuevo." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change_page_is_in_spanish(client, planner):
    client.force_login(planner)
    response = client.get("/cuenta/contrasena/cambiar/")
    assert "Contraseña antigua" in response.content.decode()


@pytest.mark.parametrize("path", ["/cuenta/contrasena/recuperar/"])
def test_password_reset_sends_a_spanish_email(client, planner, mailoutbox, path):
    response = client.post(path, {"email": planner.email})
    assert response.status_code == 302
    assert mailoutbox[0].subject == "Recuperar su contraseña de ISVIMED Planeación"
    assert "/cuenta/contrasena/nueva/" in mailoutbox[0].body


def test_navigation_shows_cross_step_tools_only_to_roles_that_may_use_them(login, planner, lead, reader):
    planner_html = login(planner).get("/").content.decode()
    assert '<a href="/ans/"' in planner_html and '<a href="/libro/"' in planner_html
    reader_html = login(reader).get("/").content.decode()
    assert '<a href="/ans/"' in reader_html and '<a href="/libro/"' not in reader_html
    lead_html = login(lead).get("/").content.decode()
    assert '<a href="/ans/"' not in lead_html and '<a href="/libro/"' not in lead_html


def test_login_page_links_citizens_to_the_public_pages(client, db):
    html = client.get("/cuenta/ingresar/").content.decode()
    assert 'href="/rendicion/publico/"' in html
    assert 'href="/plan-accion/publico/"' in html


def test_a_lead_is_not_offered_steps_their_role_may_not_open(login, lead, planner):
    lead_html = login(lead).get("/").content.decode()
    assert "Rendición de cuentas</a>" not in lead_html.split('aria-label="Pasos del procedimiento P-GE-01"')[1].split("</nav>")[0]
    assert login(lead).get("/rendicion/").status_code == 403
    planner_nav = login(planner).get("/").content.decode().split('aria-label="Pasos del procedimiento P-GE-01"')[1]
    assert '<a href="/rendicion/"' in planner_nav.split("</nav>")[0]

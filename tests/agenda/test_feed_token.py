"""The feed's private link is its only key: a wrong key answers 404; generating a new link on
the page revokes the old one (404) and the new one works; the page needs a login."""
import pytest

from isvimed_planning.agenda import token_of
from isvimed_planning.models import CalendarToken

pytestmark = pytest.mark.django_db


def test_a_wrong_token_gets_404(client, planner):
    token_of(planner)

    response = client.get("/agenda/no-es-la-clave.ics")

    assert response.status_code == 404
    assert "text/calendar" not in response["Content-Type"]
    assert "La página que busca no existe o usted no tiene acceso a ella." in response.content.decode()


def test_the_user_creates_the_private_link_and_the_page_shows_it(login, planner, settings):
    settings.SITE_URL = "https://planeacion.isvimed.gov.co"
    browser = login(planner)
    first = browser.get("/agenda/").content.decode()
    assert "Crear mi enlace privado" in first
    assert not CalendarToken.objects.filter(user=planner).exists()  # opening the page saves nothing

    page = browser.post("/agenda/clave/", follow=True).content.decode()

    token = CalendarToken.objects.get(user=planner).token
    assert len(token) >= 43
    assert "Se creó el enlace privado de su calendario." in page
    assert f'value="https://planeacion.isvimed.gov.co/agenda/{token}.ics"' in page


def test_a_regenerated_link_revokes_the_old_one(login, client, planner):
    browser = login(planner)
    old = token_of(planner)
    assert client.get(f"/agenda/{old}.ics").status_code == 200

    response = browser.post("/agenda/clave/", follow=True)

    new = CalendarToken.objects.get(user=planner).token
    assert new != old
    assert "Se generó un enlace nuevo para su calendario. El anterior ya no funciona" in response.content.decode()
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200


def test_an_inactive_users_link_gets_404(client, lead):
    token = token_of(lead)
    lead.is_active = False
    lead.save()

    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_page_needs_a_login(client):
    response = client.get("/agenda/")

    assert response.status_code == 302 and response["Location"].startswith("/cuenta/ingresar/")

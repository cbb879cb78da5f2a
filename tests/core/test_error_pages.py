"""Error pages: with DEBUG off, every refusal is a Spanish page within the site's layout (a
minimal one for 500), with the refusal's own reason where the code gives one."""
import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _text(response) -> str:
    return response.content.decode()


def test_a_bad_request_is_a_spanish_page(reader):
    response = client_for(reader).get("/", HTTP_HOST="intruso.example.com")
    assert response.status_code == 400
    assert "<h1>Solicitud no válida</h1>" in _text(response)


def test_a_refusal_shows_its_reason_within_the_layout(reader):
    response = client_for(reader).get("/proyectos/nuevo/")
    assert response.status_code == 403
    body = _text(response)
    assert "<h1>Acceso no permitido</h1>" in body
    assert "Su rol no permite crear proyectos." in body
    assert 'aria-label="Pasos del procedimiento P-GE-01"' in body  # the signed-in layout


def test_an_unknown_address_is_a_spanish_page(reader):
    response = client_for(reader).get("/no-existe/")
    assert response.status_code == 404
    assert "<h1>Página no encontrada</h1>" in _text(response)
    assert "Not Found" not in _text(response)


def test_reentering_the_address_of_a_form_action_explains_itself(planner):
    response = client_for(planner).get("/avisos/leidos/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = _text(response)
    assert "<h1>Esta dirección no se abre directamente</h1>" in body
    assert "Vuelva a la página anterior y use el botón." in body


def test_a_server_error_is_a_minimal_spanish_page(planner, settings):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    response = client.get("/falla/")
    assert response.status_code == 500
    body = _text(response)
    assert "<h1>Ocurrió un error en el servidor</h1>" in body
    assert "No se guardó nada de la última acción." in body
    assert "fallo simulado" not in body

"""An anonymous visitor lands on the citizens' entry (not the login form) and finds the
transparency page, whose items follow the order of Resolución MinTIC 1519 de 2020, anexo 2."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db


def test_anonymous_home_links_the_public_pages(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for href in ('href="/ciudadania/comunas/"', 'href="/ciudadania/proyectos/"', 'href="/transparencia/"'):
        assert href in html
    assert 'href="/cuenta/ingresar/"' in html


def test_the_footer_links_the_public_pages(client):
    html = client.get("/transparencia/").content.decode()
    footer = html[html.index('<footer'):]
    for label in ("Proyectos de inversión", "Mi comuna", "Transparencia"):
        assert label in footer


def test_the_transparency_items_in_the_resolution_order(client):
    html = client.get("/transparencia/").content.decode()
    items = ["Planeación:", "Presupuesto y su ejecución", "Proyectos de inversión</h2>", "Plan de acción</h2>",
             "Rendición de cuentas</h2>", "Informe de solicitudes"]
    positions = [html.index(item) for item in items]
    assert positions == sorted(positions)
    for dataset in ("plan-programas", "indicadores", "ejecucion-fuentes", "proyectos", "planes-accion",
                    "informes-rendicion", "peticiones"):
        assert f'href="/datos/diccionario/{dataset}/"' in html
    assert 'href="/datos/"' in html


def test_the_petitions_reports_of_the_last_complete_quarter(client):
    with time_machine.travel(dt.datetime(2026, 10, 1, 5, 30, tzinfo=dt.timezone.utc), tick=False):  # 00:30 in Bogotá
        html = client.get("/transparencia/").content.decode()
    assert "Trimestre anterior (Trimestre 3 de 2026)" in html
    assert 'href="/rendicion/publico/peticiones/2026-T3/trimestral.csv"' in html
    assert 'href="/rendicion/publico/peticiones/2026-T3/acceso.csv"' in html
    assert client.get("/rendicion/publico/peticiones/2026-T3/acceso.csv").status_code == 200
    assert 'href="/plan-accion/publico/"' in html and 'href="/rendicion/publico/"' in html


def test_private_pages_stay_private(client):
    for url in ("/proyectos/", "/seguimiento/", "/presupuesto/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/cuenta/ingresar/")

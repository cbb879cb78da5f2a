"""Conditional GET (ETag → 304) with a public Cache-Control, and the anonymous rate limit
answering 429 in Spanish with Retry-After, on the API and on the downloads."""
from __future__ import annotations

from django.test import Client


def test_an_unchanged_list_answers_304_to_its_etag(world, open_rate):
    client = Client()
    for url in ("/datos/api/v1/proyectos/", "/datos/proyectos.csv", "/datos/catalogo.json"):
        first = client.get(url)
        assert first.status_code == 200
        assert first["Cache-Control"] == "public, max-age=300"
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert client.get(url, HTTP_IF_NONE_MATCH='"otra"').status_code == 200


def test_past_the_rate_an_anonymous_client_gets_429_in_spanish(world, settings):
    settings.OPENDATA_ANON_RATE = "3/min"
    client = Client()
    for _ in range(3):
        assert client.get("/datos/api/v1/plan/programas/").status_code == 200
    refused = client.get("/datos/api/v1/plan/programas/")
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Demasiadas solicitudes desde su dirección. Vuelva a intentarlo en 60 segundos."}
    assert refused["Retry-After"] == "60"
    csv = client.get("/datos/proyectos.csv")
    assert csv.status_code == 429
    assert csv.json()["detail"].startswith("Demasiadas solicitudes desde su dirección.")
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/datos/api/v1/plan/programas/").status_code == 200

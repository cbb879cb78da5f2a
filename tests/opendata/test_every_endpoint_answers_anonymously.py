"""A citizen without login reads every list of the API, each row named by its codes."""
from __future__ import annotations

from django.test import Client

from .conftest import PUBLIC_BPIN, api_urls


def test_every_api_url_answers_json_to_an_anonymous_client(world, open_rate):
    client = Client()
    for url in api_urls():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        assert response["Content-Type"] == "application/json"


def test_the_public_project_is_listed_by_its_bpin_and_the_project_in_formulation_is_not(world, open_rate):
    data = Client().get("/datos/api/v1/proyectos/").json()
    assert [p["bpin"] for p in data["results"]] == [PUBLIC_BPIN]
    assert data["results"][0]["estado"] == "En ejecución"
    territory = world.public_project.territories.get().territory
    assert data["results"][0]["territorios"] == [{"codigo": 7, "nombre": territory.name, "participacion": "100.00"}]
    assert Client().get(f"/datos/api/v1/proyectos/{PUBLIC_BPIN}/").json()["nombre"] == "Vivienda en ejecución Robledo"
    missing = Client().get(f"/datos/api/v1/proyectos/{world.project.pk}/")
    assert (missing.status_code, missing.json()) == (404, {"detail": "No existe o no es público."})
    assert Client().post("/datos/api/v1/proyectos/").json() == {"detail": "Solo se admite GET: la API es de lectura."}
    assert Client().get("/datos/api/v1/proyectos/?q=Robledo&territorio=7&estado=in_execution").json()["count"] == 1
    assert Client().get("/datos/api/v1/proyectos/?territorio=8").json()["count"] == 0


def test_only_approved_or_published_accountability_reports_are_listed(world, open_rate):
    ids = [r["id"] for r in Client().get("/datos/api/v1/rendicion/informes/").json()["results"]]
    assert world.approved_report.pk in ids
    assert world.draft_report.pk not in ids


def test_petition_statistics_carry_counts_and_no_personal_data(world, open_rate):
    response = Client().get("/datos/api/v1/peticiones/estadisticas/")
    rows = response.json()["results"]
    assert rows and set(rows[0]) == {"anio", "mes", "estado", "estado_nombre", "cantidad"}
    assert world.request.requester_name not in response.content.decode()
    assert sum(r["cantidad"] for r in rows) == 2


def test_a_bad_cutoff_is_refused_with_a_spanish_message(world, open_rate):
    response = Client().get("/datos/api/v1/indicadores/?vigencia=2026&corte=2025-06-30")
    assert response.status_code == 400
    assert response.json() == {"corte": ["La fecha de corte debe caer en la vigencia."]}
    assert Client().get("/datos/api/v1/indicadores/?vigencia=1999").json() == {
        "vigencia": ["La vigencia debe ser 2000 o posterior."]}

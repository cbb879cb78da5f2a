"""The DCAT catalogue lists every dataset with its licence, publisher, dictionary and
distributions, and every distribution URL answers."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.test import Client

from opendata.datasets import DATASETS


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_catalogue_lists_every_dataset_and_each_distribution_works(world, open_rate):
    client = Client()
    response = client.get("/datos/catalogo.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:license"] == "https://creativecommons.org/licenses/by/4.0/deed.es"
    assert catalogue["dct:publisher"]["foaf:name"] == "Instituto Social de Vivienda y Hábitat de Medellín (ISVIMED)"
    listed = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(listed) == {f"isvimed-{d.slug}" for d in DATASETS}
    for dataset in listed.values():
        assert dataset["dct:title"] and dataset["dct:description"] and dataset["dct:modified"]
        assert client.get(_local(dataset["dct:conformsTo"])).json()["columnas"]
        media = sorted(d["dcat:mediaType"] for d in dataset["dcat:distribution"])
        assert media == ["application/json", "text/csv", "text/csv"]
        for distribution in dataset["dcat:distribution"]:
            answer = client.get(_local(distribution["dcat:downloadURL"]))
            assert answer.status_code == 200, distribution["dcat:downloadURL"]
            assert answer["Content-Type"].startswith(distribution["dcat:mediaType"])
            assert client.get(_local(distribution["foaf:page"])).status_code == 200


def test_the_page_lists_every_dataset_with_its_dictionary_and_states_the_excel_dialect(world, open_rate):
    page = Client().get("/datos/").content.decode()
    for dataset in DATASETS:
        assert f"/datos/{dataset.slug}.csv?formato=excel" in page
        assert f"/datos/diccionario/{dataset.slug}/" in page
    assert "UTF-8 con BOM, separado por «;», coma decimal" in page
    assert "CC BY 4.0" in page

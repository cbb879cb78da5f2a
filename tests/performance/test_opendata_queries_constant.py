"""Every open-data endpoint (API lists, a project, the CSV downloads, the catalogue) runs the same
number of queries at two data sizes (seed_scale), for an anonymous client."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.datasets import DATASETS
from opendata.selectors import public_projects

from .builders import LARGER, SMALL, YEAR, at_size

pytestmark = pytest.mark.django_db

FIGURES = f"?vigencia={YEAR}&corte={YEAR}-06-30"


def _urls() -> dict[str, str]:
    urls = {}
    for d in DATASETS:
        urls[d.slug] = reverse(f"opendata:{d.api_name}") + FIGURES + "&tamano=500"
        urls[f"{d.slug}.csv"] = reverse("opendata:dataset_csv", args=[d.slug]) + FIGURES
    bpin = public_projects().values_list("bank_code", flat=True).first()
    assert bpin, "seed_scale made no public project"
    urls["proyecto"] = reverse("opendata:api_project", args=[bpin])
    urls["catalogo"] = reverse("opendata:catalogue")
    return urls


def _queries():
    client = Client()
    counts, rows = {}, {}
    for label, url in _urls().items():
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        counts[label] = len(ctx.captured_queries)
        if not label.endswith(".csv") and "count" in response.json():
            rows[label] = response.json()["count"]
    return counts, rows


def test_open_data_queries_do_not_grow_with_the_data(settings):
    settings.OPENDATA_ANON_RATE = "100000/min"
    small, small_rows = at_size(SMALL, _queries)
    larger, larger_rows = at_size(LARGER, _queries)
    assert larger_rows["proyectos"] > small_rows["proyectos"]
    assert larger_rows["indicadores"] > small_rows["indicadores"]
    grew = {label: (small[label], larger[label]) for label in small if larger[label] != small[label]}
    assert grew == {}

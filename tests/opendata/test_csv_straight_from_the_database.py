"""The full CSV of a dataset is read straight from the database when its columns are plain model
paths (2,000 projects through the serializer took 0.41 s at 10×): the table must be exactly the
one the API's serializer gives, so a reader cannot tell which path wrote it."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request

from isvimed_planning.models import Territory
from opendata.datasets import DATASETS, csv_table, database_table
from projects.models import Project, ProjectTerritory
from tests import factories

pytestmark = pytest.mark.django_db


def _rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _split_project(world) -> Project:
    """A public project in three territories (out of code order) and a closed one: the nested
    column's order and the choices' labels are where the two paths could differ."""
    split = factories.project(lead=world.users["lead2"], state="closed", name="Mejoramiento por comunas")
    for code, share in ((16, "12.50"), (3, "50"), (60, "37.5")):
        ProjectTerritory.objects.create(project=split, territory=Territory.objects.get(code=code), share=Decimal(share))
    return split


def _serializer_table(dataset, rows):
    view = dataset.view()
    return csv_table(dataset, view.get_serializer_class()(rows, many=True).data)


def test_every_dataset_read_from_the_database_is_the_serializers_table(world):
    _split_project(world)
    fast_datasets = []
    for dataset in DATASETS:
        view = dataset.view()
        view.request = Request(RequestFactory().get("/"))
        queryset = view.get_queryset()
        if not hasattr(queryset, "values_list"):
            continue  # computed figures: only the serializer path exists
        fast = database_table(dataset, queryset)
        if fast is None:
            continue
        fast_datasets.append(dataset.slug)
        assert (fast[0], list(fast[1])) == _serializer_table(dataset, queryset), dataset.slug
    # The projects are the reason for the fast path: they must take it.
    assert "proyectos" in fast_datasets


def test_the_projects_csv_lists_each_territory_with_its_share_in_code_order(world, open_rate):
    split = _split_project(world)
    rows = _rows_of(Client().get("/datos/proyectos.csv"))
    header, by_bpin = rows[0], {row[0]: row for row in rows[1:]}
    row = by_bpin[split.bank_code]
    assert row[header.index("territorios")] == "3:50.00 | 16:12.50 | 60:37.50"
    assert row[header.index("estado")] == "Cerrado"
    assert row[header.index("fecha_inicio")] == "2024-01-15"
    excel = Client().get("/datos/proyectos.csv?formato=excel").content.decode("utf-8-sig")
    assert "3:50,00 | 16:12,50 | 60:37,50" not in excel  # the nested list is text: its points stay
    assert "3:50.00 | 16:12.50 | 60:37.50" in excel


def test_the_projects_csv_runs_the_same_queries_for_one_project_or_many(world, open_rate):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = Client().get("/datos/proyectos.csv")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(6):
        _split_project(world)
    assert len(_rows_of(Client().get("/datos/proyectos.csv"))) > 7
    assert queries() == before

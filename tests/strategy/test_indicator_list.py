"""Indicator list: filters (program, type, unit, responsible), search, constant queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


@pytest.fixture
def indicators(db):
    p1, p2 = factories.program("4.2.1"), factories.program("4.2.2")
    other_unit = factories.org_unit("SMB", "Subdirección de Mejoramiento de Barrios")
    a = factories.indicator("4.2.1.1", the_program=p1, name="Viviendas nuevas", unit="Viviendas")
    b = factories.indicator("4.2.1.2", the_program=p1, name="Hogares con subsidio", unit="Hogares", kind="result")
    c = factories.indicator("4.2.2.1", the_program=p2, name="Mejoramientos de vivienda", unit="Viviendas")
    c.org_unit = other_unit
    c.save()
    return {"p1": p1, "p2": p2, "a": a, "b": b, "c": c, "unit": other_unit}


def _codes(client, **params):
    response = client.get(reverse("strategy:indicators"), params)
    assert response.status_code == 200
    return [i.code for i in response.context["indicators"]]


def test_filters_and_search(indicators, reader, login):
    client = login(reader)
    assert _codes(client) == ["4.2.1.1", "4.2.1.2", "4.2.2.1"]
    assert _codes(client, program=indicators["p2"].pk) == ["4.2.2.1"]
    assert _codes(client, kind="result") == ["4.2.1.2"]
    assert _codes(client, unit="Viviendas") == ["4.2.1.1", "4.2.2.1"]
    assert _codes(client, org_unit=indicators["unit"].pk) == ["4.2.2.1"]
    assert _codes(client, q="subsidio") == ["4.2.1.2"]
    assert _codes(client, q="4.2.2") == ["4.2.2.1"]
    assert _codes(client, q="vivienda", kind="product") == ["4.2.1.1", "4.2.2.1"]


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("strategy:indicators")).status_code == 200
    return len(ctx.captured_queries)


def test_list_uses_a_constant_number_of_queries(indicators, reader, login):
    client = login(reader)
    small = _queries(client)
    for i in range(3, 13):
        program = factories.program(f"4.{i}.1")
        factories.indicator(the_program=program, targets={2024: "5", 2026: "9"})
    assert _queries(client) == small

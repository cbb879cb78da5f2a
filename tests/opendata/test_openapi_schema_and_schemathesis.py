"""The OpenAPI 3 document validates, and every operation it lists answers according to it: a
bounded, deterministic schemathesis run against a live local server (few examples per
operation, derandomized, no deadline)."""
from __future__ import annotations

import json

import pytest
import requests
import schemathesis
from django.test import Client
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import public_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_the_schema_is_a_valid_openapi_3_document(db):
    response = Client().get("/datos/api/esquema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # drf-spectacular's jsonschema check against the OpenAPI 3.0 schema
    assert len(schema["paths"]) == 12


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_according_to_the_schema(live_server, settings):
    settings.OPENDATA_ANON_RATE = "100000/min"
    public_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/datos/api/esquema/")
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    for operation in operations:
        @given(case=operation.as_strategy())
        @hsettings(max_examples=6, derandomize=True, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(base_url=live_server.url, session=session, checks=CHECKS)

        run()

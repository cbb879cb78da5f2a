"""The open-data tests read the permission matrix's data set: drafts and approved objects, and one
public project (in execution, with a BPIN)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.permissions.builders import build_world

PUBLIC_BPIN = "2024050010999"  # builders.build_world's public project
API_NAMES = [
    "api_lines", "api_programs", "api_cutoffs", "api_indicators", "api_projects", "api_program_execution",
    "api_territory_execution", "api_source_execution", "api_action_plans", "api_reports", "api_petitions",
]


def public_world():
    return build_world()


@pytest.fixture
def world(db):
    return public_world()


@pytest.fixture
def open_rate(settings):
    """A rate the tests that are not about the limit never reach."""
    settings.OPENDATA_ANON_RATE = "100000/min"


def api_urls() -> list[str]:
    return [reverse(f"opendata:{name}") for name in API_NAMES] + [reverse("opendata:api_project", args=[PUBLIC_BPIN])]

"""One public world for the open-data tests: the permission matrix's data set, plus a project in
execution with a BPIN (a public one) and an information request in each state."""
from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Project, ProjectState
from tests.permissions.builders import build_world

PUBLIC_BPIN = "2026050010001"
API_NAMES = [
    "api_lines", "api_programs", "api_cutoffs", "api_indicators", "api_projects", "api_program_execution",
    "api_territory_execution", "api_source_execution", "api_action_plans", "api_reports", "api_petitions",
]


def public_world():
    w = build_world()
    Project.objects.filter(pk=w.project_b.pk).update(state=ProjectState.IN_EXECUTION, bank_code=PUBLIC_BPIN)
    w.project_b.refresh_from_db()
    return w


@pytest.fixture
def world(db):
    return public_world()


@pytest.fixture
def open_rate(settings):
    """A rate the tests that are not about the limit never reach."""
    settings.OPENDATA_ANON_RATE = "100000/min"


def api_urls() -> list[str]:
    return [reverse(f"opendata:{name}") for name in API_NAMES] + [reverse("opendata:api_project", args=[PUBLIC_BPIN])]

"""A project's page reads the progress of that project's products, not the institute's: at 10×
one project page once aggregated 66,000 progress rows (245 ms of its 296)."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import figures
from tests.performance.builders import SMALL, _Null

pytestmark = pytest.mark.django_db


def _progress_queries(**kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        figures.project_figures(year=2026, cutoff=dt.date(2026, 6, 30), **kwargs)
    return [q["sql"] for q in queries.captured_queries if 'FROM "monitoring_productprogress"' in q["sql"]]


def test_one_projects_figures_read_only_its_products_progress():
    from django.core.management import call_command

    from projects.models import Project

    call_command("seed_scale", stdout=_Null(), **SMALL)
    project = Project.objects.order_by("pk").first()

    (one,) = _progress_queries(project_ids=[project.pk])
    (every,) = _progress_queries()
    assert '"monitoring_productprogress"."product_id" IN (SELECT' in one
    assert '"monitoring_productprogress"."product_id" IN' not in every  # all of them: no nested IN

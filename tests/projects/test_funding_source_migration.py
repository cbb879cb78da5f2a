"""projects 0008: the formulation's free-text funding sources become FundingSources by the budget's
rule (same name ignoring case and spaces = one source, numbered after the existing ones), rows of
one project and year naming the same source are merged, and historical rows point at the source."""
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import FundingSource, ProjectFunding
from tests import factories
from tests.migrations import at_migration, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("projects", "0007_funding_source")]


@pytest.fixture
def old_projects():
    with at_migration(BEFORE) as apps:
        yield apps


def _fund(apps, project, source, year, amount):
    funding = apps.get_model("projects", "ProjectFunding").objects.create(
        project_id=project.pk, source=source, year=year, amount=Decimal(amount)
    )
    apps.get_model("projects", "HistoricalProjectFunding").objects.create(
        id=funding.pk, project_id=project.pk, source=source, year=year, amount=Decimal(amount),
        history_date=timezone.now(), history_type="+",
    )
    return funding


def test_free_text_funding_becomes_funding_sources_merged_by_name(old_projects, lead):
    FundingSource.objects.create(code="01", name="Recursos propios")
    project = factories.project(lead=lead)
    kept = _fund(old_projects, project, "recursos PROPIOS", 2025, "1000000")
    _fund(old_projects, project, "Sistema General de Participaciones", 2025, "500000")
    merged = _fund(old_projects, project, " sistema general  de participaciones", 2025, "250000")
    _fund(old_projects, project, "Presupuesto participativo", 2026, "300000")

    migrate()

    assert list(FundingSource.objects.order_by("code").values_list("code", "name")) == [
        ("01", "Recursos propios"), ("02", "Presupuesto participativo"), ("03", "Sistema General de Participaciones"),
    ]
    assert list(ProjectFunding.objects.order_by("year", "source__code").values_list("year", "source__code", "amount")) == [
        (2025, "01", Decimal("1000000.00")), (2025, "03", Decimal("750000.00")), (2026, "02", Decimal("300000.00")),
    ]
    history = {h.id: h.source.code for h in ProjectFunding.history.model.objects.select_related("source")}
    assert history[kept.pk] == "01" and history[merged.pk] == "03"

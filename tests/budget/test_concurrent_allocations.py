"""Two finance users save allocations at the same moment: the ceiling still holds (PostgreSQL)."""
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from budget import services
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning.workflow import DomainError
from tests import factories
from tests.budget.builders import fiscal_year, funded_project

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no concurrent writers; runs on PostgreSQL"),
]


def test_two_concurrent_allocations_cannot_together_pass_the_ceiling(finance, lead):
    fy = fiscal_year(2026, "10000000000")
    p1, _ = funded_project(lead)
    p2, _ = funded_project(lead)
    source = factories.funding_source("Recursos propios")
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def save(name, project):
        try:
            barrier.wait(timeout=10)
            services.allocation_set(
                by=finance, fiscal_year=fy, project=project, source=source, amount=Decimal("6000000000")
            )
            results[name] = "saved"
        except DomainError as error:
            results[name] = error.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n, p)) for n, p in (("a", p1), ("b", p2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == [
        "La asignación supera el tope global de la vigencia 2026 en $ 2.000.000.000.",
        "saved",
    ]
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("6000000000")
    assert sum(a.amount for a in ProjectAllocation.objects.all()) == fy.allocated_total


def test_concurrent_raises_without_the_row_lock_are_still_stopped_by_the_database(finance, lead):
    """Even a writer that skips the lock cannot push the total over: the CheckConstraint refuses."""
    fy = fiscal_year(2026, "10000000000")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def bump():
        from django.db import IntegrityError, transaction
        from django.db.models import F

        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                FiscalYear.objects.filter(pk=fy.pk).update(allocated_total=F("allocated_total") + Decimal("6000000000"))
            outcomes.append("saved")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    fy.refresh_from_db()
    assert fy.allocated_total == Decimal("6000000000")

"""Property: whatever sequence of approve / reopen / edit / import / delete happens to the monthly
reports, the monthly totals (monitoring.totals) equal their recomputation from the rows after
every step. The world is imported once from a small workbook; each example runs in a savepoint
rolled back afterwards. Derandomized (the same examples on every run: CI is deterministic);
`make fuzz` runs more of them."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings, strategies as st

from isvimed_planning.workbook.importer import import_workbook
from monitoring import services, totals
from monitoring.models import ProgressReport, ReportState, TerritorialDistribution
from tests.fuzzing import examples, fuzz
from tests.monitoring.builders import add_evidence
from tests.workbook.builders import BPIN, BPIN_PP, base_data, make_leads, write

pytestmark = [pytest.mark.django_db, fuzz]

# (bpin, month) of the world's reports, all of 2024.
MONTHS = [(BPIN, 1), (BPIN, 2), (BPIN, 3), (BPIN_PP, 1), (BPIN_PP, 2)]


def world_data(quantities: dict[tuple[str, int, str], Decimal] | None = None) -> dict:
    """base_data with a second product indicator (4.3.1.3), a second product of BPIN on it, a
    third month for BPIN and two months for BPIN_PP; `quantities` overrides avance_fisico."""
    data = base_data()
    data["indicadores"].append(
        ["4.3.1.3", "Hogares acompañados", "producto", "4.3.1", "Número", "incremento", "no_acumulativo",
         0, 2023, 50, 0, "SUB"]
    )
    data["productos"].append([BPIN, "P2", "Hogares acompañados", "4.3.1.3", "Número"])
    data["metas_producto"].append([BPIN, "P2", 2024, 20])
    # Each month's amounts in order by themselves (paid ≤ obligated ≤ committed), so that any
    # month may be deleted and the others still sent; with their achievements, so they can be.
    done = "Se entregaron viviendas."
    data["ejecucion_financiera"] = [
        [BPIN, 2024, 1, 100000000, 50000000, 20000000, done], [BPIN, 2024, 2, 50000000, 40000000, 30000000, done],
        [BPIN, 2024, 3, 10000000, 10000000, 10000000, done], [BPIN_PP, 2024, 1, 20000000, 10000000, 5000000, done],
        [BPIN_PP, 2024, 2, 30000000, 20000000, 10000000, done],
    ]
    data["distribucion_territorial"] += [
        [BPIN, 2024, 3, 13, 10000000, 4], [BPIN_PP, 2024, 1, 6, 20000000, 9], [BPIN_PP, 2024, 2, 6, 30000000, 9],
    ]
    rows = {
        (BPIN, 1, "P1"): Decimal(5), (BPIN, 2, "P1"): Decimal("7.5"), (BPIN, 3, "P1"): Decimal(2),
        (BPIN, 1, "P2"): Decimal(3), (BPIN, 3, "P2"): Decimal(4),
        (BPIN_PP, 1, "P1"): Decimal(1), (BPIN_PP, 2, "P1"): Decimal(0),
    }
    rows.update(quantities or {})
    data["avance_fisico"] = [[bpin, 2024, month, code, float(qty)] for (bpin, month, code), qty in rows.items()]
    return data


def run_import(data: dict) -> None:
    result = import_workbook(write(data), filename="libro.xlsx")
    assert not result.errors, result.errors


def the_report(key) -> ProgressReport | None:
    bpin, month = key
    return ProgressReport.objects.filter(project__bank_code=bpin, year=2024, month=month).first()


def approve(rep: ProgressReport, planner) -> None:
    lead = rep.project.lead
    if rep.state in (ReportState.PENDING, ReportState.RETURNED):
        if not rep.evidence.exists():
            add_evidence(rep, by=lead)
        services.report_submit(report=rep, by=lead)
    services.report_approve(report=rep, by=planner)


def edit(rep: ProgressReport, quantity: Decimal, planner) -> None:
    """A returned report corrected by its lead (every product's quantity), sent and approved."""
    territories = {
        d.territory_id: (d.committed, d.beneficiaries) for d in TerritorialDistribution.objects.filter(report=rep)
    }
    services.report_update(
        report=rep, by=rep.project.lead, version=rep.version, committed=rep.committed, obligated=rep.obligated,
        paid=rep.paid, achievements=rep.achievements or "Se entregaron viviendas.",
        quantities={p.pk: quantity for p in rep.project.products.all()}, territories=territories,
    )
    rep.refresh_from_db()
    approve(rep, planner)


quantity = st.decimals(min_value=0, max_value=50, places=1)
step = st.one_of(
    st.tuples(st.just("approve"), st.sampled_from(MONTHS)),
    st.tuples(st.just("reopen"), st.sampled_from(MONTHS)),
    st.tuples(st.just("edit"), st.sampled_from(MONTHS), quantity),
    st.tuples(st.just("import"), st.sampled_from(MONTHS), st.sampled_from(["P1", "P2"]), quantity),
    st.tuples(st.just("delete"), st.sampled_from(MONTHS)),
)


class Rollback(Exception):
    pass


@pytest.fixture
def world(db, planner):
    make_leads()
    run_import(world_data())
    assert ProgressReport.objects.filter(state=ReportState.APPROVED).count() == len(MONTHS)
    # Two reports returned to their leads, so that the first steps have something to approve or edit.
    for key in ((BPIN, 2), (BPIN_PP, 1)):
        services.report_reopen(report=the_report(key), by=planner, comment="Revisar las cantidades.")
    assert totals.compare() == []
    return planner


@settings(
    max_examples=examples(40), deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=10))
def test_totals_equal_their_recomputation_after_every_step(world, steps):
    planner = world
    imported: dict[tuple[str, int, str], Decimal] = {}
    try:
        with transaction.atomic():
            for action, key, *args in steps:
                rep = the_report(key)
                if action == "approve" and rep is not None and rep.state != ReportState.APPROVED:
                    approve(rep, planner)
                elif action == "reopen" and rep is not None and rep.state == ReportState.APPROVED:
                    services.report_reopen(report=rep, by=planner, comment="Corregir las cantidades.")
                elif action == "edit" and rep is not None:
                    if rep.state == ReportState.APPROVED:
                        services.report_reopen(report=rep, by=planner, comment="Corregir las cantidades.")
                        rep.refresh_from_db()
                    edit(rep, args[0], planner)
                elif action == "import":
                    # The workbook's quantities, approved (a deleted report comes back).
                    product, value = args
                    if product == "P2" and key[0] != BPIN:
                        product = "P1"
                    imported[(key[0], key[1], product)] = value
                    run_import(world_data(imported))
                elif action == "delete" and rep is not None:
                    rep.delete()  # as the admin does
                else:
                    continue  # not possible in the report's state: nothing happened
                event(f"ran {action}")  # --hypothesis-show-statistics: how often each ran
                assert totals.compare() == [], (action, key, args)
            raise Rollback
    except Rollback:
        pass

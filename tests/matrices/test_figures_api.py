"""monitoring.figures as the dashboard and accountability use it: one lead's projects, totals."""
import datetime as dt
from decimal import Decimal

from monitoring.figures import budget_totals, project_figures
from tests import factories
from tests.matrices.builders import CUTOFF, YEAR


def test_figures_of_some_projects_and_their_totals(data):
    mine = project_figures(year=YEAR, cutoff=CUTOFF, project_ids=[data.a.pk, data.b.pk])
    assert [p.name for p in mine] == ["Proyecto A", "Proyecto B"]
    totals = budget_totals(mine)
    assert (totals.projects, totals.definitive, totals.committed, totals.paid) == (
        2, Decimal("2350000000"), Decimal("850000000"), Decimal("325000000"),
    )
    assert totals.execution_ratio == Decimal(850) / Decimal(2350)
    assert totals.rating == "Crítico"
    empty = budget_totals([])
    assert (empty.definitive, empty.execution_ratio, empty.rating) == (0, None, "Sin dato")


def test_program_totals_are_the_sums_of_their_projects(data):
    """Presupuesto por Resultados, the dashboard and accountability read one program money: the
    sums of the projects' money that the Plan de Acción shows, with modifications and reports."""
    from monitoring.figures import program_figures

    projects = project_figures(year=YEAR, cutoff=CUTOFF, with_products=False)
    programs = program_figures(year=YEAR, cutoff=CUTOFF)
    assert [p.definitive for p in programs] == [Decimal("2050000000"), Decimal("700000000"), 0]
    for program in programs:
        mine = [p for p in projects if p.program_id == program.program_id]
        assert program.projects == len(mine)
        for money in ("definitive", "committed", "paid"):
            assert getattr(program, money) == sum((getattr(p, money) for p in mine), Decimal(0))


def test_program_money_summed_by_the_database_equals_the_sum_of_the_projects(data, lead):
    """The matrix sums money per program in the database; the dashboard sums its projects' figures.
    Both agree, also with a project funded by two sources, a modification dated after the cutoff
    and one of a project without money in the year (counted nowhere)."""
    from budget.models import FiscalYear, ProjectAllocation
    from monitoring.figures import program_money
    from tests.matrices.builders import modification, report

    fy = FiscalYear.objects.get(year=YEAR)
    ProjectAllocation.objects.create(
        fiscal_year=fy, project=data.a, source=factories.funding_source("Crédito BID"), amount=Decimal("125000000")
    )
    modification(data.a, fy, CUTOFF + dt.timedelta(days=1), "addition", "999")  # after the cutoff
    unfunded = factories.project(lead=lead, the_program=data.a.program, state="in_execution", name="Sin techo")
    modification(unfunded, fy, CUTOFF - dt.timedelta(days=3), "addition", "5000000")
    report(unfunded, YEAR, 2, c=1000, p=500)
    report(data.b, YEAR, 6, state="submitted", c=7777)  # not approved: not counted

    by_database = program_money(year=YEAR, cutoff=CUTOFF)
    projects = project_figures(year=YEAR, cutoff=CUTOFF, with_products=False)
    by_projects = program_money(year=YEAR, cutoff=CUTOFF, all_projects=projects)
    assert set(by_database) == set(by_projects)
    for program_id, money in by_projects.items():
        assert (by_database[program_id].projects, by_database[program_id].definitive, by_database[program_id].committed,
                by_database[program_id].paid) == (money.projects, money.definitive, money.committed, money.paid)
    assert by_database[data.a.program_id].definitive == sum(
        (p.definitive for p in projects if p.program_id == data.a.program_id), Decimal(0)
    )

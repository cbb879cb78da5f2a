"""monitoring.figures as the dashboard and accountability use it: one lead's projects, totals."""
from decimal import Decimal

from monitoring.figures import budget_totals, project_figures
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

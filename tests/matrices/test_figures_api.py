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


def test_program_totals_summed_by_the_database_match_the_projects_sums(data):
    """Presupuesto por Resultados adds money up per program in SQL; the dashboard sums the
    projects it already has. Both give the same programs, with modifications and reports."""
    from monitoring.figures import program_figures

    projects = project_figures(year=YEAR, cutoff=CUTOFF, with_products=False)
    by_sql = program_figures(year=YEAR, cutoff=CUTOFF)
    from_projects = program_figures(year=YEAR, cutoff=CUTOFF, projects=projects)
    assert [p.definitive for p in by_sql] == [Decimal("2050000000"), Decimal("700000000"), 0]
    assert by_sql == from_projects

"""The open-data files of execution by program, territory and source give the follow-up
dashboard's figures, read from what each needs (the programs' money summed by the database, the
territories in one grouped query, the year's source rows) rather than from the institute's whole
figures, which a closed cutoff would compute for every project. The data set is the matrices'
(tests/matrices), with reports from January to June 2025 in several territories and two sources."""
import datetime as dt

import pytest

from monitoring import institute
from opendata import selectors
from tests.matrices.builders import dataset

PROGRAM_FIELDS = ("line_code", "line_name", "code", "name", "projects", "definitive", "committed", "paid",
                  "execution_ratio", "physical_fulfilment", "efficiency")


@pytest.fixture
def data(db, lead, lead2):
    return dataset(lead=lead, lead2=lead2)


@pytest.mark.parametrize("cutoff", [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 12, 31)])
def test_each_file_gives_the_dashboards_figures(data, cutoff):
    when = selectors.YearCutoff(2025, cutoff)
    dashboard = institute.dashboard_figures(year=2025, cutoff=cutoff)
    as_rows = lambda programs: [tuple(getattr(p, f) for f in PROGRAM_FIELDS) for p in programs]  # noqa: E731
    assert as_rows(selectors.program_execution(when)) == as_rows(dashboard.programs)
    assert selectors.territory_execution(when) == dashboard.territories
    assert selectors.source_execution(when) == dashboard.sources
    assert any(t.committed for t in dashboard.territories) and any(s.committed for s in dashboard.sources)
    assert any(p.committed for p in dashboard.programs)


def test_the_files_do_not_compute_the_institutes_figures(data, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Las cifras del instituto se calcularon para datos abiertos.")

    monkeypatch.setattr(institute, "institute_figures", refuse)
    when = selectors.YearCutoff(2025, dt.date(2025, 6, 30))
    assert selectors.program_execution(when) and selectors.territory_execution(when) and selectors.source_execution(when)

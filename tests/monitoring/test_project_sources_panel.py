"""The project page shows the project's execution by funding source for the current year
(monitoring's panel), to whoever may see the project's reports."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.monitoring.builders import allocate, report, reporting_project, split


@pytest.fixture
def project(lead, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0))
    project = reporting_project(lead=lead, name="Proyecto de dos fuentes")
    allocate(project, "30000000", source="Recursos propios")
    allocate(project, "10000000", source="Sistema General de Participaciones")
    rep = report(project, month=1, state="approved", committed="8000000", obligated="4000000", paid="2000000",
                 territories={10: "8000000"})
    split(rep, {"Recursos propios": ("6000000", "3000000", "1500000"),
                "Sistema General de Participaciones": ("2000000", "1000000", "500000")})
    report(project, month=2, state="submitted", committed="1000000")  # not approved: not counted
    return project


def _panel(page: str) -> str:
    return page.split('data-testid="project-execution-sources"')[1].split("</section>")[0]


def test_the_project_page_shows_execution_by_source(login, lead, planner, project):
    for user in (lead, planner):
        panel = _panel(login(user).get(f"/proyectos/{project.pk}/").content.decode())
        assert "Ejecución por fuente de financiación 2025" in panel
        own = panel.split("Recursos propios")[1].split("</tr>")[0]
        assert "$ 30.000.000" in own and "$ 6.000.000" in own and "$ 3.000.000" in own and "$ 1.500.000" in own
        assert "20,0 %" in own
        sgp = panel.split("Sistema General de Participaciones")[1].split("</tr>")[0]
        assert "$ 10.000.000" in sgp and "$ 2.000.000" in sgp
        total = panel.split("<th>Total</th>")[1].split("</tr>")[0]
        assert "$ 40.000.000" in total and "$ 8.000.000" in total


def test_the_panel_has_nothing_for_whoever_may_not_see_the_reports(rf, lead, lead2, project):
    from monitoring.panels import project_sources_panel

    request = rf.get("/")
    request.user = lead
    assert project_sources_panel(request, project) is not None
    request.user = lead2  # another project's lead
    assert project_sources_panel(request, project) is None

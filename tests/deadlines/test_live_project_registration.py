"""Live ANS, step 4.2: a project created shows as an open clock on /ans/ and, once planeación
registers it in the bank, as done, right after the change commits, without waiting for the
daily 06:00 sweep."""
import datetime as dt

import time_machine

from projects import services, workflow as wf
from tests.projects.builders import complete_project

from .builders import ans_row

NOW = dt.datetime(2025, 5, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_a_new_project_opens_its_clock_and_its_registration_closes_it_at_once(login, lead, planner, committed):
    page = login(planner)
    assert ans_row(page, "project") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        project = complete_project(lead=lead, state="approved", name="Vivienda digna")
    assert ans_row(page, "project") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.project_transition(
            name=wf.REGISTER, project=project, by=planner, bank_code="2025050010100", registered_on=dt.date(2025, 5, 2)
        )
    assert ans_row(page, "project") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}
    assert "Proyecto Vivienda digna" not in page.get("/ans/").content.decode()  # no longer among the open clocks

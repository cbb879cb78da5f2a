"""Live ANS: the Excel workbook import writes in bulk (no model signals), so it synchronises the
ANS when its transaction commits: the imported projects and budget years are on /ans/ at once."""
import datetime as dt

import time_machine

from isvimed_planning.deadlines.models import DeadlineInstance
from projects.models import Project
from tests.workbook.builders import base_data, make_leads, run_import

from .builders import ans_row

NOW = dt.datetime(2025, 5, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_an_imported_workbook_shows_on_the_ans_page_at_once(login, planner, director, tmp_path, committed):
    page = login(director)
    make_leads()
    with committed() as callbacks:
        code, out, err = run_import(base_data(), tmp_path, "--usuario", planner.username)
    assert code == 0, err
    assert len(callbacks) == 1
    projects = Project.objects.count()
    assert projects > 0
    assert DeadlineInstance.objects.filter(step="project").count() == projects
    row = ans_row(page, "project")
    assert row["open"] + row["done"] == projects
    assert DeadlineInstance.objects.filter(step="budget").exists()

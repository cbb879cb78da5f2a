"""Live ANS, step 4.5: publishing the action plan of a year completes at once, on /ans/, both its
clock and the legal mark (published by 31 January, Ley 1474 de 2011, art. 74)."""
import datetime as dt

import time_machine

from action_plan import services
from isvimed_planning.deadlines.services import sync_all
from tests.action_plan.builders import program_all, year_with_projects

from .builders import ans_row

NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_publishing_the_action_plan_completes_both_clocks_at_once(login, lead, planner, director, committed):
    page = login(director)
    fy, _ = year_with_projects(lead, year=2026)
    sync_all()  # as last night's sweep left it
    assert ans_row(page, "action_plan")["open"] == 1
    assert ans_row(page, "action_plan_legal")["open"] == 1

    plan = services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    services.plan_transition(by=director, plan=plan, name="approve")
    with committed():
        services.plan_transition(by=planner, plan=plan, name="publish")
    assert ans_row(page, "action_plan") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}
    assert ans_row(page, "action_plan_legal") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

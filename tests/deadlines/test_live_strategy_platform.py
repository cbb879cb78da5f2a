"""Live ANS, step 4.1: a development plan created by planeación opens its clock on /ans/ at
once; the director's approval of its strategic platform completes it at once."""
import datetime as dt

import time_machine

from strategy import services
from strategy.models import StrategicPlatform

from .builders import ans_row

NOW = dt.datetime(2024, 3, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_a_new_plan_and_its_approved_platform_show_at_once(login, planner, director, committed):
    page = login(director)
    with committed():
        plan = services.plan_create(by=planner, name="Medellín Te Quiere", first_year=2024)
    assert ans_row(page, "strategy") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.platform_approve(platform=StrategicPlatform.objects.get(plan=plan), by=director)
    assert ans_row(page, "strategy") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

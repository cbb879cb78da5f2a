"""Live ANS, steps 4.3 and 4.5: when planeación opens a budget year, its budget clock and the
action plan's clocks appear on /ans/ at once; closing the year completes the budget clock at
once, without waiting for the daily sweep."""
import datetime as dt
from decimal import Decimal

import time_machine

from budget import services

from .builders import ans_row

NOW = dt.datetime(2025, 9, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_opening_and_closing_a_budget_year_shows_at_once(login, finance, director, committed):
    page = login(director)
    assert ans_row(page, "budget")["open"] == 0

    with committed():
        year = services.fiscal_year_create(by=finance, year=2026, global_ceiling=Decimal("5000000000"))
    assert ans_row(page, "budget") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}
    assert ans_row(page, "action_plan")["open"] == 1
    assert ans_row(page, "action_plan_legal")["open"] == 1
    assert "Presupuesto de la vigencia 2026" in page.get("/ans/").content.decode()

    with committed():
        services.fiscal_year_close(by=finance, fiscal_year=year)
    assert ans_row(page, "budget") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}

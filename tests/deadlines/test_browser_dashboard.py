"""A planner opens the ANS dashboard in a real browser (strict CSP: no inline styles or scripts)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.models import FiscalYear
from tests.conftest import browser_login

from .builders import instance

pytestmark = pytest.mark.browser


def test_a_planner_sees_the_overdue_budget_clock_on_the_dashboard(page, planner, lead):
    today = timezone.localdate()
    fy = FiscalYear.objects.create(year=2030, global_ceiling=Decimal("1000"))
    instance(fy, step="budget", start=today - dt.timedelta(days=130), due=today - dt.timedelta(days=8),
             title="Presupuesto de la vigencia 2030", responsible=lead)
    browser_login(page, planner)
    page.goto("/ans/")
    clocks = page.get_by_test_id("ans-clocks")
    row = clocks.get_by_role("row").filter(has_text="Presupuesto de la vigencia 2030")
    assert "Vencido hace 8 días" in row.inner_text()
    assert "Vencido" in row.locator(".tag").inner_text()
    steps = page.get_by_test_id("ans-steps")
    assert steps.locator('tr[data-step="budget"] td').nth(3).inner_text() == "1"
    assert page.get_by_label("Cumplidos desde").input_value() == f"01/01/{today.year}"

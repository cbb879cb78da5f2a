"""Journey: the Director's home page is his work queue. The planner sent the accountability
report for approval; the Director signs in, sees "1 informe de rendición de cuentas por aprobar"
first on his home page, follows it to the list filtered to that report, opens it and approves it;
back home, the queue says there is nothing left. Every page visited passes the axe-core check."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accountability import services
from tests.accountability.builders import execution, report
from tests.journeys.steps import click, sign_in

pytestmark = pytest.mark.browser


def test_the_director_follows_his_queue_to_the_report_awaiting_approval(page, a11y, planner, director, lead):
    execution(lead=lead)
    services.report_transition(by=planner, report=report(by=planner), name="send")
    report(by=planner, period_end=dt.date(2025, 3, 31), title="Primer trimestre")  # still a draft

    page.goto("/")
    sign_in(page, a11y, director)
    queue = page.get_by_test_id("queue-accountability-reports")
    expect(queue).to_contain_text("1 informe de rendición de cuentas por aprobar")
    click(page, a11y, "link", "1 informe de rendición de cuentas por aprobar", wait=re.compile(r"/rendicion/informes/\?estado=awaiting$"))
    expect(page.get_by_test_id("reports")).not_to_contain_text("Primer trimestre")
    click(page, a11y, "link", "Rendición de cuentas 2025")
    click(page, a11y, "link", "Aprobar informe")
    click(page, a11y, "button", "Aprobar informe")
    expect(page.get_by_test_id("report-state")).to_have_text("Aprobado")

    page.goto("/")
    a11y()
    expect(page.get_by_test_id("queue-accountability-reports")).to_contain_text(
        "No tiene informes de rendición de cuentas por aprobar."
    )

"""Journey (e): a citizen, without logging in, starts at the home page and reads, through the
footer links, the published action plan and the approved accountability report, and downloads its
CSV. Every page visited passes the axe-core check."""
import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accountability import services as accountability_services
from action_plan import services as plan_services
from tests.accountability.builders import execution, report
from tests.action_plan.builders import program_all, year_with_projects

pytestmark = [pytest.mark.browser, pytest.mark.phone]  # also at 390 px (tests/journeys/conftest.py)


def test_citizen_reads_the_published_plan_and_the_approved_report_without_login(page, a11y, planner, director, lead):
    fy, projects = year_with_projects(lead, n=2, year=2026)
    plan = plan_services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    plan_services.plan_transition(by=director, plan=plan, name=plan_services.APPROVE)
    plan_services.plan_transition(by=planner, plan=plan, name=plan_services.PUBLISH)
    execution(lead=lead)
    draft = report(by=planner)
    accountability_services.report_transition(by=planner, report=draft, name="send")
    accountability_services.report_transition(by=director, report=draft, name="approve")

    page.goto("/")
    a11y()
    page.get_by_role("contentinfo").get_by_role("link", name="Planes de acción publicados").click()
    page.wait_for_url("**/plan-accion/publico/")
    a11y()
    page.get_by_role("link", name="Plan de acción 2026").click()
    expect(page.get_by_role("heading", name="Plan de acción institucional 2026")).to_be_visible()
    expect(page.get_by_role("cell", name=projects[0][0].name, exact=True)).to_be_visible()
    a11y()
    pdf = page.request.get(page.base_url + page.get_by_role("link", name="Descargar PDF").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    page.get_by_role("contentinfo").get_by_role("link", name="Rendición de cuentas pública").click()
    page.wait_for_url("**/rendicion/publico/")
    a11y()
    page.get_by_role("link", name="Rendición de cuentas 2025").click()
    expect(page.get_by_test_id("total-committed")).to_have_text("$ 550.000.000")
    a11y()
    with page.expect_download() as info:
        page.get_by_role("link", name="Ejecución por proyecto (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert rows[-1]["codigo_programa"] == "TOTAL"
    assert Decimal(rows[-1]["comprometido"]) == Decimal("550000000")
    assert a11y.checked == ["/", "/plan-accion/publico/", "/plan-accion/publico/2026/", "/rendicion/publico/",
                            f"/rendicion/publico/{draft.pk}/"]

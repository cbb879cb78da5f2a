"""Journey: the planner reads the early warning on the follow-up dashboard of June 2025 (the
matrices' data set and action plan): the projection at the close, the third curve, the cuadre of
the cutoff and the ANS card, then opens the ANS page from it. Every page visited passes the
axe-core check."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from monitoring.cuadre.base import Finding
from monitoring.cuadre_services import store_findings
from monitoring.models import CuadreRun
from tests.deadlines.builders import instance
from tests.journeys.steps import click, menu, sign_in
from tests.matrices.builders import CUTOFF, dataset
from tests.matrices.test_plan_accion_programming import program

pytestmark = [pytest.mark.browser, pytest.mark.phone]  # also at 390 px (tests/journeys/conftest.py)


def test_planner_reads_the_projection_the_cuadre_and_the_ans_on_the_dashboard(page, a11y, planner, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    store_findings(run=CuadreRun.objects.create(year=2025, cutoff=CUTOFF, state="done", data_version="v"), findings=[
        Finding(rule="E1", severity="error", message="—", object_kind="project", object_id=data.a.pk,
                subject="Proyecto A", url="/"),
    ])
    instance(data.a, step="project", start=dt.date(2025, 1, 1), due=dt.date(2025, 2, 1))  # long overdue

    page.goto("/")
    sign_in(page, a11y, planner)
    menu(page, a11y, "Seguimiento")
    page.get_by_label("Año", exact=True).fill("2025")
    page.get_by_label("Mes", exact=True).select_option("6")
    click(page, a11y, "button", "Ver")
    expect(page.get_by_test_id("projection")).to_contain_text("física 82,9 %")
    expect(page.get_by_test_id("programming-curve").locator('[data-series="Proyección"]')).to_have_count(1)
    expect(page.get_by_test_id("cuadre-counts").locator(".value").first).to_have_text("1")
    page.get_by_text("Cómo se calcula la proyección al cierre").click()
    expect(page.get_by_test_id("projection-help")).to_contain_text("ponderado por su presupuesto definitivo")
    a11y()
    click(page, a11y, "link", "Ver el tablero de ANS", wait="**/ans/")

"""Journey: a citizen, without logging in, goes from the home page to "Mi comuna", opens a
project of their comuna, reads its timeline (approved months only, with the public evidence)
and downloads the project's CSV. Every page passes axe-core, on a desktop and at 390 px."""
import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.transparency.builders import public_world

pytestmark = [pytest.mark.browser, pytest.mark.phone]


def test_citizen_finds_their_comuna_project_timeline_and_csv(page, a11y, lead):
    project, public, private, _hidden = public_world(lead=lead)

    page.goto("/")
    a11y()
    page.get_by_test_id("public-entry").get_by_role("link", name="Mi comuna").click()
    page.wait_for_url("**/ciudadania/comunas/")
    a11y()
    page.get_by_test_id("territories").get_by_role("link", name="10 - La Candelaria").click()
    page.wait_for_url("**/ciudadania/comunas/10/")
    expect(page.get_by_test_id("territory-committed")).to_have_text("$ 1.234.567")
    a11y()
    page.get_by_test_id("territory-projects").get_by_role("link", name=project.name).click()
    page.wait_for_url(f"**/ciudadania/proyectos/{project.pk}/")
    expect(page.get_by_role("heading", name=project.name, level=1)).to_be_visible()
    timeline = page.get_by_test_id("timeline")
    expect(timeline.get_by_test_id("milestone")).to_have_count(1)
    expect(timeline).to_contain_text("Enero de 2025")
    expect(timeline).to_contain_text("Se mejoraron tres viviendas en Moravia.")
    expect(timeline.get_by_role("link", name="acta-publica.pdf")).to_be_visible()
    expect(timeline).not_to_contain_text("cedulas-privadas.pdf")
    expect(timeline).not_to_contain_text("Logro devuelto")
    a11y()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar datos del proyecto (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    body = [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]
    assert Decimal(body[-1]["comprometido"]) == Decimal("1234567")
    assert a11y.checked == ["/", "/ciudadania/comunas/", "/ciudadania/comunas/10/", f"/ciudadania/proyectos/{project.pk}/"]

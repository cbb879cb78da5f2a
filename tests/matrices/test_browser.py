"""In a real browser, with a real worker: the planner generates the Plan de Acción, watches the
progress, downloads the workbook, and it holds the numbers of the approved reports."""
import pytest

from tests.conftest import browser_login
from tests.matrices.builders import dataset, load

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path


def test_planner_generates_and_downloads_the_plan_de_accion(media, celery_worker, page, planner, lead, lead2):
    dataset(lead=lead, lead2=lead2)
    browser_login(page, planner)
    page.goto("/seguimiento/matrices/")
    page.get_by_label("Matriz").select_option(label="Plan de Acción")
    page.get_by_label("Vigencia").fill("2025")
    page.get_by_label("Fecha de corte").fill("2025-06-30")
    page.get_by_role("button", name="Generar matriz").click()
    page.wait_for_url("**/seguimiento/matrices/*/")
    download_link = page.get_by_role("link", name="Descargar matriz (.xlsx)")
    download_link.wait_for(timeout=60000)  # the page polls the progress, then shows the link
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "plan-accion-2025-corte-2025-06-30.xlsx"
    wb = load(open(download.path(), "rb").read())
    ws = wb["Proyectos"]
    assert ws["A3"].value == "Vigencia 2025 – Fecha de corte 30/06/2025"
    # Proyecto A: committed 300 M (January) + 200 M (March), the approved reports up to the cutoff.
    assert [ws.cell(row=7, column=c).value for c in (4, 5, 12, 13, 14)] == [
        "20250010", "Proyecto A", 500000000, 250000000, 150000000,
    ]
    page.goto("/seguimiento/matrices/")
    row = page.get_by_role("row", name="Plan de Acción")
    assert "Paula Planeación" in row.inner_text() and "Lista" in row.inner_text()

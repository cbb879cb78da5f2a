"""The import in a real browser: upload, preview with the errors, correct, confirm."""
from __future__ import annotations

import pytest

from projects.models import Project
from tests.conftest import browser_login
from tests.workbook.builders import base_data, write

pytestmark = pytest.mark.browser


def test_planner_uploads_sees_errors_then_imports_the_corrected_workbook(page, planner, tmp_path):
    wrong = base_data()
    wrong["proyectos"][1][6] = None
    write(wrong, tmp_path / "plan.xlsx")
    browser_login(page, planner)
    page.goto("/libro/")
    page.get_by_label("Libro de planeación (.xlsx)").set_input_files(str(tmp_path / "plan.xlsx"))
    page.get_by_role("button", name="Validar el libro").click()
    errors = page.get_by_test_id("errors")
    errors.wait_for()
    assert "un proyecto participativo requiere codigo_territorio" in errors.inner_text()
    assert page.get_by_role("button", name="Confirmar importación").count() == 0

    write(base_data(), tmp_path / "plan.xlsx")
    page.goto("/libro/")
    page.get_by_label("Libro de planeación (.xlsx)").set_input_files(str(tmp_path / "plan.xlsx"))
    page.get_by_role("button", name="Validar el libro").click()
    counts = page.get_by_test_id("counts")
    counts.wait_for()
    assert "proyectos" in counts.inner_text()
    assert not Project.objects.exists()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Confirmar importación").click()
    page.get_by_text("Libro importado: los cambios quedaron guardados").wait_for()
    assert Project.objects.count() == 2


def test_renamed_file_is_refused_next_to_the_field(page, planner, tmp_path):
    (tmp_path / "plan.xlsx").write_text("no soy un libro")
    browser_login(page, planner)
    page.goto("/libro/")
    page.get_by_label("Libro de planeación (.xlsx)").set_input_files(str(tmp_path / "plan.xlsx"))
    page.get_by_role("button", name="Validar el libro").click()
    page.get_by_text("El archivo no es un libro de Excel .xlsx válido.").wait_for()

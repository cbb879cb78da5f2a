"""The project sheet (ficha) PDF shows the project's real data."""
import io

import pypdf

from tests import factories
from tests.projects.builders import complete_project


def test_sheet_pdf_has_bank_code_and_product_names(login, reader, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010555", name="Reasentamiento Moravia")
    factories.product(project, code="P2", name="Hogares reasentados")
    response = login(reader).get(f"/proyectos/{project.pk}/ficha.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in ("2024050010555", "Reasentamiento Moravia", "Viviendas nuevas entregadas", "Hogares reasentados",
                     "4.2.1 Vivienda nueva", "$ 3.500.000"):
        assert expected in text


def test_another_leads_sheet_is_not_found(login, lead, lead2):
    project = complete_project(lead=lead2)
    assert login(lead).get(f"/proyectos/{project.pk}/ficha.pdf").status_code == 404


def test_sheet_pdf_lists_each_activity_with_its_cost_per_year(login, reader, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010556")
    response = login(reader).get(f"/proyectos/{project.pk}/ficha.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Actividades y costos" in text
    # The product's one activity: $ 1.000.000 in 2024, $ 2.500.000 in 2025, $ 3.500.000 in all.
    activities = text.split("Actividades y costos")[1].split("Costo por año")[0]
    assert "Construcción" in activities
    assert "$ 1.000.000" in activities and "$ 2.500.000" in activities and "$ 3.500.000" in activities

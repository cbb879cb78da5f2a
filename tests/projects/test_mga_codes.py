"""MGA product codes (MATRICES.md "DNP codes"): format, within the program's budget program code,
and within the linked indicator's code; a product chosen from the DNP catalogue; the matrix column."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from projects.models import Product
from strategy.models import CatalogueProduct, Indicator, Program
from tests import factories
from tests.workbook.builders import base_data, make_leads, refused, run_import

pytestmark = pytest.mark.django_db


def _post(project, indicator, **overrides) -> dict:
    data = {
        "version": project.version, "code": "P1", "name": "Viviendas", "indicator": indicator.pk, "unit": "",
        "goal_2024": "5",
    }
    data.update(overrides)
    return data


def _coded_project(lead, *, budget="4001", indicator_code=""):
    program = factories.program()
    Program.objects.filter(pk=program.pk).update(budget_program_code=budget)
    indicator = factories.indicator("4.2.1.1", the_program=program)
    Indicator.objects.filter(pk=indicator.pk).update(mga_indicator_code=indicator_code)
    project = factories.project(lead=lead, the_program=program)
    return project, indicator


@pytest.mark.parametrize(("code", "message"), [
    ("400100", "El código de producto MGA debe tener 7 dígitos, no 6."),
    ("4001-01", "El código de producto MGA solo admite dígitos (0-9), no «4001-01»."),
    ("4002001", "El código de producto MGA 4002001 del producto P1 debe empezar por el código de programa "
                "presupuestal 4001 de su programa 4.2.1."),
])
def test_product_form_refuses_a_wrong_mga_code(login, lead, code, message):
    project, indicator = _coded_project(lead)
    response = login(lead).post(f"/proyectos/{project.pk}/productos/nuevo/", _post(project, indicator, mga_product_code=code))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Product.objects.exists()


def test_product_code_must_lead_its_indicators_code(login, lead):
    project, indicator = _coded_project(lead, indicator_code="400100100")
    response = login(lead).post(
        f"/proyectos/{project.pk}/productos/nuevo/", _post(project, indicator, mga_product_code="4001002")
    )
    assert (
        "El código de indicador MGA 400100100 del indicador 4.2.1.1 debe empezar por el código de producto MGA "
        "4001002 del producto P1." in response.content.decode()
    )
    assert not Product.objects.exists()


def test_product_form_saves_a_good_code_and_blank_is_allowed(login, lead):
    project, indicator = _coded_project(lead, indicator_code="400100100")
    client = login(lead)
    assert client.post(
        f"/proyectos/{project.pk}/productos/nuevo/", _post(project, indicator, mga_product_code="4001001")
    ).status_code == 302
    assert Product.objects.get().mga_product_code == "4001001"
    project.refresh_from_db()
    assert client.post(
        f"/proyectos/{project.pk}/productos/nuevo/", _post(project, indicator, code="P2", mga_product_code="")
    ).status_code == 302
    assert Product.objects.get(code="P2").mga_product_code == ""


def _catalogue():
    common = {"sector_code": "40", "sector_name": "Vivienda", "program_name": "Acceso a vivienda"}
    CatalogueProduct.objects.create(
        **common, program_code="4001", product_code="4001015", product_name="Servicio de apoyo financiero para "
        "adquisición de vivienda", product_unit="Número de hogares", indicator_code="400101500",
        indicator_name="Hogares beneficiados", indicator_unit="Número",
    )
    CatalogueProduct.objects.create(
        **common, program_code="4002", product_code="4002001", product_name="Otro programa", product_unit="Metros",
        indicator_code="400200100", indicator_name="Otro", indicator_unit="Número",
    )


def test_product_form_offers_the_catalogue_of_its_program(login, lead):
    project, indicator = _coded_project(lead)
    _catalogue()
    page = login(lead).get(f"/proyectos/{project.pk}/productos/nuevo/").content.decode()
    assert "4001015 Servicio de apoyo financiero para adquisición de vivienda (Número de hogares)" in page
    assert "4002001" not in page


def test_a_product_chosen_from_the_catalogue_takes_its_name_unit_and_code(login, lead):
    project, indicator = _coded_project(lead)
    _catalogue()
    response = login(lead).post(
        f"/proyectos/{project.pk}/productos/nuevo/",
        _post(project, indicator, name="", unit="", catalogue_product="4001015"),
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.name == "Servicio de apoyo financiero para adquisición de vivienda"
    assert product.unit == "Número de hogares"
    assert product.mga_product_code == "4001015"


def test_a_product_without_name_nor_catalogue_is_refused(login, lead):
    project, indicator = _coded_project(lead)
    response = login(lead).post(f"/proyectos/{project.pk}/productos/nuevo/", _post(project, indicator, name=""))
    assert response.status_code == 200
    assert "Este campo es obligatorio." in response.content.decode()
    assert not Product.objects.exists()


def test_the_admin_validates_the_product_code(lead):
    project, indicator = _coded_project(lead)
    product = Product.objects.get(pk=factories.product(project, the_indicator=indicator).pk)  # as the admin loads it
    product.mga_product_code = "4002001"
    with pytest.raises(ValidationError) as exc:
        product.full_clean()
    assert exc.value.message_dict["mga_product_code"] == [
        "El código de producto MGA 4002001 del producto P1 debe empezar por el código de programa presupuestal "
        "4001 de su programa 4.2.1."
    ]


def _refused(data, tmp_path, *lines):
    make_leads()
    refused(data, tmp_path, *lines)


def test_workbook_refuses_product_codes_that_break_the_rules(tmp_path):
    data = base_data()
    data["estructura"][2].append("4001")
    data["indicadores"][0].append("400100100")
    data["productos"][0].append("400100")
    data["productos"][1].append("4002001")
    _refused(
        data, tmp_path,
        "productos:2:codigo_producto_mga: el código de producto MGA debe tener 7 dígitos, no 6",
        "productos:3:codigo_producto_mga: el código de producto MGA 4002001 del producto P1 del proyecto "
        "2024050010002 debe empezar por el código de programa presupuestal 4001 de su programa 4.3.1",
        "productos:3:codigo_producto_mga: el código de indicador MGA 400100100 del indicador 4.3.1.1 debe empezar "
        "por el código de producto MGA 4002001 del producto P1 del proyecto 2024050010002",
    )


def test_workbook_refuses_an_indicator_code_outside_a_stored_product(tmp_path):
    data = base_data()
    data["estructura"][2].append("4001")
    data["indicadores"][0].append("400100100")
    data["productos"][0].append("4001001")
    make_leads()
    code, out, err = run_import(data, tmp_path)
    assert code == 0, err
    assert Product.objects.get(project__bank_code="2024050010001").mga_product_code == "4001001"
    again = base_data()
    again["estructura"][2].append("4001")
    again["indicadores"][0].append("400200100")
    del again["productos"]
    _refused(
        again, tmp_path,
        "indicadores:2:codigo_indicador_mga: el código de indicador MGA 400200100 del indicador 4.3.1.1 debe "
        "empezar por el código de producto MGA 4001001 del producto P1 del proyecto 2024050010001",
    )


def test_plan_de_accion_products_hold_the_mga_code(lead, lead2):
    from monitoring.matrices.compute import compute
    from tests.matrices.builders import dataset

    dataset(lead=lead, lead2=lead2)
    sheet = compute("plan-accion", year=2025, cutoff=dt.date(2025, 6, 30)).sheets[1]
    assert sheet.columns[9].header == "Código producto MGA"
    assert [row[9] for row in sheet.rows] == [None, "4001001", None]



def test_the_form_carries_the_catalogue_for_its_script(login, lead):
    project, indicator = _coded_project(lead)
    _catalogue()
    page = login(lead).get(f"/proyectos/{project.pk}/productos/nuevo/").content.decode()
    assert '<script id="catalogue-data" type="application/json">' in page
    assert "js/catalogue.js" in page


def test_the_project_sheet_pdf_shows_the_dnp_codes(login, reader, lead):
    import io

    import pypdf

    project, indicator = _coded_project(lead, indicator_code="400100100")
    product = factories.product(project, code="P1", the_indicator=indicator, name="Viviendas entregadas")
    Product.objects.filter(pk=product.pk).update(mga_product_code="4001001")
    response = login(reader).get(f"/proyectos/{project.pk}/ficha.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in ("programa presupuestal DNP 4001", "4001001", "MGA 400100100"):
        assert expected in text


def test_the_project_page_shows_the_dnp_codes(login, reader, lead):
    project, indicator = _coded_project(lead, indicator_code="400100100")
    product = factories.product(project, the_indicator=indicator)
    Product.objects.filter(pk=product.pk).update(mga_product_code="4001001")
    page = login(reader).get(f"/proyectos/{project.pk}/").content.decode()
    assert "· programa presupuestal 4001" in page
    assert "Producto MGA 4001001" in page and "Indicador MGA 400100100" in page

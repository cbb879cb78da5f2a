"""The DNP product catalogue's import page: administrators only, all or nothing, history kept."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from strategy.models import CatalogueImport, CatalogueProduct

pytestmark = pytest.mark.django_db

URL = "/estrategia/catalogo-dnp/"
HEADER = [
    "codigo_sector", "sector", "codigo_programa", "programa", "codigo_producto", "producto", "unidad_producto",
    "codigo_indicador", "indicador", "unidad_indicador",
]
GOOD = [
    ["40", "Vivienda", "4001", "Acceso a vivienda", "4001015", "Servicio de apoyo financiero", "Número de hogares",
     "400101500", "Hogares beneficiados", "Número"],
    ["40", "Vivienda", "4001", "Acceso a vivienda", "4001015", "Servicio de apoyo financiero", "Número de hogares",
     "400101501", "Subsidios asignados", "Número"],
    # a code typed as a number is read as its digits
    [40, "Vivienda", 4001, "Acceso a vivienda", 4001016, "Servicio de mejoramiento", "Número de viviendas",
     400101600, "Viviendas mejoradas", "Número"],
]


def xlsx(rows, header=HEADER, name="catalogo.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def test_the_page_shows_the_accepted_columns(login, sysadmin):
    page = login(sysadmin).get(URL).content.decode()
    for name in HEADER:
        assert f"<code>{name}</code>" in page


def test_a_good_file_replaces_the_catalogue_and_is_recorded(login, sysadmin):
    client = login(sysadmin)
    response = client.post(URL, {"file": xlsx(GOOD)}, follow=True)
    assert "Catálogo importado: 3 líneas de «catalogo.xlsx»." in response.content.decode()
    assert sorted(CatalogueProduct.objects.values_list("indicator_code", flat=True)) == [
        "400101500", "400101501", "400101600"
    ]
    line = CatalogueProduct.objects.get(indicator_code="400101600")
    assert (line.sector_code, line.program_code, line.product_code) == ("40", "4001", "4001016")
    client.post(URL, {"file": xlsx(GOOD[:1], name="segundo.xlsx")})
    assert CatalogueProduct.objects.count() == 1
    assert list(CatalogueImport.objects.values_list("file_name", "rows", "by")) == [
        ("segundo.xlsx", 1, sysadmin.pk), ("catalogo.xlsx", 3, sysadmin.pk)
    ]


def test_a_bad_file_is_refused_whole_with_every_row_error(login, sysadmin):
    client = login(sysadmin)
    client.post(URL, {"file": xlsx(GOOD[:1])})
    bad = [
        GOOD[1],
        ["40", "Vivienda", "401", "Acceso a vivienda", "4001016", "Mejoramiento", "Número", "400101600", "X", "Número"],
        ["40", "Vivienda", "4001", "Acceso a vivienda", "40010A6", "Mejoramiento", "Número", "400101601", "X", "Número"],
        ["40", "Vivienda", "4001", "Acceso a vivienda", "4002016", "Otro", "Número", "400201600", "X", ""],
        GOOD[1],
    ]
    page = client.post(URL, {"file": xlsx(bad)}).content.decode()
    assert "No se importó nada; corrija el archivo:" in page
    assert "fila 3, codigo_programa: el código debe tener 4 dígitos, no 3" in page
    assert "fila 4, codigo_producto: el código solo admite dígitos (0-9), no «40010A6»" in page
    assert "fila 5, unidad_indicador: falta el valor" in page
    assert "fila 6, codigo_indicador: el indicador 400101501 ya aparece en la fila 2" in page
    assert list(CatalogueProduct.objects.values_list("indicator_code", flat=True)) == ["400101500"]
    assert CatalogueImport.objects.count() == 1


def test_a_product_outside_its_program_is_refused(login, sysadmin):
    row = ["40", "Vivienda", "4001", "Acceso a vivienda", "4002016", "Otro", "Número", "400201600", "X", "Número"]
    page = login(sysadmin).post(URL, {"file": xlsx([row])}).content.decode()
    assert "fila 2, codigo_producto: el código 4002016 debe empezar por el codigo_programa 4001" in page
    assert not CatalogueProduct.objects.exists()


def test_missing_columns_are_named(login, sysadmin):
    page = login(sysadmin).post(URL, {"file": xlsx([GOOD[0][:9]], header=HEADER[:9])}).content.decode()
    assert "Faltan columnas en la fila 1: unidad_indicador." in page
    assert not CatalogueImport.objects.exists()


def test_too_many_rows_are_refused(login, sysadmin, monkeypatch):
    from strategy import catalogue

    monkeypatch.setattr(catalogue, "MAX_ROWS", 2)
    page = login(sysadmin).post(URL, {"file": xlsx(GOOD)}).content.decode()
    assert "El catálogo tiene más de 2 filas" in page
    assert not CatalogueProduct.objects.exists()


def test_only_the_administrator_imports(login, planner):
    assert login(planner).get(URL).status_code == 403
    assert login(planner).post(URL, {"file": xlsx(GOOD)}).status_code == 403
    assert not CatalogueProduct.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_next_to_the_field(login, sysadmin):
    upload = SimpleUploadedFile("catalogo.csv", "codigo_sector;sector\n40;Vivienda\n".encode(), content_type="text/csv")
    response = login(sysadmin).post(URL, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_file_error"' in page
    assert not CatalogueImport.objects.exists()


def test_the_administrator_finds_the_page_from_the_strategy_index(login, sysadmin, planner):
    assert URL in login(sysadmin).get("/estrategia/").content.decode()
    assert URL not in login(planner).get("/estrategia/").content.decode()

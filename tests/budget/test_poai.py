"""The POAI: investment per program and project, as a page, Excel and PDF, in constant queries."""
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from budget.models import BudgetModification
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


def _data(lead, n, fy):
    new_housing = factories.program("4.2.1", "Vivienda nueva")
    improvement = factories.program("4.2.2", "Mejoramiento de vivienda")
    for i in range(n):
        project, _ = funded_project(lead, the_program=new_housing if i % 2 else improvement, name=f"Proyecto POAI {i}")
        allocate(fy, project, "1000000000")
        allocate(fy, project, "250000000", source="SGP")
        BudgetModification.objects.create(
            fiscal_year=fy, project=project, date=dt.date(2026, 2, 1), kind="addition", amount=Decimal("100000000")
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_poai_page_and_exports_use_a_constant_number_of_queries(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    client = login(reader)
    small = [_count(client, u) for u in ("/presupuesto/2026/poai/", "/presupuesto/2026/poai.xlsx", "/presupuesto/2026/")]
    _data(lead, 8, fy)
    large = [_count(client, u) for u in ("/presupuesto/2026/poai/", "/presupuesto/2026/poai.xlsx", "/presupuesto/2026/")]
    assert small == large


@pytest.mark.django_db
def test_the_poai_groups_projects_by_program_with_totals(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    page = login(reader).get("/presupuesto/2026/poai/").content.decode()
    assert "4.2.1 Vivienda nueva" in page and "4.2.2 Mejoramiento de vivienda" in page
    assert "$ 2.700.000.000" in page  # 2 × (1.250M + 100M)


def test_the_poai_excel_has_numeric_cells_with_money_formats(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    response = login(reader).get("/presupuesto/2026/poai.xlsx")
    ws = load_workbook(io.BytesIO(response.content))["POAI"]
    assert [c.value for c in ws[4]] == [
        "Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
    ]
    row = [c for c in ws[5]]
    assert row[3].value == 1250000000 and row[3].number_format == '"$" #,##0'
    assert row[5].value == 1350000000
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "Total POAI" and last[5] == 2700000000


def test_the_poai_pdf_lists_the_programs_and_the_total(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    response = login(reader).get("/presupuesto/2026/poai.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Plan Operativo Anual de Inversiones" in text
    assert "Vivienda nueva" in text and "$ 2.700.000.000" in text

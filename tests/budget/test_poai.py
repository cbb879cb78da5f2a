"""The POAI: investment per program and project and by funding source, as a page, Excel and PDF, in
constant queries."""
import datetime as dt
import io
import re
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


def _data(lead, n, fy, *, third_source=False):
    """n projects with 1.000M of Recursos propios (01) + 250M of SGP (02) and an addition of 100M to
    Recursos propios; with `third_source`, each also 10M of Crédito (03)."""
    new_housing = factories.program("4.2.1", "Vivienda nueva")
    improvement = factories.program("4.2.2", "Mejoramiento de vivienda")
    for i in range(n):
        project, _ = funded_project(lead, the_program=new_housing if i % 2 else improvement, name=f"Proyecto POAI {i}")
        allocate(fy, project, "1000000000")
        allocate(fy, project, "250000000", source="SGP")
        if third_source:
            allocate(fy, project, "10000000", source="Crédito")
        BudgetModification.objects.create(
            fiscal_year=fy, project=project, date=dt.date(2026, 2, 1), kind="addition", amount=Decimal("100000000"),
            source=factories.funding_source("Recursos propios"),
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_poai_page_and_exports_use_a_constant_number_of_queries(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    client = login(reader)
    urls = ("/presupuesto/2026/poai/", "/presupuesto/2026/poai.xlsx", "/presupuesto/2026/poai.pdf", "/presupuesto/2026/")
    small = [_count(client, u) for u in urls]
    _data(lead, 8, fy, third_source=True)  # more projects, and one more source
    large = [_count(client, u) for u in urls]
    assert small == large
    for url in ("/presupuesto/2026/poai/", "/presupuesto/2026/"):  # the tables by source are counted
        page = client.get(url).content.decode()
        assert 'data-testid="by-source"' in page and "03 Crédito" in page


@pytest.mark.django_db
def test_the_poai_groups_projects_by_program_with_totals(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    page = login(reader).get("/presupuesto/2026/poai/").content.decode()
    assert "4.2.1 Vivienda nueva" in page and "4.2.2 Mejoramiento de vivienda" in page
    assert "$ 2.700.000.000" in page  # 2 × (1.250M + 100M)


def test_the_poai_page_splits_each_project_by_source_and_sums_each_source(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    single, _ = funded_project(lead, the_program=factories.program("4.2.1"), name="Proyecto de una fuente")
    allocate(fy, single, "40000000", source="SGP")
    page = login(reader).get("/presupuesto/2026/poai/").content.decode()
    cells = lambda row: [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]  # noqa: E731
    table = page.split('data-testid="poai"')[1].split("</table>")[0]
    rows = [cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
    project = next(i for i, r in enumerate(rows) if r and r[0] == "Proyecto POAI 0")
    assert rows[project][2:] == ["2 fuentes", "$ 1.250.000.000", "$ 100.000.000", "$ 1.350.000.000"]
    assert rows[project + 1] == ["", "", "01 Recursos propios", "$ 1.000.000.000", "$ 100.000.000", "$ 1.100.000.000"]
    assert rows[project + 2] == ["", "", "02 SGP", "$ 250.000.000", "$ 0", "$ 250.000.000"]
    one = next(r for r in rows if r and r[0] == "Proyecto de una fuente")
    assert one[2:] == ["02 SGP", "$ 40.000.000", "$ 0", "$ 40.000.000"]  # one source: on the project's row
    summary = page.split('data-testid="by-source"')[1].split("</table>")[0]
    assert [cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", summary, re.S)][1:] == [
        ["01", "Recursos propios", "2", "$ 2.000.000.000", "$ 200.000.000", "$ 2.200.000.000"],
        ["02", "SGP", "3", "$ 540.000.000", "$ 0", "$ 540.000.000"],
        ["Total", "3", "$ 2.540.000.000", "$ 200.000.000", "$ 2.740.000.000"],
    ]
    assert "<td>Total POAI</td><td></td><td></td><td class=\"num\">$ 2.540.000.000</td>" in page


def test_the_poai_excel_has_numeric_cells_with_money_formats_and_the_amounts_by_source(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    response = login(reader).get("/presupuesto/2026/poai.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["POAI", "POAI por fuente", "Resumen por fuente"]
    ws = book["POAI"]
    assert [c.value for c in ws[4]] == [
        "Programa", "BPIN", "Proyecto", "Presupuesto inicial", "Modificaciones", "Presupuesto definitivo",
        "Definitivo 01 Recursos propios", "Definitivo 02 SGP",
    ]
    row = [c for c in ws[5]]
    assert row[3].value == 1250000000 and row[3].number_format == '"$" #,##0'
    assert [c.value for c in row[5:]] == [1350000000, 1100000000, 250000000]
    assert row[7].number_format == '"$" #,##0'
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "Total POAI" and last[5:] == [2700000000, 2200000000, 500000000]
    detail = [[c.value for c in r] for r in book["POAI por fuente"].iter_rows(min_row=4)]
    assert detail[0] == [
        "Programa", "BPIN", "Proyecto", "Código fuente", "Fuente de financiación", "Presupuesto inicial",
        "Modificaciones", "Presupuesto definitivo",
    ]
    assert [r[2:] for r in detail[1:3]] == [  # program 4.2.1 (the odd projects) first
        ["Proyecto POAI 1", "01", "Recursos propios", 1000000000, 100000000, 1100000000],
        ["Proyecto POAI 1", "02", "SGP", 250000000, 0, 250000000],
    ]
    assert len(detail) == 5
    summary = [[c.value for c in r] for r in book["Resumen por fuente"].iter_rows(min_row=5)]
    assert summary == [
        ["01", "Recursos propios", 2, 2000000000, 200000000, 2200000000],
        ["02", "SGP", 2, 500000000, 0, 500000000],
        ["Total", None, 2, 2500000000, 200000000, 2700000000],
    ]


def test_the_poai_pdf_lists_the_programs_the_sources_and_the_total(login, reader, lead):
    fy = fiscal_year(2026, "100000000000")
    _data(lead, 2, fy)
    response = login(reader).get("/presupuesto/2026/poai.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Plan Operativo Anual de Inversiones" in text
    assert "Vivienda nueva" in text and "$ 2.700.000.000" in text
    assert "Resumen por fuente de financiación" in text
    assert "02 SGP $ 250.000.000 $ 0 $ 250.000.000" in text
    assert "SGP 2 $ 500.000.000 $ 0 $ 500.000.000" in text

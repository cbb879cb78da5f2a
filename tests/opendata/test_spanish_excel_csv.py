"""Every CSV also in the Spanish-Excel dialect: UTF-8 with BOM, ';' separated, decimal comma,
formulas still neutralised; parsed back it has the right columns and numbers."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.test import Client, RequestFactory

from isvimed_planning.safe_export import csv_download


def _parse_excel(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_dialect_writes_decimal_commas_a_bom_and_keeps_formulas_inert():
    request = RequestFactory().get("/x.csv?formato=excel")
    response = csv_download(request, "x.csv", ["nombre", "valor", "n"],
                            [["=HYPERLINK(1)", Decimal("1234567.50"), 3], ["Proyecto; dos", Decimal("-0.25"), 0]])
    assert 'filename="x-excel.csv"' in response["Content-Disposition"]
    assert _parse_excel(response) == [["nombre", "valor", "n"], ["'=HYPERLINK(1)", "1234567,50", "3"],
                                      ["Proyecto; dos", "-0,25", "0"]]
    standard = csv_download(RequestFactory().get("/x.csv"), "x.csv", ["valor"], [[Decimal("1234567.50")]])
    assert standard.content.decode() == "valor\r\n1234567.50\r\n"


def test_a_dataset_csv_in_the_excel_dialect_has_the_api_columns_and_numbers(world, open_rate):
    client = Client()
    api = client.get("/datos/api/v1/ejecucion/programas/?vigencia=2025&corte=2025-12-31").json()["results"]
    rows = _parse_excel(client.get("/datos/ejecucion-programas.csv?vigencia=2025&corte=2025-12-31&formato=excel"))
    assert rows[0] == list(api[0])
    assert len(rows) == len(api) + 1
    column = rows[0].index("presupuesto_definitivo")
    for parsed, row in zip(rows[1:], api, strict=True):
        assert Decimal(parsed[column].replace(",", ".")) == Decimal(row["presupuesto_definitivo"])
        assert "." not in parsed[column]
    assert any(Decimal(r["presupuesto_definitivo"]) > 0 for r in api)


def test_the_accountability_csv_is_offered_in_the_excel_dialect_with_the_same_numbers(world, open_rate):
    client = Client()
    url = f"/rendicion/publico/{world.approved_report.pk}/programas.csv"
    standard = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    excel = _parse_excel(client.get(url + "?formato=excel"))
    assert excel[0] == standard[0]
    assert excel[-1][0] == "TOTAL"
    column = standard[0].index("presupuesto_definitivo")
    assert [r[column].replace(",", ".") for r in excel[1:]] == [r[column] for r in standard[1:]]
    assert "formato=excel" in client.get(f"/rendicion/publico/{world.approved_report.pk}/").content.decode()

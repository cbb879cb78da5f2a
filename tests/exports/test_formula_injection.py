"""Names that are formulas (`=HYPERLINK(…)`, `@SUM(A1)`, `+cmd|…`, `-2+3`, tab and CR first) come
out of every spreadsheet the application writes as text: never a formula in an xlsx, the exact
characters kept; escaped with a leading `'` at the start of a CSV cell (OWASP). Walks every
export URL (public ones anonymously), every admin export and every export command."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from monitoring.matrices import KINDS
from tests.conftest import client_for
from tests.exports.builders import CSV_DANGEROUS, HOSTILE, SPREADSHEET_ROUTES, hostile_data

pytestmark = pytest.mark.django_db
PLAIN_NUMBER = __import__("re").compile(r"-?[0-9]+(\.[0-9]+)?\Z")


def _xml_text(text: str) -> str:
    # XML turns a bare CR into LF when read; XlsxWriter writes it as Excel's escape _x000D_.
    return text.replace("_x000D_", "\r").replace("\n", "\r")


def assert_xlsx_is_text(content: bytes, where: str) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where} {ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for text in texts:
        for hostile in HOSTILE:
            if hostile.strip()[:8] in text:
                assert _xml_text(hostile) in _xml_text(text), f"{where}: {text!r} is not {hostile!r} exactly"
    return texts


def assert_csv_is_escaped(content: str, where: str, delimiter: str = ",") -> list[str]:
    cells = [c for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter) for c in row]
    for cell in cells:
        if cell.startswith(CSV_DANGEROUS):
            assert PLAIN_NUMBER.match(cell), f"{where}: {cell!r} starts with a formula character"
    for hostile in HOSTILE:
        if hostile in cells:
            pytest.fail(f"{where}: {hostile!r} written unescaped")
    return cells


def _names_found(texts) -> set[str]:
    return {h for h in HOSTILE for t in texts if _xml_text(h) in _xml_text(t) or "'" + h == t}


@pytest.fixture
def data(planner, director, lead):
    return hostile_data(planner=planner, director=director, lead=lead)


def _client(who, personas):
    return Client() if who == "anonymous" else client_for(personas[who])


def test_every_export_url_writes_names_as_text(data, planner, reader):
    personas = {"planner": planner, "reader": reader}
    found: set[str] = set()
    for name, (who, urls) in SPREADSHEET_ROUTES.items():
        client = _client(who, personas)
        for url in urls(data):
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            if url.endswith(".csv"):
                assert response["Content-Type"].startswith("text/csv")
                found |= _names_found(assert_csv_is_escaped(content.decode(), url))
            else:
                found |= _names_found(assert_xlsx_is_text(content, url))
    # The data set really went through: every hostile name was seen in some export.
    assert found == set(HOSTILE)


def test_the_public_csv_escapes_each_dangerous_cell_and_keeps_numbers(data, client):
    projects = list(csv.DictReader(io.StringIO(
        client.get(f"/rendicion/publico/{data.report.pk}/proyectos.csv").content.decode(), newline="")))
    assert [r["nombre"] for r in projects[:-1]] == ["'" + HOSTILE[0], "'@SUM(A1)"]
    assert {r["programa"] for r in projects[:-1]} == {"'+cmd|' /C calc'!A0", "'-2+3"}
    assert projects[-1]["comprometido"] == "550000000.00"
    programs = list(csv.DictReader(io.StringIO(
        client.get(f"/rendicion/publico/{data.report.pk}/programas.csv").content.decode(), newline="")))
    assert programs[-1]["codigo_linea"] == "TOTAL"


def test_every_admin_export_writes_names_as_text(data, sysadmin):
    sysadmin.is_superuser = True
    sysadmin.save()
    client = client_for(sysadmin)
    found: set[str] = set()
    walked = 0
    for model, model_admin in admin.site._registry.items():
        if not hasattr(model_admin, "get_export_formats"):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/export/"
        request = type("R", (), {"user": sysadmin})()
        resource_class = model_admin.get_export_resource_classes(request)[0]
        fields = resource_class().get_export_order()
        checked = {f"{resource_class.__name__.lower()}_{f}": "on" for f in fields}
        for index, fmt in enumerate(model_admin.get_export_formats()):
            response = client.post(url, {"format": str(index), "resource": "0", **checked})
            assert response.status_code == 200, (url, fmt.__name__)
            ext = fmt().get_extension()
            if ext == "xlsx":
                found |= _names_found(assert_xlsx_is_text(response.content, f"{url} {ext}"))
            elif ext in ("csv", "tsv"):
                cells = assert_csv_is_escaped(response.content.decode(), f"{url} {ext}", "\t" if ext == "tsv" else ",")
                found |= _names_found(cells)
            walked += 1
    assert walked > 20
    assert {HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]} <= found


def test_export_commands_write_names_as_text(data, tmp_path):
    path = tmp_path / "libro.xlsx"
    call_command("export_workbook", str(path), stdout=io.StringIO())
    found = _names_found(assert_xlsx_is_text(path.read_bytes(), "export_workbook"))
    for kind in KINDS:
        out = tmp_path / f"{kind}.xlsx"
        call_command("export_matrix", kind, "--vigencia", "2025", "--corte", "2025-06-30", "--output", str(out),
                     stdout=io.StringIO())
        found |= _names_found(assert_xlsx_is_text(out.read_bytes(), f"export_matrix {kind}"))
    assert found == set(HOSTILE)

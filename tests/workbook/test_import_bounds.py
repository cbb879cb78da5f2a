"""Workbooks too large for their few kilobytes are refused before any parsing, in Spanish, in
milliseconds and a few MB (issue 15, 2.2): a declared dimension or a real row count beyond the
rows per sheet, too many cells, too many shared strings, too many bytes unzipped, a zip bomb."""
from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest

from isvimed_planning.workbook.importer import import_workbook
from isvimed_planning.workbook.models import ImportJob
from tests.conftest import client_for
from tests.workbook.builders import base_data, db_state, run_import, write
from tests.workbook.hostile import MAIN, book, inline_row, sheet_xml

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# ../shared/data next to the clone (or next to the worktrees' folder); a fresh clone has none.
SAMPLE = next(
    (p for p in (ROOT.parent / "shared/data/sample-workbook.xlsx", ROOT.parent.parent / "shared/data/sample-workbook.xlsx")
     if p.exists()),
    None,
)
HEADER = ["bpin", "nombre", "codigo_programa", "codigo_dependencia", "responsable", "tipo_recurso",
          "codigo_territorio", "fecha_inicio", "fecha_fin"]
MEASURED: dict[str, tuple] = {}


def timed_import(content: bytes):
    """import_workbook of `content` as the browser's worker runs it: (result, seconds, peak MB)."""
    source = io.BytesIO(content)
    source.name = "libro.xlsx"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = import_workbook(source, filename="libro.xlsx", dry_run=True)
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result, seconds, peak


def assert_refused_fast(content: bytes, lines: list[str], label: str):
    before = db_state()
    result, seconds, peak = timed_import(content)
    print(f"\n{label}: {len(content):,} bytes refused in {seconds * 1000:.1f} ms, peak {peak:.1f} MB")
    MEASURED[label] = (len(content), seconds, peak)
    assert [e.line for e in result.errors] == lines
    assert seconds < 1.0
    assert peak < 100
    assert db_state() == before


def million_rows_declared() -> bytes:
    """The attack of issue 15: `A1:XFD1048576` declared, one row at 1,048,576 (padded to ~12 KB
    with ordinary rows, as the attacker's file was)."""
    names = ["Viviendas", "Mejoramiento", "Titulación", "Reasentamiento", "Arrendamiento", "Legalización"]
    rows = [inline_row(1, HEADER)] + [
        inline_row(n, [f"2024050{(n * 7919) % 1000003:07d}", f"{names[n % 6]} {(n * 104729) % 9973} comuna {n % 16}",
                       "4.3.1", "SUB", f"resp{n % 20:02d}", "ordinario", "", "2024-01-15", "2027-12-31"])
        for n in range(2, 240)
    ] + [inline_row(1048576, ["x"])]
    return book({"proyectos": sheet_xml(rows, "A1:XFD1048576")})


def test_a_12_kb_workbook_declaring_a_million_rows_is_refused_in_under_a_second():
    content = million_rows_declared()
    assert 8_000 < len(content) < 16_000
    assert_refused_fast(content, [
        "proyectos:-:-: la hoja declara el rango A1:XFD1048576 (1.048.576 filas): el máximo es 200.000 filas por "
        "hoja; divida el libro en varios"
    ], "12 KB, A1:XFD1048576")


def test_one_row_at_1048576_without_a_dimension_is_refused():
    content = book({"proyectos": sheet_xml([inline_row(1, HEADER), inline_row(1048576, ["x"])])})
    assert_refused_fast(content, [
        "proyectos:-:-: la hoja llega hasta la fila 1.048.576: el máximo es 200.000 filas por hoja; divida el "
        "libro en varios"
    ], "one row at 1,048,576, no dimension")


def test_a_million_real_rows_in_a_few_hundred_kb_are_refused():
    rows = (f"<row><c><v>{n % 10}</v></c></row>" for n in range(1_000_000))
    content = book({"avance_fisico": sheet_xml(rows)})
    assert len(content) < 400_000
    assert_refused_fast(content, [
        "libro:-:-: el archivo está comprimido de forma anómala (la parte xl/worksheets/sheet1.xml se expande "
        f"{len_ratio(content)} veces; un libro de Excel, menos de 100): no se procesa"
    ], "1,000,000 rows")


def len_ratio(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    return f"{info.file_size // info.compress_size:,}".replace(",", ".")


def test_more_rows_than_the_limit_counted_in_the_sheet_are_refused(settings):
    settings.WORKBOOK_MAX_ROWS_PER_SHEET = 1000
    rows = [inline_row(n, [f"B{n}", n]) for n in range(1, 1002)]
    content = book({"vigencias": sheet_xml(rows)})  # no dimension: only the rows say how many
    assert_refused_fast(content, [
        "vigencias:-:-: la hoja llega hasta la fila 1.001: el máximo es 1.000 filas por hoja; divida el libro "
        "en varios"
    ], "1,001 rows, limit 1,000")


def test_rows_without_numbers_are_counted_too(settings):
    settings.WORKBOOK_MAX_ROWS_PER_SHEET = 1000
    rows = [inline_row(n, [f"B{n}", n], numbered=False) for n in range(1, 1002)]
    content = book({"vigencias": sheet_xml(rows)})
    assert_refused_fast(content, [
        "vigencias:-:-: la hoja tiene 1.001 filas o más: el máximo es 1.000 filas por hoja; divida el libro en "
        "varios"
    ], "1,001 unnumbered rows")


def test_four_million_shared_strings_are_refused():
    strings = [f"<sst xmlns=\"{MAIN}\">", *("<si><t>x</t></si>" for _ in range(4_000_000)), "</sst>"]
    content = book({"proyectos": sheet_xml([inline_row(1, HEADER)])}, shared_strings=strings)
    assert len(content) < 1_500_000
    assert_refused_fast(content, [
        "libro:-:-: el archivo está comprimido de forma anómala (la parte xl/sharedStrings.xml se expande "
        f"{ratio_of(content, 'xl/sharedStrings.xml')} veces; un libro de Excel, menos de 100): no se procesa"
    ], "4,000,000 shared strings")


def ratio_of(content: bytes, part: str) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        info = z.getinfo(part)
    return f"{int(info.file_size / info.compress_size):,}".replace(",", ".")


def test_shared_strings_beyond_the_limit_are_counted_when_not_declared(settings):
    settings.WORKBOOK_MAX_SHARED_STRINGS = 1000
    strings = [f"<sst xmlns=\"{MAIN}\">", *(f"<si><t>texto {n}</t></si>" for n in range(1001)), "</sst>"]
    content = book({"proyectos": sheet_xml([inline_row(1, HEADER)])}, shared_strings=strings)
    assert_refused_fast(content, [
        "libro:-:-: el libro tiene 1.001 textos compartidos o más: el máximo es 1.000; divida el libro en varios"
    ], "1,001 shared strings, limit 1,000")


def test_shared_strings_declared_beyond_the_limit_are_refused_from_the_first_bytes():
    strings = [f'<sst xmlns="{MAIN}" count="4000000" uniqueCount="4000000">', "<si><t>x</t></si>", "</sst>"]
    content = book({"proyectos": sheet_xml([inline_row(1, HEADER)])}, shared_strings=strings)
    assert_refused_fast(content, [
        "libro:-:-: el libro tiene 4.000.000 textos compartidos o más: el máximo es 500.000; divida el libro en "
        "varios"
    ], "4,000,000 shared strings declared")


def test_too_many_cells_declared_are_refused(settings):
    settings.WORKBOOK_MAX_CELLS = 1000
    sheet = sheet_xml([inline_row(1, ["anio", "tope_global"])], "A1:L100")
    content = book({"vigencias": sheet})
    assert_refused_fast(content, [
        "libro:-:-: el libro declara 1.200 celdas (filas × columnas de cada hoja): el máximo es 1.000; divida el "
        "libro en varios"
    ], "A1:L100 declared, limit 1,000 cells")


def test_too_many_cells_counted_are_refused(settings):
    settings.WORKBOOK_MAX_CELLS = 50
    content = write(base_data()).getvalue()
    result, _, _ = timed_import(content)
    assert [e.line for e in result.errors] == [
        "libro:-:-: el libro tiene 67 celdas o más: el máximo es 50; divida el libro en varios"
    ]


def test_a_workbook_larger_unzipped_than_the_limit_is_refused(settings):
    settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES = 20 * 1024
    content = write(base_data()).getvalue()
    result, _, _ = timed_import(content)
    assert [e.line for e in result.errors] == [
        f"libro:-:-: el libro ocupa {mb(content)} sin comprimir: el máximo es 0,0 MB; divida el libro en varios"
    ]


def mb(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        total = sum(i.file_size for i in z.infolist())
    return f"{total / 1048576:.1f}".replace(".", ",") + " MB"


def test_the_command_refuses_the_12_kb_workbook_with_one_line(tmp_path):
    path = tmp_path / "millon.xlsx"
    path.write_bytes(million_rows_declared())
    started = time.perf_counter()
    code, out, err = run_import(path, tmp_path)
    assert time.perf_counter() - started < 1.0
    assert code == 1
    assert err == [
        "proyectos:-:-: la hoja declara el rango A1:XFD1048576 (1.048.576 filas): el máximo es 200.000 filas por "
        "hoja; divida el libro en varios",
        "1 errores: no se importó nada.",
    ]


def test_the_upload_form_refuses_it_at_once_without_a_job(planner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("millon.xlsx", million_rows_declared())
    client = client_for(planner)
    assert client.get("/libro/").status_code == 200  # the page's own first-request costs, not timed
    started = time.perf_counter()
    response = client.post("/libro/", {"file": upload})
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 200
    assert (
        "No se puede importar el libro: en la hoja «proyectos», la hoja declara el rango A1:XFD1048576 "
        "(1.048.576 filas): el máximo es 200.000 filas por hoja; divida el libro en varios."
    ) in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.skipif(SAMPLE is None, reason="no ../shared/data/sample-workbook.xlsx next to this clone")
def test_the_sample_workbook_is_within_every_bound_and_imports(tmp_path):
    code, out, err = run_import(SAMPLE, tmp_path, "--crear-usuarios")
    assert code == 0, err[:20]
    assert out.splitlines()[-1] == "Libro importado."


def test_100_000_invalid_rows_in_about_40_kb_are_refused():
    header = inline_row(1, ["bpin", "anio", "mes", "codigo_producto", "cantidad"])
    rows = (inline_row(0, ["X", "abc", 13, "P", -1], numbered=False) for _ in range(100_000))
    content = book({"avance_fisico": sheet_xml([header, *rows])})
    assert len(content) < 80_000
    assert_refused_fast(content, [
        "libro:-:-: el archivo está comprimido de forma anómala (la parte xl/worksheets/sheet1.xml se expande "
        f"{ratio_of(content, 'xl/worksheets/sheet1.xml')} veces; un libro de Excel, menos de 100): no se procesa"
    ], "100,000 invalid rows")

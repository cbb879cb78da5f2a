"""An .xlsx download larger than xlsx.SPOOL_BYTES is sent from its temporary file in blocks
(a FileResponse), not read into the process; a smaller one stays an ordinary response. Either
way the user gets the same file."""
import io

import openpyxl

from isvimed_planning import xlsx


def _sheet():
    return [xlsx.Sheet(name="Lista", rows=([f"Fila {n}", n] for n in range(1, 2001)))]


def _rows(body: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(body), read_only=True)["Lista"].iter_rows(values_only=True))


def test_a_large_download_is_streamed_from_its_file_and_complete(monkeypatch):
    monkeypatch.setattr(xlsx, "SPOOL_BYTES", 1024)

    response = xlsx.download(_sheet(), "lista.xlsx")

    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="lista.xlsx"')
    body = b"".join(response.streaming_content)
    response.close()
    rows = _rows(body)
    assert len(rows) == 2000 and rows[0] == ("Fila 1", 1) and rows[-1] == ("Fila 2000", 2000)


def test_a_small_download_is_an_ordinary_response_with_the_same_file():
    response = xlsx.download(_sheet(), "lista.xlsx")

    assert not response.streaming
    assert _rows(response.content)[-1] == ("Fila 2000", 2000)

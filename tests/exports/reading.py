"""Reading back a list page's Excel download (isvimed_planning.list_export): its header row and
its data rows, with the cells' number formats."""
from __future__ import annotations

import io

import openpyxl

from isvimed_planning.list_export import HEADER_ROW


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def table(response) -> tuple[list[str], list[list]]:
    """(headers, rows of values) of the download."""
    ws = workbook(response)
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[HEADER_ROW]), [list(r) for r in rows[HEADER_ROW + 1:]]


def column(response, header: str) -> list:
    headers, rows = table(response)
    index = headers.index(header)
    return [r[index] for r in rows]


def cells(response, header: str):
    """The openpyxl cells of one column, data rows only."""
    ws = workbook(response)
    headers = [c.value for c in ws[HEADER_ROW + 1]]
    index = headers.index(header)
    return [row[index] for row in ws.iter_rows(min_row=HEADER_ROW + 2)]

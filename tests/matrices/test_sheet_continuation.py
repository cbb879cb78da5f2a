"""A matrix sheet past Excel's row limit continues on `Nombre 2`, `Nombre 3`, … (MATRICES.md,
common rules), each with the title block and the header, the rows in order, none lost or
repeated. The limit is made small here (the writer's `max_rows`, settings.XLSX_MAX_ROWS)
instead of writing a million rows; the Georreferenciación is streamed from the database."""
import io

import pytest
from django.test import override_settings

from monitoring import figures, matrix_services
from monitoring.matrices import compute, write_xlsx
from tests.matrices.builders import CUTOFF, YEAR, assert_layout, load
from tests.matrices.test_georreferenciacion import PAIR_FORMATS, PAIR_HEADERS, SUMMARY_FORMATS, SUMMARY_HEADERS


def _book(*, stream: bool, max_rows: int | None = None):
    buffer = io.BytesIO()
    write_xlsx(compute("georreferenciacion", year=YEAR, cutoff=CUTOFF, stream=stream), buffer, year=YEAR,
               cutoff=CUTOFF, max_rows=max_rows)
    return load(buffer.getvalue())


def _data_rows(ws, width: int) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_row=ws.max_row, max_col=width)]


def test_a_sheet_past_the_row_limit_continues_on_numbered_sheets_with_title_and_header(data):
    whole = _book(stream=False)
    pairs = _data_rows(whole["Georreferenciación"], 10)
    summary = _data_rows(whole["Resumen por territorio"], 7)
    assert len(pairs) == 4 and len(summary) == 22

    # 8 rows a sheet: the title block (3), an empty row, the header, three data rows.
    wb = _book(stream=True, max_rows=8)

    assert wb.sheetnames == ["Georreferenciación", "Georreferenciación 2"] + [
        "Resumen por territorio" + ("" if n == 1 else f" {n}") for n in range(1, 9)
    ]
    got_pairs, got_summary = [], []
    for name in wb.sheetnames:
        ws = wb[name]
        is_pairs = name.startswith("Georreferenciación")
        rows = _data_rows(ws, 10 if is_pairs else 7)
        assert 1 <= len(rows) <= 3, name
        assert ws.auto_filter.ref == f"A5:{'J' if is_pairs else 'G'}{5 + len(rows)}"
        assert_layout(ws, title="Georreferenciación", headers=PAIR_HEADERS if is_pairs else SUMMARY_HEADERS,
                      formats=PAIR_FORMATS if is_pairs else SUMMARY_FORMATS, rows=rows)
        (got_pairs if is_pairs else got_summary).extend(rows)
    # Every row once, in the order of the single sheet.
    assert got_pairs == pairs
    assert got_summary == summary


def test_rows_that_just_fill_a_sheet_make_no_empty_continuation(data):
    wb = _book(stream=True, max_rows=5 + 4)  # the four pairs exactly

    assert wb.sheetnames[:2] == ["Georreferenciación", "Resumen por territorio"]
    assert wb["Georreferenciación"].max_row == 9


def test_the_limit_is_a_setting_and_the_service_export_streams(data):
    buffer = io.BytesIO()
    with override_settings(XLSX_MAX_ROWS=7):
        matrix_services.export(kind="georreferenciacion", year=YEAR, cutoff=CUTOFF, fileobj=buffer)
    wb = load(buffer.getvalue())

    assert wb.sheetnames[:3] == ["Georreferenciación", "Georreferenciación 2", "Resumen por territorio"]
    assert _data_rows(wb["Georreferenciación"], 10) + _data_rows(wb["Georreferenciación 2"], 10) == _data_rows(
        _book(stream=False)["Georreferenciación"], 10)


def test_the_pairs_read_a_few_projects_at_a_time_keep_their_order_and_totals(data):
    everything = figures.territory_figures(year=YEAR, cutoff=CUTOFF)
    totals = figures.TerritoryTotals()

    one_by_one = list(figures.territory_pairs(cutoff=CUTOFF, totals=totals, chunk_size=1))

    assert one_by_one == everything.pairs
    assert totals.summary() == everything.territories
    assert figures.territory_pair_count(cutoff=CUTOFF) == len(everything.pairs) == 4


def test_a_limit_that_leaves_no_room_for_data_is_refused(data):
    with pytest.raises(ValueError, match="no deja lugar para los datos"):
        _book(stream=True, max_rows=5)

"""The biggest exports stream: their peak memory (tracemalloc) does not grow with the number of
rows. Each is measured at two sizes of seed_scale, ten times apart in rows (10 and 100
projects: ~3,300 and ~33,000 workbook rows, 240 and 2,400 monthly reports, ~130 and ~1,300
Georreferenciación pairs, ~30 and ~300 Plan de Acción products). The chunks read from the
database are made small here (in service they are 500–2,000 rows), so that both sizes fill them
and only what is held besides a chunk can show; holding every row costs several MB more at the
larger size, the bound allows 1 MB. The workbook is measured a second time cut into sheets of
1,000 rows (continuation sheets, WORKBOOK.md): the larger size takes some 30 sheets more
(openpyxl keeps ~13 KB of each sheet until the file is saved), not its rows."""
import datetime as dt
import tempfile
import tracemalloc

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from .builders import _Null

pytestmark = pytest.mark.django_db

SMALL_SCALE, LARGE_SCALE = 0.05, 0.5  # 10 and 100 projects
SLACK = 1_048_576
CHUNK = 20
CONTINUED: dict[str, int] = {}  # the rows per sheet of the last export cut into continuation sheets


def _peak(func, *, warm: bool = True) -> int:
    if warm:
        func()  # once untraced: imports, templates and per-process caches are not the export's rows
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _exports(client, *, warm: bool = True) -> dict[str, int]:
    from isvimed_planning.models import User
    from isvimed_planning.workbook.exporter import export_workbook
    from monitoring import matrix_services

    client.force_login(User.objects.get(username="planeador"))

    def workbook():
        with tempfile.TemporaryFile() as target:
            counts = export_workbook(target)
        assert sum(counts.values()) > 0

    def workbook_continued():
        # Sheets of 1,000 rows: at the larger size the biggest sheets continue on 7 numbered sheets.
        with tempfile.TemporaryFile() as target, override_settings(XLSX_MAX_ROWS=1_000):
            CONTINUED.update(export_workbook(target))

    def reports_list():
        response = client.get("/seguimiento/reportes/exportar/", secure=True)
        assert response.status_code == 200

    def georreferenciacion():
        with tempfile.TemporaryFile() as target:
            matrix_services.export(kind="georreferenciacion", year=2026, cutoff=dt.date(2026, 12, 31), fileobj=target)

    def action_plan_xlsx():
        response = client.get("/plan-accion/2026/plan.xlsx", secure=True)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content

    def budget_xlsx(name):
        def download():
            response = client.get(f"/presupuesto/2026/{name}", secure=True)
            assert response.status_code == 200
            b"".join(response.streaming_content) if response.streaming else response.content

        return download

    def plan_accion():
        with tempfile.TemporaryFile() as target:
            matrix_services.export(kind="plan-accion", year=2026, cutoff=dt.date(2026, 12, 31), fileobj=target)

    return {"export_workbook": _peak(workbook, warm=warm),
            "export_workbook (continuation sheets)": _peak(workbook_continued, warm=warm),
            "Lista de reportes": _peak(reports_list, warm=warm),
            "Georreferenciación": _peak(georreferenciacion, warm=warm), "Plan de Acción": _peak(plan_accion, warm=warm),
            "Plan de acción (.xlsx)": _peak(action_plan_xlsx, warm=warm),
            **{f"Presupuesto {name}": _peak(budget_xlsx(name), warm=warm)
               for name in ("techos.xlsx", "costos-unitarios.xlsx", "poai.xlsx")}}


@pytest.fixture
def small_chunks(monkeypatch):
    import action_plan.workbook
    import budget.workbook
    import monitoring.workbook
    import projects.workbook
    from isvimed_planning import list_export
    from monitoring import figures

    for module in (action_plan.workbook, budget.workbook, monitoring.workbook, projects.workbook):
        monkeypatch.setattr(module, "EXPORT_CHUNK", CHUNK)
    monkeypatch.setattr(list_export, "LIST_CHUNK", CHUNK)
    monkeypatch.setattr(figures, "PAIR_CHUNK", 2)  # projects: ~26 pairs
    monkeypatch.setattr(figures, "PROJECT_CHUNK", 2)  # projects: their products and sources
    import action_plan.exports

    monkeypatch.setattr(action_plan.exports, "CHUNK", 2)  # the action plan's entries
    import budget.exports

    monkeypatch.setattr(budget.exports, "CHUNK", 2)  # the budget year's projects (techos, costos, POAI)


def test_the_biggest_exports_peak_memory_does_not_grow_with_the_rows(client, small_chunks):
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            call_command("seed_scale", stdout=_Null(), scale=SMALL_SCALE)
            small = _exports(client)
            raise Rollback
    except Rollback:
        pass
    call_command("seed_scale", stdout=_Null(), scale=LARGE_SCALE)
    large = _exports(client, warm=False)  # warmed up at the small size

    grown = {name: round((large[name] - small[name]) / 1_048_576, 2) for name in small}
    assert max(CONTINUED.values()) > 1_000  # the larger size did continue on numbered sheets
    assert all(large[name] <= small[name] + SLACK for name in small), (small, large, grown)

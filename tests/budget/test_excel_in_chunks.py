"""The budget year's Excel downloads (techos, costos unitarios, POAI) are written a chunk of
projects at a time (a whole administration's year has 20,000): every project once, in the page's
order, a lead only their own, and the totals of the whole year, with no more than a chunk of
projects read at once."""
from __future__ import annotations

import datetime as dt
import gc
import io
import weakref
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from budget import exports, selectors
from budget.models import BudgetModification, UnitCost
from projects.models import Project
from tests import factories
from tests.budget.builders import allocate, fiscal_year, numbered_project
from tests.exports.reading import column

pytestmark = pytest.mark.django_db
M = 1_000_000


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 15, 0), tick=False):
        yield


@pytest.fixture
def year(lead, lead2, monkeypatch):
    """Five projects (BPIN 2026000001…005), 1–3 the lead's and 4–5 lead2's; project n has n million
    of Recursos propios, the odd ones 500.000 of SGP too, project 2 an addition of 100.000; projects
    3 and 5 are of program 4.2.2, the others of 4.2.1. Each product's goal is 100 at 20.000 a unit
    (2 million: project 1's money does not pay for it); project 3 has a second product (10 × 20.000).
    The downloads read two projects at a time."""
    monkeypatch.setattr(exports, "CHUNK", 2)
    fy = fiscal_year(2026)
    improvement = factories.program("4.2.2", "Mejoramiento de vivienda")
    projects = {}
    for n in range(1, 6):
        project, _ = numbered_project(lead if n <= 3 else lead2, n, unit_cost="20000")
        if n in (3, 5):
            Project.objects.filter(pk=project.pk).update(program=improvement)
        allocate(fy, project, f"{n * M}")
        if n % 2:
            allocate(fy, project, "500000", source="SGP")
        projects[n] = project
    BudgetModification.objects.create(
        fiscal_year=fy, project=projects[2], date=dt.date(2026, 2, 1), kind="addition", amount=Decimal("100000"),
        source=factories.funding_source("Recursos propios"),
    )
    second = factories.product(projects[3], code="P2", goals={2026: "10"}, name="Mejoramientos 03")
    UnitCost.objects.create(product=second, year=2026, amount=Decimal("20000"))
    return fy


def bpin(n: int) -> str:
    return f"2026000{n:03d}"


def _read_at_once(monkeypatch, name: str, size) -> list[int]:
    """How many projects each call of selectors.`name` read."""
    real, sizes = getattr(selectors, name), []

    def spy(first, *args, **kwargs):
        result = real(first, *args, **kwargs)
        sizes.append(size(first, result))
        return result

    monkeypatch.setattr(selectors, name, spy)
    return sizes


def test_the_techos_excel_has_every_allocation_once_in_order_and_adds_up_to_the_year(login, planner, lead, year, monkeypatch):
    sizes = _read_at_once(monkeypatch, "allocation_rows", lambda allocations, rows: len(rows))
    response = login(planner).get("/presupuesto/2026/techos.xlsx")
    # The budget year page's order: by program (4.2.1: projects 1, 2, 4; then 4.2.2: 3, 5), BPIN, source.
    assert column(response, "BPIN") == [bpin(1), bpin(1), bpin(2), bpin(4), bpin(3), bpin(3), bpin(5), bpin(5)]
    assert column(response, "Fuente") == ["01 Recursos propios", "02 SGP", "01 Recursos propios"] + [
        "01 Recursos propios", "01 Recursos propios", "02 SGP", "01 Recursos propios", "02 SGP"]
    assert column(response, "Techo") == [M, 500000, 2 * M, 4 * M, 3 * M, 500000, 5 * M, 500000]
    definitive = column(response, "Presupuesto definitivo del proyecto")
    assert definitive == [1500000, None, 2100000, 4 * M, 3500000, None, 5500000, None]
    assert sum(v or 0 for v in definitive) == 16600000  # the year's definitive budget
    assert sizes and max(sizes) <= 2  # never more than a chunk of projects at once

    response = login(lead).get("/presupuesto/2026/techos.xlsx")
    assert column(response, "BPIN") == [bpin(1), bpin(1), bpin(2), bpin(3), bpin(3)]


def test_the_unit_costs_excel_has_every_product_once_in_order(login, planner, lead2, year, monkeypatch):
    sizes = _read_at_once(monkeypatch, "affordability", lambda ids, afford: len(list(ids)))
    client = login(planner)
    response = client.get("/presupuesto/2026/costos-unitarios.xlsx")
    assert column(response, "BPIN") == [bpin(1), bpin(2), bpin(3), bpin(3), bpin(4), bpin(5)]
    assert column(response, "Código del producto") == ["P1", "P1", "P1", "P2", "P1", "P1"]
    assert column(response, "Presupuesto del proyecto") == [1500000, 2100000, 3500000, None, 4 * M, 5500000]
    assert column(response, "Costo de las metas del proyecto") == [2 * M, 2 * M, 2200000, None, 2 * M, 2 * M]
    assert column(response, "Alcanza") == ["No", "Sí", "Sí", None, "Sí", "Sí"]
    assert column(response, "Meta que paga el presupuesto") == [75, 105, 159, 15, 200, 275]
    assert sizes and max(sizes) <= 2

    assert column(client.get("/presupuesto/2026/costos-unitarios.xlsx?metas=1"), "BPIN") == [bpin(1)]
    assert column(login(lead2).get("/presupuesto/2026/costos-unitarios.xlsx"), "BPIN") == [bpin(4), bpin(5)]


def _poai(client) -> dict[str, list[tuple]]:
    response = client.get("/presupuesto/2026/poai.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(min_row=5, values_only=True)) for ws in book.worksheets}


def test_the_poai_excel_has_every_project_once_by_program_and_the_totals_of_the_year(login, reader, lead, year, monkeypatch):
    real, sizes = selectors.with_budget, []

    def spy(projects, *args):
        annotated = real(projects, *args)
        sizes.append(annotated.count())
        return annotated

    monkeypatch.setattr(selectors, "with_budget", spy)
    sheets = _poai(login(reader))
    poai = sheets["POAI"]
    # Program 4.2.1 (projects 1, 2, 4) then 4.2.2 (3, 5): each program spans two chunks of two.
    assert [(row[0], row[1]) for row in poai] == [
        ("4.2.1 Vivienda nueva", bpin(1)), ("4.2.1 Vivienda nueva", bpin(2)), ("4.2.1 Vivienda nueva", bpin(4)),
        ("Total programa 4.2.1", None),
        ("4.2.2 Mejoramiento de vivienda", bpin(3)), ("4.2.2 Mejoramiento de vivienda", bpin(5)),
        ("Total programa 4.2.2", None),
        ("Total POAI", None),
    ]
    # Initial, modifications, definitive, definitive of Recursos propios, of SGP.
    assert poai[0][3:] == (1500000, 0, 1500000, M, 500000)
    assert poai[1][3:] == (2 * M, 100000, 2100000, 2100000, None)
    assert poai[3][3:] == (7500000, 100000, 7600000, 7100000, 500000)
    assert poai[6][3:] == (9 * M, 0, 9 * M, 8 * M, M)
    assert poai[7][3:] == (16500000, 100000, 16600000, 15100000, 1500000)
    detail = sheets["POAI por fuente"]
    assert [(row[1], row[3]) for row in detail] == [
        (bpin(1), "01"), (bpin(1), "02"), (bpin(2), "01"), (bpin(4), "01"), (bpin(3), "01"), (bpin(3), "02"),
        (bpin(5), "01"), (bpin(5), "02"),
    ]
    assert sheets["Resumen por fuente"] == [
        ("01", "Recursos propios", 5, 15 * M, 100000, 15100000),
        ("02", "SGP", 3, 1500000, 0, 1500000),
        ("Total", None, 5, 16500000, 100000, 16600000),
    ]
    assert sizes and max(sizes) <= 2  # never more than a chunk of projects at once

    sheets = _poai(login(lead))
    assert [row[1] for row in sheets["POAI"]] == [bpin(1), bpin(2), None, bpin(3), None, None]
    assert sheets["POAI"][-1][3:] == (7 * M, 100000, 7100000, 6100000, M)
    assert sheets["Resumen por fuente"][-1] == ("Total", None, 3, 7 * M, 100000, 7100000)


@pytest.mark.parametrize("url, reader, read", [
    ("techos.xlsx", "allocation_rows", lambda rows: rows),
    ("costos-unitarios.xlsx", "affordability", lambda afford: list(afford.values())),
    ("poai.xlsx", "poai_projects", lambda items: items),
])
def test_a_chunks_rows_are_freed_before_the_next_chunk_is_read(login, planner, year, monkeypatch, url, reader, read):
    real, calls, seen = getattr(selectors, reader), [], []

    def spy(*args, **kwargs):
        alive = sum(ref() is not None for ref in seen)  # rows of the chunks read before
        result = real(*args, **kwargs)
        calls.append((len(read(result)), alive))
        seen.extend(weakref.ref(row) for row in read(result))
        return result

    monkeypatch.setattr(selectors, reader, spy)
    client = login(planner)
    gc.disable()  # reference counting only: what a collection would free later is what piled up
    try:
        assert client.get(f"/presupuesto/2026/{url}").status_code == 200
    finally:
        gc.enable()
    sizes = [size for size, _ in calls]
    assert sizes == [2, 2, 1] * (2 if url == "poai.xlsx" else 1)  # the POAI's first two sheets read them each
    # At most the last row written (the writer's current line) is still held when the next chunk is read.
    assert all(alive <= 1 for _, alive in calls), calls

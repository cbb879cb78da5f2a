"""The early warning on the pages: the projection at the close on the dashboard and the project
page, and the third line «Proyección» of the programmed-vs-reported curves. The matrices' data
set and plan; the projections are hand-computed in test_projection.py."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.matrices.builders import dataset
from tests.matrices.test_plan_accion_programming import program


@pytest.fixture
def data(db, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    return data


def _between(page: str, testid: str, end: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split(">", 1)[1].split(end)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _projection_points(curve: str) -> list[str]:
    return [t for t in re.findall(r"<title>([^<]+)</title>", curve) if t.startswith("Proyección")]


NOON = dt.datetime(2025, 6, 20, 12, 0, tzinfo=ZoneInfo("America/Bogota"))  # no reporting period: the cycle is June 2025
MONTHS = ["Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


def test_the_dashboard_projects_the_close_and_draws_the_projection(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=6").content.decode()
    # A (1.650 M) and C (400 M) have programming, B has none: weighted by budget,
    # physical (90,91 % × 1.650 + 50 % × 400) / 2.050, financial (60,61 % × 1.650 + 25 % × 400) / 2.050.
    assert _text(_between(page, "projection", "</p>")) == (
        "Proyección al cierre: física 82,9 % Sobresaliente · financiera 53,7 % Bajo"
    )
    assert "Cómo se calcula la proyección al cierre" in page
    curve = _between(page, "programming-curve", "</svg>")
    # From June on: 500 M (A) + 350 M (B, no programming: stays) + 0 (C) = 850 M; then July's
    # programming at each pace: A 500 M × 1, C 100 M × 1: 1.450 M to December.
    assert _projection_points(curve) == ["Proyección, Jun: $ 850.000.000"] + [
        f"Proyección, {m}: $ 1.450.000.000" for m in MONTHS
    ]
    assert 'class="curve-series c-projection" data-series="Proyección"' in curve
    program_curve = _between(page, "program-curves", "</details>")
    assert "Proyección, Dic: $ 1.100.000.000" in _projection_points(program_curve)  # 4.2.9: A and C


def test_a_lead_sees_the_projection_of_their_projects(login, lead, data):
    page = login(lead).get("/seguimiento/?anio=2025&mes=6").content.decode()
    assert _text(_between(page, "projection", "</p>")) == (
        "Proyección al cierre: física 90,9 % Sobresaliente · financiera 60,6 % Medio"
    )


def test_the_project_page_shows_the_projection_at_the_close(login, planner, data, time_machine):
    time_machine.move_to(NOON)
    section = _between(login(planner).get(f"/proyectos/{data.a.pk}/").content.decode(), "project-programming", "</section>")
    assert _text(_between(section, "project-projection", "</p>")) == (
        "Proyección al cierre: física 90,9 % Sobresaliente · financiera 60,6 % Medio"
    )
    # 500 M committed to June, July's 500 M at pace 1.
    assert _projection_points(_between(section, "project-programming-curve", "</svg>")) == [
        "Proyección, Jun: $ 500.000.000"
    ] + [f"Proyección, {m}: $ 1.000.000.000" for m in MONTHS]


def test_a_project_without_programming_has_no_projection(login, planner, data, time_machine):
    time_machine.move_to(NOON)
    section = _between(login(planner).get(f"/proyectos/{data.b.pk}/").content.decode(), "project-programming", "</section>")
    assert _text(_between(section, "project-projection", "</p>")) == "Proyección al cierre: Sin dato"
    assert _projection_points(section) == []


def test_the_cached_projection_follows_a_change_of_the_programming(login, lead, data):
    from decimal import Decimal

    from action_plan.models import FinancialMonthlyTarget

    client = login(lead)
    assert "financiera 60,6 % Medio" in _text(_between(client.get("/seguimiento/?anio=2025&mes=6").content.decode(), "projection", "</p>"))
    july = FinancialMonthlyTarget.objects.get(entry__project=data.a, month=7)
    july.amount = Decimal("800000000")  # 500 M + 800 M of 1.650 M = 78,8 %
    july.save()
    assert "financiera 78,8 % Satisfactorio" in _text(
        _between(client.get("/seguimiento/?anio=2025&mes=6").content.decode(), "projection", "</p>")
    )

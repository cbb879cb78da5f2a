"""The ANS dashboard (/ans/) shows, per step, what is open, at risk and overdue now, and the share
done on time and the average duration over the chosen period, as computed here by hand."""
import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import FiscalYear
from tests import factories

from .builders import instance

TODAY = dt.datetime(2025, 6, 30, 12, 0)
D = dt.date


def _cells(html: str, step: str) -> list[str]:
    row = re.search(rf'<tr data-step="{step}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


# (start, due, completed_on or None) of the project instances of the small data set.
PROJECT_CLOCKS = [
    (D(2025, 3, 1), D(2025, 4, 1), D(2025, 3, 21)),  # done on time, 20 days
    (D(2025, 4, 1), D(2025, 5, 1), D(2025, 5, 11)),  # done late, 40 days
    (D(2025, 6, 1), D(2025, 7, 1), None),  # 1 day of 30 left: at risk
    (D(2025, 6, 20), D(2025, 7, 20), None),  # on time
    (D(2024, 11, 1), D(2024, 12, 1), D(2024, 11, 10)),  # done before the period: not counted
]


@pytest.fixture
def data(lead):
    for n, (start, due, done) in enumerate(PROJECT_CLOCKS):
        proj = factories.project(lead=lead, name=f"Proyecto {n}")
        instance(proj, step="project", start=start, due=due, completed_on=done, title=proj.name, responsible=lead)
    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("1000"))
    instance(fy, step="budget", start=D(2024, 9, 1), due=D(2025, 1, 1), title="Presupuesto de la vigencia 2025")


def _expected(since: dt.date, until: dt.date):
    today = TODAY.date()
    open_ = [c for c in PROJECT_CLOCKS if c[2] is None]
    at_risk = [c for c in open_ if (c[1] - today).days < Decimal("0.2") * (c[1] - c[0]).days]
    done = [c for c in PROJECT_CLOCKS if c[2] and since <= c[2] <= until]
    on_time = [c for c in done if c[2] <= c[1]]
    avg = sum((c[2] - c[0]).days for c in done) / len(done)
    return len(open_), len(at_risk), len(done), f"{100 * len(on_time) / len(done):.1f}".replace(".", ",") + " %", avg


@time_machine.travel(TODAY, tick=False)
def test_dashboard_figures_per_step_match_a_hand_computation(data, login, planner):
    html = login(planner).get("/ans/").content.decode()
    opened, at_risk, done, ratio, avg = _expected(D(2025, 1, 1), TODAY.date())
    assert (opened, at_risk, done, ratio, avg) == (2, 1, 2, "50,0 %", 30)
    assert _cells(html, "project") == [
        "4.2 Formulación e inscripción de proyectos", "1 mes", str(opened), str(at_risk), "0", str(done), ratio, "30",
    ]
    assert _cells(html, "budget") == ["4.3 Definición del presupuesto", "4 meses", "1", "0", "1", "0", "—", "—"]
    assert _cells(html, "total")[2:] == ["3", "1", "1", "2", "50,0 %", "30"]


@time_machine.travel(TODAY, tick=False)
def test_the_chosen_period_changes_the_share_done_on_time_and_the_average(data, login, reader):
    html = login(reader).get("/ans/", {"desde": "2025-05-01", "hasta": "2025-06-30"}).content.decode()
    assert _expected(D(2025, 5, 1), D(2025, 6, 30))[2:] == (1, "0,0 %", 40)
    assert _cells(html, "project")[5:] == ["1", "0,0 %", "40"]


@time_machine.travel(TODAY, tick=False)
def test_each_open_instance_shows_its_clock(data, login, director):
    html = login(director).get("/ans/").content.decode()
    assert "Presupuesto de la vigencia 2025" in html
    assert "Vencido hace 180 días" in html  # due 01/01/2025
    assert "Quedan 1 día" in html and "Quedan 20 días" in html
    assert '<progress max="100" value="97"' in html  # 29 of 30 days used
    assert "Proyecto 0" not in html.split('data-testid="ans-clocks"')[1]  # done: no clock


def test_only_the_read_all_roles_see_the_dashboard(db, login, lead, finance, outsider, sysadmin, client):
    assert login(lead).get("/ans/").status_code == 403
    assert login(finance).get("/ans/").status_code == 200  # financiera reads everything (DOMAIN.md)
    assert login(outsider).get("/ans/").status_code == 403
    assert login(sysadmin).get("/ans/").status_code == 200
    assert client.get("/ans/").status_code == 302


def test_a_reversed_period_is_refused_with_a_message(db, login, planner):
    html = login(planner).get("/ans/", {"desde": "2025-06-01", "hasta": "2025-01-01"}).content.decode()
    assert "La fecha final debe ser posterior a la inicial." in html


def test_the_dashboard_uses_a_constant_number_of_queries(db, login, planner, lead):
    client = login(planner)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/ans/").status_code == 200
        return len(ctx.captured_queries)

    fy = FiscalYear.objects.create(year=2025, global_ceiling=Decimal("1000"))
    instance(fy, step="budget", start=D(2024, 9, 1), due=D(2025, 1, 1), responsible=lead)
    few = count()
    for n in range(15):
        proj = factories.project(lead=lead, name=f"P{n}")
        instance(proj, step="project", start=D(2025, 6, 1), due=D(2025, 7, 1), responsible=lead,
                 completed_on=D(2025, 6, 5) if n % 2 else None)
    assert count() == few

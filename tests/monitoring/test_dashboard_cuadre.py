"""The follow-up dashboard shows the cuadre (open findings per severity of the last finished run
of the cutoff, and their trend over the year's cutoffs) and the ANS (open clocks per step, on
time / at risk / overdue), in a constant number of queries."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.cuadre.base import Finding
from monitoring.cuadre_services import store_findings
from monitoring.models import CuadreRun, FindingJustification
from projects.models import Project
from tests import factories
from tests.deadlines.builders import instance
from tests.monitoring.builders import many_projects

# Noon in Bogotá: the same day whatever the machine's time zone.
TODAY = dt.datetime(2025, 6, 20, 12, 0, tzinfo=ZoneInfo("America/Bogota"))
D = dt.date
URL = "/seguimiento/?anio=2025&mes=3"


def finding(rule: str, severity: str, object_id: int, *, lead=None) -> Finding:
    return Finding(
        rule=rule, severity=severity, message="—", object_kind="project", object_id=object_id, subject="Proyecto",
        url="/", lead_id=lead.pk if lead else None,
    )


def run(cutoff: dt.date, findings: list[Finding], *, state: str = "done", created: dt.datetime) -> CuadreRun:
    made = CuadreRun.objects.create(year=2025, cutoff=cutoff, state=state, data_version="v")
    store_findings(run=made, findings=findings)
    CuadreRun.objects.filter(pk=made.pk).update(created_at=created)
    return made


def at(day: int, month: int) -> dt.datetime:
    return dt.datetime(2025, month, day, 12, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def cuadre(db, lead, lead2, planner):
    # February: an older run (replaced) and the last one: 1 error, 1 alert.
    run(D(2025, 2, 28), [finding("E1", "error", 1)] * 3, created=at(5, 3))
    run(D(2025, 2, 28), [finding("E1", "error", 1, lead=lead), finding("A1", "alerta", 2)], created=at(6, 3))
    # March, the dashboard's cutoff: 2 errors (one the lead's), 3 alerts of which one is
    # justified, 1 note; a later run that failed and one still running do not count.
    run(D(2025, 3, 31), [
        finding("E1", "error", 1, lead=lead), finding("E2", "error", 5),
        finding("A1", "alerta", 2), finding("A1", "alerta", 3, lead=lead), finding("A2", "alerta", 4),
        finding("I1", "informacion", 6),
    ], created=at(8, 4))
    run(D(2025, 3, 31), [finding("E9", "error", 9)], state="failed", created=at(9, 4))
    run(D(2025, 3, 31), [], state="running", created=at(10, 4))
    FindingJustification.objects.create(year=2025, key="A2:project:4", rule="A2", comment="Aceptado", by=planner)
    # Another year's run: not in the trend.
    store_findings(run=CuadreRun.objects.create(year=2024, cutoff=D(2024, 12, 31), state="done", data_version="v"),
                   findings=[finding("E1", "error", 1)])


def _between(page: str, testid: str, end: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split(">", 1)[1].split(end)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_planner_sees_the_open_findings_of_the_cutoff_and_their_trend(login, planner, cuadre, time_machine):
    time_machine.move_to(TODAY)
    page = login(planner).get(URL).content.decode()
    card = page.split('data-testid="cuadre"')[1]
    assert _text(_between(card, "cuadre-counts", "</div>\n    </div>")) == "Errores 2 Alertas 2 Notas 1"
    assert _text(_between(card, "cuadre-trend", "</table>")) == (
        "Evolución por corte de 2025 (último cuadre de cada corte) Corte Errores Alertas "
        "28/02/2025 1 1 31/03/2025 2 2"
    )
    assert '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-03-31" data-testid="cuadre-link">Revisar los hallazgos</a>' in card


def test_a_lead_counts_only_the_findings_of_their_projects_and_sees_no_ans(login, lead, cuadre, time_machine):
    time_machine.move_to(TODAY)
    page = login(lead).get(URL).content.decode()
    assert _text(_between(page, "cuadre-counts", "</div>\n    </div>")) == "Errores 1 Alertas 1 Notas 0"
    assert _text(_between(page, "cuadre-trend", "</table>")).endswith("28/02/2025 1 0 31/03/2025 1 1")
    assert 'data-testid="ans"' not in page  # the ANS page is for the roles that read everything


def test_a_cutoff_without_a_finished_run_says_so(login, planner, cuadre, time_machine):
    time_machine.move_to(TODAY)
    page = login(planner).get("/seguimiento/?anio=2025&mes=4").content.decode()
    assert _text(_between(page, "cuadre-counts", "</p>")) == "Sin cuadre calculado al corte 30/04/2025."
    assert '<a href="/seguimiento/cuadre/?anio=2025&amp;corte=2025-04-30" data-testid="cuadre-link">Calcular el cuadre</a>' in page
    assert "31/03/2025 2 2" in _text(_between(page, "cuadre-trend", "</table>"))


def test_the_ans_card_counts_the_open_clocks_of_each_step(login, planner, lead, db, time_machine):
    time_machine.move_to(TODAY)
    for n, (start, due, done) in enumerate([
        (D(2025, 6, 1), D(2025, 7, 1), None),  # 11 of 30 days left: on time
        (D(2025, 5, 1), D(2025, 6, 22), None),  # 2 of 52 days left: at risk
        (D(2025, 4, 1), D(2025, 5, 1), None),  # overdue
        (D(2025, 4, 1), D(2025, 5, 1), D(2025, 4, 20)),  # done: not open
    ]):
        proj = factories.project(lead=lead, name=f"Proyecto {n}")
        instance(proj, step="project", start=start, due=due, completed_on=done, responsible=lead)
    period = factories.funded(factories.project(lead=lead, name="Otro"), 2025)
    instance(period, step="monitoring", start=D(2025, 6, 1), due=D(2025, 6, 10))  # overdue
    page = login(planner).get(URL).content.decode()
    card = _between(page, "ans", "</section>")  # the last card of its section
    rows = re.findall(r'<tr data-step="([^"]+)">(.*?)</tr>', card, re.S)
    assert [(step, _text(cells)) for step, cells in rows] == [
        ("project", "4.2 Formulación e inscripción de proyectos 1 1 1"),
        ("monitoring", "4.6 Seguimiento (ciclo de corte) 0 0 1"),
        ("total", "Total 1 1 2"),
    ]
    assert '<a href="/ans/">Ver el tablero de ANS</a>' in card


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_runs_the_same_queries_with_more_runs_findings_and_clocks(login, planner, lead, cuadre, time_machine):
    time_machine.move_to(TODAY)
    many_projects(1, lead=lead, start=100)  # one project of each list (projects, without report) at both sizes
    client = login(planner)
    client.get(URL)  # warm the per-process caches
    small = _count(client)
    for month in (1, 4, 5):
        run(D(2025, month, 28), [finding("E1", "error", k) for k in range(20)], created=at(1, month + 1))
    many_projects(4, lead=lead)
    for proj in Project.objects.filter(name__startswith="Proyecto masivo"):
        instance(proj, step="project", start=D(2025, 6, 1), due=D(2025, 7, 1), responsible=lead)
    FindingJustification.objects.create(year=2025, key="E1:project:3", rule="E1", comment="—", by=planner)
    client.get(URL)
    assert _count(client) == small


@pytest.mark.parametrize("persona, sees_ans", [
    ("planner", True), ("director", True), ("finance", True), ("reader", True), ("sysadmin", True),
    ("lead", False), ("lead2", False),
])
def test_who_sees_the_cuadre_and_the_ans_cards(request, login, cuadre, time_machine, persona, sees_ans):
    time_machine.move_to(TODAY)
    page = login(request.getfixturevalue(persona)).get(URL).content.decode()
    assert 'data-testid="cuadre-counts"' in page  # every role of the follow-up; a lead counts their own
    assert ('data-testid="ans"' in page) is sees_ans


def test_an_outsider_sees_no_dashboard(login, outsider, client):
    assert login(outsider).get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/cuenta/ingresar/")  # anonymous: to the login page

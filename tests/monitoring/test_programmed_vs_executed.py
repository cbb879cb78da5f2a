"""Programmed vs. executed on the follow-up dashboard and the project page: actual against the
action plan's programming to the cutoff, the second semáforo and the curve by month. The data
set and the plan are the matrices' (tests/matrices), cutoff 30/06/2025."""
import datetime as dt
import re

import pytest

from tests.matrices.builders import dataset
from tests.matrices.test_plan_accion_programming import program


@pytest.fixture
def data(db, lead, lead2):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    return data


def _between(page: str, testid: str, end: str = "</section>") -> str:
    return page.split(f'data-testid="{testid}"')[1].split(">", 1)[1].split(end)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _row(page: str, table: str, first_cell: str) -> str:
    rows = _between(page, table, "</table>").split("<tr>")
    return next(_text(r) for r in rows if _text(r).startswith(first_cell))


def test_the_dashboard_compares_every_project_and_program_with_its_programming(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=6").content.decode()
    # The projects shown: A and C are in the plan (C with nothing programmed to June), B is not.
    assert _text(_between(page, "programming-figures", "</div>\n</div>")) == (
        "Programado financiero a la fecha $ 400.000.000 Comprometido $ 500.000.000 125,0 % de lo programado "
        "% avance físico 76,0 % % avance físico esperado 79,7 % Brecha: -3,7 % Frente a lo programado Sobresaliente"
    )
    # The last column: the year-end projection (hand-computed in tests/monitoring/test_projection.py).
    assert _row(page, "projects", "20250010").endswith(
        "Satisfactorio $ 400.000.000 125,0 % 76,0 % / 79,7 % Sobresaliente"
        " física 90,9 % Sobresaliente · financiera 60,6 % Medio"
    )
    assert _row(page, "projects", "2025009").endswith(
        "Crítico $ 0 — — Sin dato física 50,0 % Bajo · financiera 25,0 % Crítico"
    )
    assert _row(page, "projects", "2025011").endswith("Sin dato — — — Sin dato Sin dato")  # no entry in the plan
    assert _row(page, "programs", "4.2.9 ").endswith(
        "$ 400.000.000 125,0 % 76,0 % / 79,7 % Sobresaliente física 82,9 % Sobresaliente · financiera 53,7 % Bajo"
    )
    assert _row(page, "programs", "4.2.10").endswith("— — — Sin dato Sin dato")


def test_the_dashboard_curve_runs_programmed_and_reported_money_by_month(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=6").content.decode()
    curve = _between(page, "programming-curve", "</svg>")
    titles = re.findall(r"<title>([^<]+)</title>", curve)
    programmed = [t for t in titles if t.startswith("Programado")]
    reported = [t for t in titles if t.startswith("Comprometido")]
    # A: 100 M in January, 150 M in March and June, 500 M in July; C: 100 M in July.
    assert programmed[:7] == [
        "Programado (plan de acción), Ene: $ 100.000.000", "Programado (plan de acción), Feb: $ 100.000.000",
        "Programado (plan de acción), Mar: $ 250.000.000", "Programado (plan de acción), Abr: $ 250.000.000",
        "Programado (plan de acción), May: $ 250.000.000", "Programado (plan de acción), Jun: $ 400.000.000",
        "Programado (plan de acción), Jul: $ 1.000.000.000",
    ]
    assert len(programmed) == 12
    # Approved reports: A 300 M in January and 200 M in March, B 350 M in February; the curve
    # stops at the cutoff (July's approved report of A does not count).
    assert reported == [
        "Comprometido reportado, Ene: $ 300.000.000", "Comprometido reportado, Feb: $ 650.000.000",
        "Comprometido reportado, Mar: $ 850.000.000", "Comprometido reportado, Abr: $ 850.000.000",
        "Comprometido reportado, May: $ 850.000.000", "Comprometido reportado, Jun: $ 850.000.000",
    ]


def test_each_program_with_programming_has_its_curve(login, planner, data):
    page = login(planner).get("/seguimiento/?anio=2025&mes=6").content.decode()
    curves = _between(page, "program-curves", "</details>")
    assert _text(curves.split("<figcaption>")[1].split("</figcaption>")[0]) == "4.2.9 Vivienda nueva · Sobresaliente"
    assert curves.count("<figure") == 1  # 4.2.10's only project has no entry in the plan
    assert 'aria-label="Dinero programado y comprometido del programa 4.2.9"' in curves
    titles = re.findall(r"<title>([^<]+)</title>", curves)
    # A and C: 400 M programmed to June; committed by A only.
    assert "Programado (plan de acción), Jun: $ 400.000.000" in titles
    assert "Comprometido reportado, Jun: $ 500.000.000" in titles


def test_a_lead_compares_only_their_projects(login, lead, data):
    page = login(lead).get("/seguimiento/?anio=2025&mes=6").content.decode()
    assert _text(_between(page, "programming-figures", "</div>\n</div>")).startswith(
        "Programado financiero a la fecha $ 400.000.000 Comprometido $ 500.000.000 125,0 % de lo programado"
    )
    titles = re.findall(r"<title>([^<]+)</title>", _between(page, "programming-curve", "</svg>"))
    assert "Comprometido reportado, Jun: $ 500.000.000" in titles  # B's February is not the lead's


def test_the_project_page_shows_actual_against_programmed(login, planner, data, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))  # no reporting period: the cycle is June 2025
    page = login(planner).get(f"/proyectos/{data.a.pk}/").content.decode()
    section = _between(page, "project-programming")
    assert "Vigencia 2025, corte 30/06/2025" in section
    assert _text(_between(section, "programming-figures", "</div>\n</div>")) == (
        "Programado financiero a la fecha $ 400.000.000 Comprometido $ 500.000.000 125,0 % de lo programado "
        "% avance físico 76,0 % % avance físico esperado 79,7 % Brecha: -3,7 % Frente a lo programado Sobresaliente"
    )
    rows = [_text(r) for r in _between(section, "programming-products", "</table>").split("<tr>")[2:]]
    # The last column: the year-end projection (hand-computed in tests/monitoring/test_projection.py).
    assert rows == [
        "P1 Viviendas entregadas 35 Viviendas 28 Viviendas 25 Viviendas 112,0 % 38 Viviendas (108,6 % de la meta)",
        "P2 Hogares acompañados 25 Viviendas 18 Viviendas 22 Viviendas 81,8 % 20,45 Viviendas (81,8 % de la meta)",
    ]
    assert "Programado (plan de acción), Jun: $ 400.000.000" in _between(section, "project-programming-curve", "</svg>")


def test_the_project_page_says_when_the_project_is_not_in_the_plan(login, planner, data, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))
    section = _between(login(planner).get(f"/proyectos/{data.b.pk}/").content.decode(), "project-programming")
    assert "El proyecto no tiene línea en un plan de acción aprobado o publicado de la vigencia." in section
    assert _text(_between(section, "programming-figures", "</div>\n</div>")).startswith(
        "Programado financiero a la fecha Sin programación"
    )
    assert 'data-testid="programming-rating">Sin dato<' in section


def test_a_draft_plan_is_no_programming_and_a_project_without_budget_has_no_section(login, planner, data, time_machine):
    from action_plan.models import ActionPlan

    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))
    ActionPlan.objects.update(state="draft")
    section = _between(login(planner).get(f"/proyectos/{data.a.pk}/").content.decode(), "project-programming")
    assert "Sin programación" in section
    time_machine.move_to(dt.datetime(2027, 6, 20, 9, 0))  # no budget in 2027
    assert 'data-testid="project-programming"' not in login(planner).get(f"/proyectos/{data.a.pk}/").content.decode()


def test_the_program_curves_are_drawn_once_per_change_of_the_figures(login, planner, lead, data, monkeypatch):
    from action_plan.models import FinancialMonthlyTarget
    from monitoring import views

    drawn = []
    original = views.money_curve
    monkeypatch.setattr(views, "money_curve", lambda *args: drawn.append(args) or original(*args))
    client = login(planner)

    first = client.get("/seguimiento/?anio=2025&mes=6").content.decode()
    assert len(drawn) == 2  # the page's curve and the one program's
    again = client.get("/seguimiento/?anio=2025&mes=6").content.decode()
    assert len(drawn) == 3  # the program's curve came from the page's cache
    assert _between(again, "program-curves", "</details>") == _between(first, "program-curves", "</details>")

    june = FinancialMonthlyTarget.objects.get(entry__project=data.a, month=6)
    june.amount += 50_000_000
    june.save()  # the figures' inputs changed: drawn again, with the new programming
    changed = client.get("/seguimiento/?anio=2025&mes=6").content.decode()
    assert len(drawn) == 5
    assert "Programado (plan de acción), Jun: $ 450.000.000" in _between(changed, "program-curves", "</details>")

    login(lead).get("/seguimiento/?anio=2025&mes=6")  # a lead sees their own projects: not the planner's fragment
    assert len(drawn) == 7


def test_the_project_page_follows_the_programming_and_the_approved_reports(login, planner, data, time_machine):
    """The section is kept between views (the same for every reader): a change of what it counts
    shows on the next view."""
    from action_plan.models import FinancialMonthlyTarget
    from monitoring.models import ProgressReport

    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))
    client = login(planner)

    def figures() -> str:
        page = client.get(f"/proyectos/{data.a.pk}/").content.decode()
        return _text(_between(_between(page, "project-programming"), "programming-figures", "</div>\n</div>"))

    assert figures().startswith("Programado financiero a la fecha $ 400.000.000 Comprometido $ 500.000.000 ")
    june = FinancialMonthlyTarget.objects.get(entry__project=data.a, month=6)
    june.amount += 50_000_000
    june.save()
    assert figures().startswith("Programado financiero a la fecha $ 450.000.000 Comprometido $ 500.000.000 ")
    approved = ProgressReport.objects.filter(project=data.a, year=2025, state="approved").order_by("month").first()
    ProgressReport.objects.filter(pk=approved.pk).update(committed=approved.committed + 100_000_000)
    assert figures().startswith("Programado financiero a la fecha $ 450.000.000 Comprometido $ 600.000.000 ")

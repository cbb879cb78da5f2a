"""Presentation has one owner per rule: chart geometry lives in isvimed_planning.charts, numbers,
money and dates come from Django's localisation (es_CO format module) through
isvimed_planning.formatting, and no template switches localisation off to protect itself."""
import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from strategy.models import DevelopmentPlan
from tests import factories
from tests.monitoring.builders import allocate, period, report, reporting_project
from tests.strategy.builders import indicator_post

ROOT = Path(__file__).resolve().parents[2]
APPS = ["isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "tooling"]
CHART_MODULE = ROOT / "isvimed_planning" / "charts.py"
# What only the chart module may define: its pixel constants and geometry types.
GEOMETRY_NAMES = {
    "LABEL_WIDTH", "BAR_AREA", "ROW_HEIGHT", "TILE_POSITIONS", "TILE_WIDTH", "TILE_HEIGHT",
    "RATIO_BAR_WIDTH", "Bar", "Chart", "Group", "Tile", "TilePlace", "TileMap", "RatioBar",
}


def _python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_template_switches_localisation_off():
    offenders = [
        str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"localize\s+off", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_only_the_chart_module_computes_chart_geometry():
    assert not (ROOT / "accountability" / "charts.py").exists()
    charts_modules = [p for p in _python_files() if p.name == "charts.py"]
    assert charts_modules == [CHART_MODULE]
    defines, importers = [], []
    for path in _python_files():
        if path == CHART_MODULE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in GEOMETRY_NAMES:
                defines.append(f"{path.relative_to(ROOT)}: class {node.name}")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in GEOMETRY_NAMES:
                        defines.append(f"{path.relative_to(ROOT)}: {target.id}")
            elif isinstance(node, ast.ImportFrom) and (
                node.module == "isvimed_planning.charts"
                or (node.module == "isvimed_planning" and any(alias.name == "charts" for alias in node.names))
            ):
                importers.append(path)
    assert defines == []
    # Selectors and services hand over plain numbers; only views ask for geometry.
    assert importers and all(path.name == "views.py" for path in importers), importers


@pytest.mark.django_db
def test_a_refused_form_keeps_spanish_decimals_and_machine_readable_number_inputs(login, planner):
    DevelopmentPlan.objects.create(pk=1500, first_year=2024, last_year=2027, name="Medellín Te Quiere")
    program = factories.program("4.2.1")
    indicator = factories.indicator(the_program=program, period_target="1234567.25")
    client = login(planner)
    url = reverse("strategy:indicator_edit", args=[indicator.pk])

    shown = client.get(url).content.decode()
    assert 'name="period_target" value="1.234.567,25"' in shown  # typed back as es-CO
    assert re.search(r'<input type="number" name="baseline_year" value="2023"', shown)  # not "2.023"

    body = indicator_post(program, code=indicator.code, period_target="1.234.567,50", weight="abc")
    body["version"] = indicator.version
    refused = client.post(url, body)
    html = refused.content.decode()
    assert refused.status_code == 200 and 'id="id_weight_error"' in html
    assert 'name="period_target" value="1.234.567,50"' in html
    assert re.search(r'<input type="number" name="baseline_year" value="2023"', html)
    # Ids and years in links and headers stay machine text too.
    tree = client.get(reverse("strategy:index")).content.decode()
    assert "?plan=1500" in tree and "Cuatrienio 2024–2027" in tree and "1.500" not in tree


@pytest.mark.django_db
def test_money_percent_and_date_render_in_es_co_on_one_page(login, planner, lead):
    project = reporting_project(lead=lead, name="Proyecto de prueba")
    allocate(project, "9876536")
    report(project, month=2, state="approved", committed="1234567", obligated="0", paid="0")
    period(month=2)
    html = login(planner).get("/seguimiento/?anio=2025&mes=2").content.decode()
    kpis = html.split('<div class="kpis">')[1].split("</div>\n</div>")[0]
    assert "$ 1.234.567" in kpis  # committed
    assert "$ 9.876.536" in kpis  # definitive
    assert "12,5 %" in kpis  # 1.234.567 of 9.876.536
    assert "(corte 28/02/2025)" in html


def test_links_that_carry_an_id_are_not_grouped_in_thousands(login, lead):
    """Localisation groups every integer (1.500): an id in a link must stay 1500 or the link
    points at nothing once the tables pass a thousand rows."""
    the_project = factories.project(lead=lead)
    the_product = factories.product(the_project)
    Product = type(the_product)
    Product.objects.filter(pk=the_product.pk).update(id=1500)
    page = login(lead).get(reverse("projects:detail", args=[the_project.pk])).content.decode()
    assert "?producto=1500" in page and "?producto=1.500" not in page


def test_no_template_prints_an_id_that_localisation_would_group():
    # `.pk` only: `{{ form.id }}` is a form's hidden field, rendered as a widget.
    printed_id = re.compile(r"\{\{\s*[\w.]*\.pk\s*\}\}")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in printed_id.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_move_that_sends_back_is_drawn_as_a_danger_button_and_the_forward_move_plainly(login, planner, lead):
    """Workflow tables say what a move means (tone); the one button_class filter draws it."""
    the_project = factories.project(lead=lead, state="in_review")
    page = login(planner).get(reverse("projects:detail", args=[the_project.pk])).content.decode()
    back = reverse("projects:transition", args=[the_project.pk, "return"])
    assert f'<a class="btn danger" href="{back}">Devolver</a>' in page
    assert re.search(r'<a class="btn" href="[^"]+">[^<]+</a>', page)

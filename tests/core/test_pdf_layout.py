"""Every PDF is laid out for its content: with the widest data (long names, amounts of
$ 999.999.999.999) and with ten times the rows, no table loses a column past the page's right
edge, every column header and the last column's values are printed on the page, a header row is
repeated on each page a table continues on, a row is never split over two pages and "$" is never
left alone at the end of a line, away from its number.

The text is read back with pypdf; where each text landed is measured on the laid-out WeasyPrint
document the view rendered (isvimed_planning.pdf.render_document): a text past the page's right
margin is cut by a viewer or a printer, a text past its cell's edge is printed over the next column."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from weasyprint.formatting_structure import boxes

from accountability import models as accountability_models, services as accountability_services
from action_plan import services as plan_services
from budget.models import FiscalYear, ProjectAllocation
from isvimed_planning import pdf
from projects.models import Activity, ActivityCost, Project, ProjectFunding
from tests import factories
from tests.accountability.builders import report_row
from tests.action_plan.builders import program_all
from tests.budget.builders import fiscal_year
from tests.strategy.builders import approve, plan_with_platform

pytestmark = pytest.mark.django_db

BIG = "999999999999"
BIG_TEXT = "$ 999.999.999.999"
WIDE, MANY = 3, 30  # rows of the widest data, and ten times as many


def long_name(what: str, n: int) -> str:
    return (f"{what} {n:02d}: mejoramiento integral de vivienda y del entorno barrial en asentamientos "
            "precarios de ladera con reasentamiento de hogares en zonas de alto riesgo no mitigable")


# --- Reading a PDF back -------------------------------------------------------------------------


@pytest.fixture
def layouts(monkeypatch):
    """The laid-out documents of the PDFs the views render, to measure where each text landed."""
    documents = []
    render = pdf.render_document

    def recording(template, context):
        documents.append(render(template, context))
        return documents[-1]

    monkeypatch.setattr(pdf, "render_document", recording)
    return documents


def page_texts(content: bytes) -> list[str]:
    """Each page's text as pypdf reads it, whitespace squeezed."""
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(content)).pages]


def _line_text(line) -> str:
    return "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))


def overflows(document) -> list[str]:
    """Texts or charts printed past the page's margin (cut by a viewer or a printer) and texts
    spilling out of their table cell over the next column."""
    found = []
    for page in document.pages:
        right = page._page_box.content_box_x() + page._page_box.width
        bottom = page._page_box.content_box_y() + page._page_box.height
        for cell in page._page_box.descendants():
            if isinstance(cell, boxes.TextBox) and cell.position_x + cell.width > right + 0.5:
                found.append(f"past the margin: {cell.text!r}")
            if isinstance(cell, boxes.ReplacedBox) and (cell.position_x + cell.margin_width() > right + 0.5
                                                        or cell.position_y + cell.margin_height() > bottom + 0.5):
                found.append("a chart past the page's edge")
            if isinstance(cell, boxes.TableCellBox):
                edge = cell.border_box_x() + cell.border_width()
                found += [f"out of its cell: {t.text!r}" for t in cell.descendants()
                          if isinstance(t, boxes.TextBox) and t.position_x + t.width > edge + 0.5]
    return found


def lines_ending_in_a_peso_sign(document) -> list[str]:
    return [_line_text(line) for page in document.pages for line in page._page_box.descendants()
            if isinstance(line, boxes.LineBox) and re.search(r"\$\s*$", _line_text(line))]


def assert_laid_out(content: bytes, document, *, headers: list[str], last_column: list[str], whole: list[str],
                    landscape: bool) -> list[str]:
    """`headers` of every table, `last_column` values of the widest table's last column, `whole`
    texts of single rows (long names) that must be printed whole on one page; the last page
    (the tables') is `landscape` or portrait."""
    pages = page_texts(content)
    text = " ".join(pages)
    for header in headers:
        assert header in text, f"column header {header!r} not on the pages"
    for value in last_column:
        assert value in text, f"last column value {value!r} not on the pages"
    assert overflows(document) == []
    assert lines_ending_in_a_peso_sign(document) == []
    for name in whole:
        assert any(name in page for page in pages), f"row {name[:40]!r}… split over two pages"
    last = pypdf.PdfReader(io.BytesIO(content)).pages[-1].mediabox  # the tables' pages
    assert (float(last.width) > float(last.height)) is landscape
    return pages


def assert_header_on_every_page(pages: list[str], header: str, row_texts: list[str]):
    """Each page that shows one of the table's rows shows its header too."""
    with_rows = [p for p in pages if any(r in p for r in row_texts)]
    assert len(with_rows) > 1, "the table should continue over several pages with this many rows"
    assert all(header in p for p in with_rows)


def queries_for(client, url: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content, len(queries)


# --- Accountability report (private and public) -----------------------------------------------


def accountability_data(lead, n: int) -> list[str]:
    """Programs and projects up to `n` (those already built are kept), each with $ 999.999.999.999."""
    fy = FiscalYear.objects.get_or_create(year=2025, defaults={"global_ceiling": Decimal("9999999999999")})[0]
    names = []
    for i in range(1, n + 1):
        if (found := Project.objects.filter(bank_code=f"2025{i:09d}").first()) is not None:
            names.append(found.name)
            continue
        program = factories.program(f"4.{i}.1", long_name("Programa", i))
        indicator = factories.indicator(f"4.{i}.1.1", the_program=program, targets={2025: "40"})
        project = factories.project(lead=lead, the_program=program, state="in_execution", bank_code=f"2025{i:09d}",
                                    name=long_name("Proyecto", i), territory_code=3)
        product = factories.product(project, the_indicator=indicator, goals={2025: "40"})
        ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=factories.funding_source(),
                                         amount=Decimal(BIG))
        report_row(project, 1, c=BIG, o=BIG, p=BIG, products={product: "10"}, territories={3: (BIG, 40)})
        names.append(project.name)
    return names


ACCOUNTABILITY_HEADERS = [
    # programs
    "Programa", "Proyectos", "Presupuesto definitivo", "Comprometido", "Pagado", "Ejecución financiera",
    "Cumplimiento físico",
    # projects
    "BPIN", "Proyecto", "Dependencia", "Obligado", "Avance físico", "Semáforo",
    # territories
    "Comuna / corregimiento", "Beneficiarios", "Participación",
]


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_accountability_report_pdf(login, client, planner, director, lead, public, layouts):
    def render(n):
        names = accountability_data(lead, n)
        report = accountability_services.report_create(by=planner, year=2025, title=f"Rendición {n}",
                                                       period_end=dt.date(2025, 6 if n == WIDE else 7, 30))
        if public:
            accountability_services.report_transition(by=planner, report=report, name="send")
            accountability_services.report_transition(by=director, report=report, name="approve")
            return names, *queries_for(client, f"/rendicion/publico/{report.pk}/informe.pdf")
        return names, *queries_for(login(planner), f"/rendicion/informes/{report.pk}/pdf/")

    _, wide, few_queries = render(WIDE)
    names, many, many_queries = render(MANY)
    assert many_queries == few_queries
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, headers=ACCOUNTABILITY_HEADERS, landscape=True, whole=names[:WIDE],
            # the projects' last column: the semáforo (10 of 40 houses: 25 %)
            last_column=["25,0 % Crítico"],
        )
    assert_header_on_every_page(pages, "Semáforo", [n[:60] for n in names])


# --- Petitions reports (quarterly; access to information) ---------------------------------------


@pytest.mark.parametrize("report", ["trimestral", "acceso"])
def test_petitions_report_pdf(login, planner, report, layouts):
    """The longest radicado (40 characters) and the longest denial ground, on every row."""
    from tests.accountability.builders import info_request

    def render(n):
        start = accountability_models.InformationRequest.objects.count()
        for i in range(start, n):
            info_request(received_on=dt.date(2026, 7, 1) + dt.timedelta(days=i % 60), filing_number=f"{i:04d}" + "9" * 36,
                         kind="documents", state="answered", answered_on=dt.date(2026, 9, 30), answer="No.",
                         outcome="partial", denial_ground="criminal_investigation")
        return queries_for(login(planner), f"/rendicion/peticiones/informe/pdf/?periodo=2026-T3&informe={report}")

    wide, few_queries = render(WIDE)
    many, many_queries = render(MANY)
    assert many_queries == few_queries
    ground = "Art. 19 d): prevención, investigación y persecución de delitos y faltas disciplinarias"
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, landscape=True, whole=[],
            headers=["Radicado", "Recibida", "Tipo", "Estado", "Vence", "Respondida", "Días hábiles", "Sentido", "Fundamento"],
            last_column=["Negada parcialmente"],
        )
        assert ground[:40] in " ".join(pages)
    assert_header_on_every_page(pages, "Radicado", [f"{i:04d}9999" for i in range(MANY)])


# --- Action plan (private and public, published) -------------------------------------------------

MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


def action_plan_data(planner, director, lead, *, year: int, n: int) -> list[str]:
    """A published plan of `n` projects of $ 999.999.999.999 spread over the twelve months."""
    fy = fiscal_year(year, "9999999999999")
    names = []
    for i in range(1, n + 1):
        project = factories.project(lead=lead, state="viable", bank_code=f"{year}{i:09d}", name=long_name("Proyecto", i))
        factories.product(project, goals={year: "999999"}, name=long_name("Producto", i))
        ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=factories.funding_source(),
                                         amount=Decimal(BIG))
        names.append(project.name)
    plan = plan_services.plan_build(by=planner, fiscal_year=fy)
    program_all(planner, plan)
    plan_services.plan_transition(by=director, plan=plan, name="approve")
    plan_services.plan_transition(by=planner, plan=plan, name="publish")
    return names


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_action_plan_pdf(login, client, planner, director, lead, public, layouts):
    with time_machine.travel(dt.datetime(2026, 1, 20, 15, 0), tick=False):
        rendered = []
        for year, n in ((2026, WIDE), (2027, MANY)):
            names = action_plan_data(planner, director, lead, year=year, n=n)
            url = f"/plan-accion/publico/{year}/pdf/" if public else f"/plan-accion/{year}/plan.pdf"
            rendered.append((names, *queries_for(client if public else login(planner), url)))
    (_, wide, few_queries), (names, many, many_queries) = rendered
    assert many_queries == few_queries
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, landscape=True, whole=names[:WIDE],
            headers=["BPIN", "Proyecto", "Responsable", "Presupuesto definitivo", "Programado", *MONTHS, "Producto",
                     "Unidad", "Meta anual"],
            # December of the money ($ 999.999.999.999 - 11 x $ 83.333.333.333) and of the goal (999.999)
            last_column=["$ 83.333.333.336", "83.336"],
        )
        # The months are columns: each month's amount in its own cell, never "1: $ …; 2: …" in one.
        assert "1: $" not in " ".join(pages)
    assert_header_on_every_page(pages, "Responsable", [n[:60] for n in names])
    assert_header_on_every_page(pages, "Meta anual", [long_name("Producto", i)[:60] for i in range(1, MANY + 1)])


# --- Project sheet (ficha MGA) -------------------------------------------------------------------


def sheet_project(lead, n: int):
    """A project of 2024–2027 with `n` products, each with an activity of $ 999.999.999.999 a year."""
    project = factories.project(lead=lead, state="registered", bank_code=f"2024{n:09d}", name=long_name("Proyecto", n),
                                territory_code=3)
    for i in range(1, n + 1):
        product = factories.product(project, code=f"P{i}", name=long_name("Producto", i),
                                    goals={y: "999999.99" for y in range(2024, 2028)})
        activity = Activity.objects.create(product=product, name=long_name("Actividad", i))
        for year in range(2024, 2028):
            ActivityCost.objects.create(activity=activity, year=year, amount=Decimal(BIG) if i == 1 else Decimal("1000"))
    ProjectFunding.objects.create(project=project, source=factories.funding_source(), year=2024, amount=Decimal(BIG))
    return project


def test_project_sheet_pdf(login, reader, lead, layouts):
    wide, few_queries = queries_for(login(reader), f"/proyectos/{sheet_project(lead, WIDE).pk}/ficha.pdf")
    many_project = sheet_project(lead, MANY)
    many, many_queries = queries_for(login(reader), f"/proyectos/{many_project.pk}/ficha.pdf")
    assert many_queries == few_queries
    products = list(many_project.products.order_by("code").values_list("name", flat=True))
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, landscape=False, whole=[],
            headers=["Producto", "Código MGA", "Indicador", "Unidad", "Meta 2024", "Meta 2027", "Costo", "Actividad",
                     "Total"],
            # the activity of $ 999.999.999.999 a year: $ 3.999.999.999.996 in all
            last_column=[BIG_TEXT, "$ 3.999.999.999.996"],
        )
    assert_header_on_every_page(pages, "Código MGA", [p[:60] for p in products])


# --- Development plan (plataforma estratégica y plan indicativo) -------------------------------------


def test_development_plan_pdf(login, reader, director, layouts):
    plan, platform = plan_with_platform(mission="Garantizar vivienda digna")
    approve(platform, director)
    program = factories.program("4.2.1", long_name("Programa", 1), the_plan=plan)

    def indicators(start, stop):
        for i in range(start, stop + 1):
            factories.indicator(f"4.2.1.{i}", the_program=program, name=long_name("Indicador", i), weight="3.33",
                                baseline="999999999.9999", period_target="999999999.9999", unit="Metros cuadrados",
                                targets={y: "999999999.9999" for y in plan.years})

    indicators(1, WIDE)
    wide, few_queries = queries_for(login(reader), f"/estrategia/planes/{plan.pk}/pdf/")
    indicators(WIDE + 1, MANY)
    many, many_queries = queries_for(login(reader), f"/estrategia/planes/{plan.pk}/pdf/")
    assert many_queries == few_queries
    names = [long_name("Indicador", i) for i in range(1, MANY + 1)]
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, landscape=True, whole=names[:WIDE],
            headers=["Código", "Indicador", "Tipo", "Unidad", "LB", "Meta", *[str(y) for y in plan.years], "Pond."],
            last_column=["3,33 %", "999.999.999,9999"],
        )
        # The platform's text stays on portrait pages; the indicators' table is on landscape ones.
        first = pypdf.PdfReader(io.BytesIO(content)).pages[0].mediabox
        assert float(first.width) < float(first.height)
    assert_header_on_every_page(pages, "Pond.", [n[:60] for n in names])


# --- POAI ------------------------------------------------------------------------------------


def test_poai_pdf(login, reader, lead, layouts):
    fy = fiscal_year(2026, "9999999999999")
    names = []

    def projects(start, stop):
        for i in range(start, stop + 1):
            program = factories.program(f"4.{i}.1", long_name("Programa", i))
            project = factories.project(lead=lead, state="viable", bank_code=f"2026{i:09d}", the_program=program,
                                        name=long_name("Proyecto", i))
            # A source's name holds at most 120 characters (PostgreSQL enforces it, SQLite does not).
            for source in ("Recursos propios", long_name("Fuente", i)[:120]):
                ProjectAllocation.objects.create(fiscal_year=fy, project=project, amount=Decimal(BIG),
                                                 source=factories.funding_source(source))
            names.append(project.name)

    projects(1, WIDE)
    wide, few_queries = queries_for(login(reader), "/presupuesto/2026/poai.pdf")
    projects(WIDE + 1, MANY)
    many, many_queries = queries_for(login(reader), "/presupuesto/2026/poai.pdf")
    assert many_queries == few_queries
    for content, document in ((wide, layouts[0]), (many, layouts[1])):
        pages = assert_laid_out(
            content, document, landscape=True, whole=names[:WIDE],
            headers=["Programa / proyecto", "BPIN", "Fuente de financiación", "Presupuesto inicial", "Modificaciones",
                     "Presupuesto definitivo", "Código", "Proyectos"],
            last_column=[BIG_TEXT, "$ 1.999.999.999.998"],
        )
    assert_header_on_every_page(pages, "Presupuesto definitivo", [n[:60] for n in names])

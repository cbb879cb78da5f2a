"""The accountability report takes its figures from monitoring.figures (never retyped), is
sent for approval by Planeación, approved by the Director, and keeps the approved figures."""
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from accountability import services
from accountability.selectors import report_data, report_figures
from isvimed_planning.workflow import DomainError
from monitoring import figures
from tests.accountability.builders import execution, report, report_row

pytestmark = pytest.mark.django_db
CUTOFF = dt.date(2025, 6, 30)


@pytest.fixture
def data(lead):
    return execution(lead=lead)


def test_report_figures_are_the_monitoring_figures(data):
    got = report_figures(year=2025, cutoff=CUTOFF)
    projects = figures.project_figures(year=2025, cutoff=CUTOFF)
    programs = figures.program_figures(year=2025, cutoff=CUTOFF)
    territories = figures.territory_figures(year=2025, cutoff=CUTOFF).territories
    assert [(p["bpin"], Decimal(p["committed"])) for p in got["projects"]] == [(p.bpin, p.committed) for p in projects]
    assert [(p["code"], Decimal(p["definitive"])) for p in got["programs"]] == [(p.code, p.definitive) for p in programs]
    assert [(t["code"], Decimal(t["committed"])) for t in got["territories"]] == [(t.code, t.committed) for t in territories]
    # And the hand-made numbers (only approved reports up to June; the submitted one does not count):
    assert got["totals"]["projects"] == {
        "initial": "1500000000.00", "modifications": "0.00", "definitive": "1500000000.00",
        "committed": "550000000.00", "obligated": "300000000.00", "paid": "150000000.00",
        "execution_ratio": "0.366667", "payments_ratio": "0.100000",
    }
    assert got["totals"]["territories"] == {"committed": "550000000.00", "beneficiaries": 65, "projects": 2}
    viv = next(p for p in got["programs"] if p["code"] == "4.2.9")
    assert (viv["committed"], viv["physical_fulfilment"]) == ("300000000.00", "0.250000")
    assert all("lead" not in p for p in got["projects"])  # no personal data


def test_the_director_approves_and_the_figures_are_frozen(data, planner, director):
    rep = report(by=planner)
    assert rep.state == "draft" and rep.figures is None
    services.report_transition(by=planner, report=rep, name="send")
    services.report_transition(by=director, report=rep, name="approve")
    rep.refresh_from_db()
    assert rep.state == "approved" and rep.approved_by == director
    assert rep.figures["totals"]["projects"]["committed"] == "550000000.00"
    # A report approved later in monitoring (May) changes the matrices, not the approved report.
    report_row(data.a, 5, c=100000000, territories={3: ("100000000", 5)})
    assert report_data(rep)["totals"]["projects"]["committed"] == "550000000.00"
    draft = report(by=planner, period_end=dt.date(2025, 5, 31), title="Primer semestre")
    assert report_data(draft)["totals"]["projects"]["committed"] == "650000000.00"
    assert [t.to_state for t in rep.transitions.order_by("pk")] == ["awaiting", "approved"]


def test_reopening_needs_a_reason_and_unfreezes(data, planner, director):
    rep = report(by=planner)
    services.report_transition(by=planner, report=rep, name="send")
    services.report_transition(by=director, report=rep, name="approve")
    with pytest.raises(DomainError) as exc:
        services.report_transition(by=director, report=rep, name="reopen", comment=" ")
    assert exc.value.message == "Escriba un comentario que explique la decisión."
    services.report_transition(by=director, report=rep, name="reopen", comment="Falta el reporte de mayo")
    rep.refresh_from_db()
    assert rep.state == "draft" and rep.figures is None


@pytest.mark.parametrize("persona", ["planner", "finance", "reader"])
def test_only_the_director_approves(request, login, data, planner, persona):
    rep = report(by=planner)
    services.report_transition(by=planner, report=rep, name="send")
    client = login(request.getfixturevalue(persona))
    assert client.post(f"/rendicion/informes/{rep.pk}/approve/", {"comment": ""}).status_code == 403
    with pytest.raises(DomainError) as exc:
        services.report_transition(by=request.getfixturevalue(persona), report=rep, name="approve")
    assert exc.value.message == "Su rol no permite «aprobar informe»."
    rep.refresh_from_db()
    assert rep.state == "awaiting"


def test_a_lead_sees_no_report(login, data, planner, lead):
    rep = report(by=planner)
    assert login(lead).get(f"/rendicion/informes/{rep.pk}/").status_code == 404
    assert login(lead).post(f"/rendicion/informes/{rep.pk}/approve/").status_code == 404


def test_report_page_shows_totals_and_server_rendered_charts(login, data, planner, director):
    rep = report(by=planner)
    client = login(director)
    html = client.get(f"/rendicion/informes/{rep.pk}/").content.decode()
    assert '<div class="value" data-testid="total-committed">$ 550.000.000</div>' in html
    assert html.split("<main")[1].count("<svg") == 3 and "Inversión comprometida por comuna y corregimiento" in html
    assert 'aria-label="Ejecución financiera por programa"' in html
    services.report_transition(by=planner, report=rep, name="send")
    response = client.post(f"/rendicion/informes/{rep.pk}/approve/", {"comment": ""}, follow=True)
    assert "Informe: aprobar informe — hecho." in response.content.decode()


def test_period_must_be_inside_the_year(planner):
    with pytest.raises(DomainError) as exc:
        services.report_create(by=planner, year=2025, title="Mal", period_end=dt.date(2026, 1, 31))
    assert exc.value.message == "El periodo debe estar dentro de la vigencia 2025."


def test_report_pdf_has_the_figures(login, data, planner):
    rep = report(by=planner)
    response = login(planner).get(f"/rendicion/informes/{rep.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Rendición de cuentas 2025" in text
    assert "$ 550.000.000" in text and "Pajarito" in text

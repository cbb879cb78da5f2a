"""Public pages (no login): only approved or published reports, the same figures as the
report, open data as CSV and JSON whose totals are the report's, and no personal data."""
import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from accountability import services
from tests.accountability.builders import execution, info_request, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(lead, planner, director):
    execution(lead=lead)
    approved = report(by=planner)
    services.report_transition(by=planner, report=approved, name="send")
    services.report_transition(by=director, report=approved, name="approve")
    draft = report(by=planner, period_end=dt.date(2025, 3, 31), title="Borrador primer trimestre")
    info_request(received_on=dt.date(2026, 3, 27), requester_name="María Pérez Gómez")
    approved.refresh_from_db()
    return approved, draft


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_public_list_shows_only_approved_and_published_reports(client, reports):
    approved, draft = reports
    html = client.get("/rendicion/publico/").content.decode()
    assert approved.title in html
    assert draft.title not in html


def test_drafts_do_not_exist_for_anonymous_visitors(client, reports):
    _, draft = reports
    for url in (f"/rendicion/publico/{draft.pk}/", f"/rendicion/publico/{draft.pk}/programas.csv",
                f"/rendicion/publico/{draft.pk}/datos.json", f"/rendicion/publico/{draft.pk}/informe.pdf"):
        assert client.get(url).status_code == 404, url


def test_internal_report_pages_need_login(client, reports):
    approved, _ = reports
    response = client.get(f"/rendicion/informes/{approved.pk}/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_public_page_has_the_report_figures_and_no_personal_data(client, reports, lead):
    approved, _ = reports
    html = client.get(f"/rendicion/publico/{approved.pk}/").content.decode()
    assert '<div class="value" data-testid="total-committed">$ 550.000.000</div>' in html
    assert '<th class="num" data-testid="territories-total-committed">$ 550.000.000</th>' in html
    assert html.split("<main")[1].count("<svg") == 3
    for personal in ("María Pérez Gómez", "maria.perez@example.com", lead.display_name, "Paula Planeación", "RAD-"):
        assert personal not in html


def test_csv_totals_equal_the_report_totals(client, reports):
    approved, _ = reports
    totals = approved.figures["totals"]
    projects = read_csv(client.get(f"/rendicion/publico/{approved.pk}/proyectos.csv"))
    *rows, total = projects
    assert total["codigo_programa"] == "TOTAL"
    for column, key in (("presupuesto_definitivo", "definitive"), ("comprometido", "committed"), ("pagado", "paid")):
        assert total[column] == totals["projects"][key]
        assert sum(Decimal(r[column]) for r in rows) == Decimal(total[column])
    assert total["comprometido"] == "550000000.00"
    programs = read_csv(client.get(f"/rendicion/publico/{approved.pk}/programas.csv"))
    assert programs[-1]["comprometido"] == totals["programs"]["committed"] == "550000000.00"
    territories = read_csv(client.get(f"/rendicion/publico/{approved.pk}/territorios.csv"))
    assert len(territories) == 22 + 1  # city + 16 comunas + 5 corregimientos, then the total
    assert territories[-1]["comprometido"] == "550000000.00" and territories[-1]["beneficiarios"] == "65"
    assert all("lider" not in key and "responsable" not in key for key in projects[0])


def test_json_is_the_report_data(client, reports):
    approved, _ = reports
    response = client.get(f"/rendicion/publico/{approved.pk}/datos.json")
    payload = json.loads(response.content)
    assert payload["informe"]["vigencia"] == 2025 and payload["informe"]["estado"] == "Aprobado"
    assert payload["informe"]["aprobado"].endswith("-05:00")  # Bogotá time, as every page
    data = payload["datos"]
    # The report's frozen figures, under the CSV's Spanish names.
    assert data["vigencia"] == approved.figures["year"] and data["fecha_corte"] == approved.figures["cutoff"]
    assert data["calculado"].endswith("-05:00")
    assert data["totales"]["proyectos"]["presupuesto_definitivo"] == approved.figures["totals"]["projects"]["definitive"]
    assert [p["codigo"] for p in data["programas"]] == [p["code"] for p in approved.figures["programs"]]
    assert data["proyectos"][0]["presupuesto_definitivo"] == approved.figures["projects"][0]["definitive"]

    def keys(value):
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    english = {"year", "cutoff", "computed_at", "programs", "projects", "territories", "totals", "definitive",
               "committed", "paid", "name", "code", "execution_ratio", "physical_fulfilment", "rating", "share"}
    assert keys(data) & english == set()


def test_published_report_stays_public(client, reports, planner):
    approved, _ = reports
    services.report_transition(by=planner, report=approved, name="publish")
    assert client.get(f"/rendicion/publico/{approved.pk}/").status_code == 200


def test_public_pdf_is_served_without_login(client, reports):
    approved, _ = reports
    response = client.get(f"/rendicion/publico/{approved.pk}/informe.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_unknown_table_is_not_found(client, reports):
    approved, _ = reports
    assert client.get(f"/rendicion/publico/{approved.pk}/usuarios.csv").status_code == 404

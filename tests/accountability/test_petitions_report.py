"""The quarterly petitions report and the access-to-information report of a hand-made quarter
(July–September 2026) match hand-computed figures, on the page, in the open data and for the
dashboard's rule of "answered late"; the page and the open data need no more queries with more rows.

The quarter (business days counted from the day after receipt; 13/07 —the Virgen de Chiquinquirá, new in
2026—, 20/07, 07/08 and 17/08 are holidays):
- A general, received 01/07, due 24/07, answered 10/07 granted: 7 business days, on time;
- B documents, received 06/07, due 22/07, answered 24/07 denied (privacy): 12 days, late;
- C general, received 03/08, due 26/08, answered 14/08 partly denied (public security): 8 days;
- D general, received 10/08, transferred 12/08; H general, received 02/07, withdrawn;
- E consultation, received 01/09, pending; G consultation, received 15/09, answered 25/09: 8 days;
- F general received 30/06 (the quarter before): not counted.
Quarterly: 7 received, 1 transferred, 4 answered (3 on time, 1 late), average (7+12+8+8)/4 = 8,75 → 8,8.
Access (general and documents only): 5 received, 3 answered (2 on time), average 27/3 = 9,0.
"""
import datetime as dt
import json

import pytest
import time_machine

from accountability import selectors
from tests.accountability.builders import info_request

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 10, 5, 17, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def quarter():
    reqs = {
        "A": info_request(received_on=D(2026, 7, 1), filing_number="A", state="answered", answered_on=D(2026, 7, 10),
                          answer="Sí.", outcome="granted"),
        "B": info_request(received_on=D(2026, 7, 6), kind="documents", filing_number="B", state="answered",
                          answered_on=D(2026, 7, 24), answer="No.", outcome="denied", denial_ground="privacy"),
        "C": info_request(received_on=D(2026, 8, 3), filing_number="C", state="answered", answered_on=D(2026, 8, 14),
                          answer="En parte.", outcome="partial", denial_ground="public_security"),
        "D": info_request(received_on=D(2026, 8, 10), filing_number="D", state="transferred",
                          transferred_on=D(2026, 8, 12), transferred_to="Metro de Medellín"),
        "E": info_request(received_on=D(2026, 9, 1), kind="consultation", filing_number="E"),
        "F": info_request(received_on=D(2026, 6, 30), filing_number="F", state="answered", answered_on=D(2026, 7, 2),
                          answer="Sí."),
        "G": info_request(received_on=D(2026, 9, 15), kind="consultation", filing_number="G", state="answered",
                          answered_on=D(2026, 9, 25), answer="Concepto.", outcome="granted"),
        "H": info_request(received_on=D(2026, 7, 2), filing_number="H", state="withdrawn", withdrawn_on=D(2026, 8, 20),
                          required_on=D(2026, 7, 10), requirement="Firme."),
    }
    assert reqs["A"].due_date == D(2026, 7, 24) and reqs["B"].due_date == D(2026, 7, 22)
    assert reqs["C"].due_date == D(2026, 8, 26)
    return reqs


FIGURES = ("received", "transferred", "withdrawn", "pending", "answered", "on_time", "late", "denied", "partially_denied")


def test_the_quarterly_report_matches_the_hand_computed_figures(quarter):
    data = selectors.petitions_report(start=D(2026, 7, 1), end=D(2026, 9, 30))
    assert tuple(data[k] for k in FIGURES) == (7, 1, 1, 1, 4, 3, 1, 1, 1)
    assert data["average_business_days"] == "8.8"
    assert data["by_kind"] == {"general": 4, "documents": 1, "consultation": 2}
    assert [(g["ground"], g["count"]) for g in data["grounds"]] == [("privacy", 1), ("public_security", 1)]
    assert {r["filing_number"]: r["business_days"] for r in data["requests"]} == {
        "A": 7, "H": None, "B": 12, "C": 8, "D": None, "E": None, "G": 8}


def test_the_access_to_information_report_leaves_consultations_out(quarter):
    data = selectors.petitions_report(start=D(2026, 7, 1), end=D(2026, 9, 30), access_only=True)
    assert tuple(data[k] for k in FIGURES) == (5, 1, 1, 0, 3, 2, 1, 1, 1)
    assert data["average_business_days"] == "9.0"


def test_a_whole_year_is_a_period_too(quarter):
    start, end, label = selectors.period_bounds("2026")
    assert (start, end, label) == (D(2026, 1, 1), D(2026, 12, 31), "Año 2026")
    assert selectors.petitions_report(start=start, end=end)["received"] == 8
    assert selectors.period_bounds("2026-T3")[2] == "Trimestre 3 de 2026"
    assert selectors.period_bounds("2026-T5") is None


def test_the_report_and_the_list_share_the_rule_of_late(quarter):
    """The list's tag (request_status) and the report count "late" with the same rule."""
    assert selectors.request_status(quarter["B"]) == "answered_late"
    assert selectors.request_status(quarter["A"]) == "answered"


@time_machine.travel(NOW, tick=False)
def test_the_staff_page_shows_the_figures(login, planner, quarter):
    html = login(planner).get("/rendicion/peticiones/informe/?periodo=2026-T3&informe=acceso").content.decode()
    assert "Informe de solicitudes de acceso a la información" in html
    assert "Trimestre 3 de 2026" in html
    assert 'data-testid="received">5<' in html and 'data-testid="average">9,0<' in html
    assert "Art. 18 a): derecho a la intimidad de las personas" in html


@time_machine.travel(NOW, tick=False)
def test_an_unreadable_period_shows_the_current_quarter(login, planner, quarter):
    response = login(planner).get("/rendicion/peticiones/informe/?periodo=tercero&informe=otro")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Informe trimestral de peticiones" in html and "Trimestre 4 de 2026" in html


def test_open_data_without_login(client, quarter):
    response = client.get("/rendicion/publico/peticiones/2026-T3/trimestral.json")
    assert response.status_code == 200
    data = json.loads(response.content)["datos"]
    assert (data["recibidas"], data["trasladadas"], data["respondidas_a_tiempo"],
            data["respondidas_fuera_de_termino"], data["negadas"], data["tiempo_promedio_dias_habiles"]) == (7, 1, 3, 1, 1, "8.8")
    assert data["fundamentos_de_negacion"][0] == {
        "fundamento": "privacy", "nombre": "Art. 18 a): derecho a la intimidad de las personas", "cantidad": 1}
    assert "María" not in response.content.decode()  # no personal data
    csv = client.get("/rendicion/publico/peticiones/2026-T3/acceso.csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].split(",")[:3] == ["radicado", "fecha_recibido", "tipo"]
    assert len(csv) == 1 + 5
    assert client.get("/rendicion/publico/peticiones/2026-T9/acceso.csv").status_code == 404
    assert client.get("/rendicion/publico/peticiones/2026-T3/otro.json").status_code == 404


def test_the_staff_page_is_not_for_a_lead_or_an_outsider(login, lead, outsider, quarter):
    assert login(lead).get("/rendicion/peticiones/informe/").status_code == 403
    assert login(outsider).get("/rendicion/peticiones/informe/").status_code == 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("url", [
    "/rendicion/peticiones/informe/?periodo=2026-T3", "/rendicion/publico/peticiones/2026-T3/acceso.json",
    "/rendicion/publico/peticiones/2026-T3/trimestral.csv",
])
def test_queries_do_not_grow_with_the_rows(login, planner, url, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(planner)

    def queries(n):
        for i in range(n):
            info_request(received_on=D(2026, 7, 1) + dt.timedelta(days=i % 80), state="answered",
                         answered_on=D(2026, 9, 30), answer="Sí.", outcome="denied" if i % 2 else "granted",
                         denial_ground="privacy" if i % 2 else "")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(2) == queries(20)

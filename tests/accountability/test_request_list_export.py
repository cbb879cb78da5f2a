"""The information requests list's "Descargar Excel": the requests of the page (its bar applied),
every row, dates as dates, the status the page shows; read-all roles only, as the page."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.accountability.builders import info_request
from tests.exports.counting import queries
from tests.exports.reading import cells, column

pytestmark = pytest.mark.django_db
URL = "/rendicion/solicitudes/exportar/"
TODAY = dt.datetime(2025, 6, 30, 12, 0)


@time_machine.travel(TODAY, tick=False)
def test_the_file_holds_the_filtered_requests_with_their_status(login, reader):
    info_request(received_on=dt.date(2025, 6, 20), subject="Subsidio de vivienda")
    info_request(received_on=dt.date(2025, 1, 10), subject="Mejoramiento de techo")  # overdue by now
    client = login(reader)
    assert sorted(column(client.get(URL), "Asunto")) == ["Mejoramiento de techo", "Subsidio de vivienda"]
    assert column(client.get(URL + "?vista=vencidas"), "Asunto") == ["Mejoramiento de techo"]
    assert column(client.get(URL + "?q=subsidio"), "Asunto") == ["Subsidio de vivienda"]
    response = client.get(URL + "?q=techo")
    assert column(response, "Estado") == ["Vencida"]
    received, = cells(response, "Recibida")
    assert received.value == dt.datetime(2025, 1, 10) and received.number_format == "dd/mm/yyyy"
    page = client.get("/rendicion/solicitudes/?vista=vencidas").content.decode()
    assert 'href="/rendicion/solicitudes/exportar/?vista=vencidas" data-testid="export-xlsx"' in page


def test_leads_and_outsiders_are_refused_as_on_the_page(login, lead, outsider):
    assert login(lead).get(URL).status_code == 403
    assert login(outsider).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_rows(login, planner):
    client = login(planner)
    info_request(received_on=dt.date(2025, 6, 20))
    small = queries(client, URL)
    for _ in range(12):
        info_request(received_on=dt.date(2025, 6, 20))
    assert queries(client, URL) == small

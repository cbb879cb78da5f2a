"""The indicators list's "Descargar Excel": the plan's indicators of the page (its bar applied),
every row, one column per plan year's target, numbers as numbers, constant queries."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories
from tests.exports.counting import queries
from tests.exports.reading import cells, column, table

pytestmark = pytest.mark.django_db
URL = "/estrategia/indicadores/exportar/"


def test_the_file_holds_the_filtered_indicators_with_their_targets(login, lead):
    other = factories.program("4.3.1", "Mejoramiento de vivienda")
    factories.indicator("4.2.1.1", name="Viviendas nuevas entregadas", targets={2024: "10", 2025: "1234.5"})
    factories.indicator("4.3.1.1", the_program=other, name="Viviendas mejoradas", kind="outcome")
    client = login(lead)  # every role reads the plan, as on the page
    assert column(client.get(URL), "Indicador") == ["Viviendas nuevas entregadas", "Viviendas mejoradas"]
    assert column(client.get(URL + f"?program={other.pk}"), "Indicador") == ["Viviendas mejoradas"]
    assert column(client.get(URL + "?q=nuevas"), "Indicador") == ["Viviendas nuevas entregadas"]
    response = client.get(URL + "?q=nuevas")
    headers, _rows = table(response)
    assert headers[9:13] == ["Meta 2024", "Meta 2025", "Meta 2026", "Meta 2027"]
    target, = cells(response, "Meta 2025")
    assert Decimal(str(target.value)) == Decimal("1234.5")
    assert column(response, "Meta 2026") == [None]
    baseline_year, = cells(response, "Año línea base")
    assert baseline_year.value == 2023 and baseline_year.number_format == "0"
    page = client.get(f"/estrategia/indicadores/?program={other.pk}").content.decode()
    assert f'href="/estrategia/indicadores/exportar/?program={other.pk}" data-testid="export-xlsx"' in page


def test_outsiders_are_refused(login, outsider):
    factories.indicator("4.2.1.1")
    assert login(outsider).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_rows(login, planner):
    client = login(planner)
    factories.indicator("4.2.1.1", targets={2024: "1"})
    small = queries(client, URL)
    for n in range(2, 14):
        factories.indicator(f"4.2.1.{n}", targets={2024: "1", 2025: "2"})
    assert queries(client, URL) == small

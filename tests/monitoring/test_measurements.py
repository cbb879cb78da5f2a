"""Planning staff record the monthly value of result indicators on a page per month."""
from decimal import Decimal

from monitoring.models import IndicatorMeasurement
from tests import factories


def test_planner_records_values_of_a_month(login, planner):
    result = factories.indicator("4.2.1.R1", kind="result", name="Déficit cualitativo", unit="Hogares")
    product_ind = factories.indicator("4.2.1.P1", kind="product")
    client = login(planner)
    page = client.get("/seguimiento/indicadores/?anio=2025&mes=3").content.decode()
    assert "Déficit cualitativo" in page and "4.2.1.P1" not in page
    response = client.post("/seguimiento/indicadores/?anio=2025&mes=3",
                           {f"value_{result.pk}": "1.234,5", f"version_{result.pk}": 0})
    assert response.status_code == 302
    m = IndicatorMeasurement.objects.get(indicator=result, year=2025, month=3)
    assert (m.value, m.recorded_by) == (Decimal("1234.5"), planner)
    assert not IndicatorMeasurement.objects.filter(indicator=product_ind).exists()
    client.post("/seguimiento/indicadores/?anio=2025&mes=3", {f"value_{result.pk}": "", f"version_{result.pk}": m.version})
    assert not IndicatorMeasurement.objects.filter(indicator=result).exists()


def test_bad_value_is_shown_again_with_its_message(login, planner):
    result = factories.indicator("4.2.1.R1", kind="result")
    response = login(planner).post("/seguimiento/indicadores/?anio=2025&mes=3", {f"value_{result.pk}": "mucho"})
    assert response.context["form"].errors[f"value_{result.pk}"] == ["Escriba un número, p. ej. 1.234,5."]
    assert 'value="mucho"' in response.content.decode()
    assert not IndicatorMeasurement.objects.exists()


def test_other_roles_only_read_the_values(login, lead, reader):
    result = factories.indicator("4.2.1.R1", kind="result")
    for user in (lead, reader):
        client = login(user)
        assert client.get("/seguimiento/indicadores/?anio=2025&mes=3").status_code == 200
        assert client.post("/seguimiento/indicadores/?anio=2025&mes=3", {f"value_{result.pk}": "3"}).status_code == 403
    assert not IndicatorMeasurement.objects.exists()


def test_the_page_shows_the_previous_value_for_reference(login, planner):
    result = factories.indicator("4.2.1.R1", kind="result")
    IndicatorMeasurement.objects.create(indicator=result, year=2024, month=12, value=Decimal("17.5"))
    IndicatorMeasurement.objects.create(indicator=result, year=2025, month=4, value=Decimal("99"))
    page = login(planner).get("/seguimiento/indicadores/?anio=2025&mes=3").content.decode()
    row = page.split('data-testid="measurements"')[1].split("</table>")[0]
    assert "17,5" in row and "12/2024" in row and "99" not in row

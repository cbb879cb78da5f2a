"""The indicator list's table (50 indicators and their yearly targets a page) is rendered once per
change of the plan and kept: what changes it shows on the very next view, and each filter and page
keeps its own."""
from decimal import Decimal

from strategy.models import AnnualTarget
from tests import factories

URL = "/estrategia/indicadores/"


def test_a_changed_target_shows_on_the_next_view(login, planner, reader):
    indicator = factories.indicator("4.2.1.1", name="Viviendas nuevas entregadas", targets={2024: "10"})
    client = login(reader)
    assert "1.234,5" not in client.get(URL).content.decode()

    target = AnnualTarget.objects.get(indicator=indicator, year=2024)
    target.value = Decimal("1234.5")
    target.save()

    assert "1.234,5" in client.get(URL).content.decode()


def test_each_filter_keeps_its_own_table(login, planner):
    other = factories.program("4.3.1", "Mejoramiento de vivienda")
    factories.indicator("4.2.1.1", name="Viviendas nuevas entregadas")
    factories.indicator("4.3.1.1", the_program=other, name="Viviendas mejoradas")
    client = login(planner)
    assert "Viviendas nuevas entregadas" in client.get(URL).content.decode()
    filtered = client.get(URL + f"?program={other.pk}").content.decode()
    assert "Viviendas mejoradas" in filtered and "Viviendas nuevas entregadas" not in filtered
    assert "1 indicador<" in filtered
    assert "2 indicadores<" in client.get(URL).content.decode()

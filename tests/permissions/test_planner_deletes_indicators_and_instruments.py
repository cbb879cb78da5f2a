"""Regression: "<kind>/<pk>/eliminar/" (plan nodes) was declared before the indicator and
instrument deletion URLs and swallowed them — a planner deleting either got a 404."""
from __future__ import annotations

from strategy.models import Indicator, PlanningInstrument
from tests import factories


def test_planner_deletes_an_unused_indicator(login, planner):
    indicator = factories.indicator("4.2.1.7")
    response = login(planner).post(f"/estrategia/indicadores/{indicator.pk}/eliminar/", follow=True)
    assert response.status_code == 200
    assert "Indicador 4.2.1.7 eliminado." in response.content.decode()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_planner_deletes_a_planning_instrument(login, planner):
    instrument = PlanningInstrument.objects.create(plan=factories.plan(), kind="pot", reference="Acuerdo 48 de 2014")
    response = login(planner).post(f"/estrategia/instrumentos/{instrument.pk}/eliminar/", follow=True)
    assert response.status_code == 200
    assert "Instrumento eliminado." in response.content.decode()
    assert not PlanningInstrument.objects.filter(pk=instrument.pk).exists()


def test_a_reader_still_cannot_delete_an_indicator(login, reader):
    indicator = factories.indicator("4.2.1.8")
    assert login(reader).post(f"/estrategia/indicadores/{indicator.pk}/eliminar/").status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()

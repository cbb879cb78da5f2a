"""The indicator page shows who changed its targets and when."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.strategy.builders import indicator_post


@pytest.mark.django_db
# Pinned where the UTC date and Bogotá's differ (19:30 of the day before there), so a UTC date
# on the page or in the assertion fails on every run, not only in Medellín's evenings.
@time_machine.travel(dt.datetime(2026, 11, 26, 0, 30, tzinfo=dt.UTC), tick=True)
def test_indicator_page_shows_who_changed_a_target_and_when(planner, reader, login):
    program = factories.program()
    client = login(planner)
    create = reverse("strategy:indicator_create", args=[program.plan_id])
    assert client.post(create, indicator_post(program, code="4.2.1.1", target_2025="100")).status_code == 302
    ind = program.indicators.get()
    edit = reverse("strategy:indicator_edit", args=[ind.pk])
    assert client.post(edit, indicator_post(program, code="4.2.1.1", target_2025="150", version=ind.version)).status_code == 302

    page = login(reader).get(reverse("strategy:indicator", args=[ind.pk]))
    changes = page.context["target_history"]
    assert changes[0].who == "Paula Planeación" and changes[0].year == 2025
    assert (changes[0].action, changes[0].old, changes[0].new) == ("Modificada", 100, 150)
    assert all(c.action == "Fijada" and c.who == "Paula Planeación" for c in changes[1:])
    html = page.content.decode()
    assert "Historial de metas anuales" in html and "Historial de cambios" in html
    row = html.split("Historial de metas anuales")[1].split("</tr>")[1]
    assert "Paula Planeación" in row and "2025" in row and "Modificada" in row and "100" in row and "150" in row
    assert timezone.localtime(changes[0].when).strftime("%d/%m/%Y") in row


@pytest.mark.django_db
def test_indicator_history_shows_field_changes(planner, login):
    program = factories.program()
    client = login(planner)
    client.post(reverse("strategy:indicator_create", args=[program.plan_id]), indicator_post(program, code="4.2.1.1"))
    ind = program.indicators.get()
    client.post(reverse("strategy:indicator_edit", args=[ind.pk]), indicator_post(program, code="4.2.1.1", period_target="500", version=ind.version))
    rows = client.get(reverse("strategy:indicator", args=[ind.pk])).context["history"]
    assert rows[0].who == "Paula Planeación"
    assert [(c.field, str(c.old), str(c.new)) for c in rows[0].changes] == [("meta cuatrienio", "400", "500")]


@pytest.mark.django_db
def test_edit_form_shows_numbers_as_typed_in_colombia_and_saves_them_back(planner, login):
    ind = factories.indicator(period_target="1234.5", targets={2025: "1500"})
    client = login(planner)
    form = client.get(reverse("strategy:indicator_edit", args=[ind.pk])).context["form"]
    assert form["period_target"].value() == "1.234,5" and form["target_2025"].value() == "1.500"
    body = {name: form[name].value() or "" for name in form.fields}
    assert client.post(reverse("strategy:indicator_edit", args=[ind.pk]), body).status_code == 302
    ind.refresh_from_db()
    assert str(ind.period_target) == "1234.5000" and str(ind.annual_targets.get(year=2025).value) == "1500.0000"

"""The plan tree (hundreds of indicators) is rendered once per change of the plan and then served
from the cache: a change anybody makes shows on the next view, a reader never gets the planner's
buttons, and the forms of a cached tree carry the viewer's own CSRF token."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from strategy.models import AnnualTarget
from tests import factories

pytestmark = pytest.mark.django_db


def _tree(client) -> str:
    response = client.get(reverse("strategy:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_renamed_indicator_and_a_new_target_show_on_the_next_view(planner, login):
    program = factories.program("4.2.1")
    indicator = factories.indicator(the_program=program, name="Viviendas nuevas entregadas")
    client = login(planner)
    assert "Viviendas nuevas entregadas" in _tree(client)
    indicator.name = "Viviendas nuevas terminadas y entregadas"
    indicator.save()
    AnnualTarget.objects.create(indicator=indicator, year=program.plan.first_year, value=Decimal("1234.5"))
    html = _tree(client)
    assert "Viviendas nuevas terminadas y entregadas" in html
    assert "1.234,5" in html


def test_a_reader_after_a_planner_gets_no_edit_buttons(planner, reader, login):
    factories.indicator(the_program=factories.program("4.2.1"))
    assert "Eliminar programa 4.2.1" in _tree(login(planner))
    html = _tree(login(reader))
    assert "Eliminar" not in html and "Nuevo indicador" not in html
    assert "4.2.1" in html


def test_a_delete_button_of_the_cached_tree_posts_with_the_viewers_token(planner, reader, login):
    program = factories.program("4.2.1")
    factories.program("4.2.2", the_plan=program.plan)
    _tree(login(planner))  # cached by a first planner session
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)
    html = _tree(client)
    form = html.split('action="' + reverse("strategy:node_delete", args=["programa", program.pk]) + '"')[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(reverse("strategy:node_delete", args=["programa", program.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "Eliminar programa 4.2.1" not in _tree(client)
    assert "Eliminar programa 4.2.2" in _tree(client)

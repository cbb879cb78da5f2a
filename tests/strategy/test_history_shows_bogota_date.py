"""A change made in the evening in Medellín is dated that evening, not the next day (UTC)."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.strategy.builders import indicator_post

# 00:30 UTC of 26/11/2026 is 19:30 of 25/11/2026 in Bogotá (UTC-5, no daylight saving).
EVENING_IN_BOGOTA = dt.datetime(2026, 11, 26, 0, 30, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_target_history_dates_a_change_by_the_bogota_calendar(planner, reader, login):
    program = factories.program()
    client = login(planner)
    with time_machine.travel(EVENING_IN_BOGOTA, tick=False):
        create = reverse("strategy:indicator_create", args=[program.plan_id])
        assert client.post(create, indicator_post(program, code="4.2.1.1", target_2025="100")).status_code == 302
        ind = program.indicators.get()
        edit = reverse("strategy:indicator_edit", args=[ind.pk])
        assert client.post(edit, indicator_post(program, code="4.2.1.1", target_2025="150",
                                                 version=ind.version)).status_code == 302

    html = login(reader).get(reverse("strategy:indicator", args=[ind.pk])).content.decode()
    table = html.split("Historial de metas anuales")[1].split("</table>")[0]
    modified = next(row for row in table.split("</tr>") if "Modificada" in row)
    assert "<td>25/11/2026 19:30</td>" in modified
    assert "26/11/2026" not in table

"""Dates are typed and shown dd/mm/aaaa whatever the browser's language: every date field is a
text input with that format (a native date picker follows the browser, mm/dd/yyyy in English)."""
import re

import pytest

from monitoring.models import ReportingPeriod
from tests.monitoring.builders import period

pytestmark = pytest.mark.django_db


def _date_input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_a_date_is_shown_dd_mm_aaaa_in_a_text_input(planner, login):
    the_period = period(year=2025, month=3)
    html = login(planner).get(f"/seguimiento/periodos/{the_period.pk}/editar/").content.decode()
    cutoff = _date_input(html, "cutoff")
    assert 'type="text"' in cutoff and 'type="date"' not in cutoff
    assert 'value="31/03/2025"' in cutoff and 'placeholder="dd/mm/aaaa"' in cutoff


def test_a_date_typed_dd_mm_aaaa_is_read_as_day_month_year(planner, login):
    response = login(planner).post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "30/04/2025", "report_deadline": "09/05/2025"}
    )
    assert response.status_code == 302
    saved = ReportingPeriod.objects.get(year=2025, month=4)
    assert (saved.cutoff.isoformat(), saved.report_deadline.isoformat()) == ("2025-04-30", "2025-05-09")


def test_a_date_in_another_order_is_refused_in_spanish_keeping_what_was_typed(planner, login):
    response = login(planner).post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "04/30/2025", "report_deadline": "09/05/2025"}
    )
    assert response.status_code == 200  # the form again
    html = response.content.decode()
    assert "Escriba la fecha como dd/mm/aaaa, por ejemplo 31/03/2026." in html
    assert 'value="04/30/2025"' in _date_input(html, "cutoff")
    assert not ReportingPeriod.objects.filter(year=2025, month=4).exists()

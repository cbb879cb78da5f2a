"""A report of a year without monitoring data still renders: zeros and "Sin dato", never an error."""
import pytest

from tests.accountability.builders import report

pytestmark = pytest.mark.django_db


def test_a_year_without_data_renders_zeros_and_no_bars(login, planner):
    import datetime as dt

    rep = report(by=planner, year=2030, period_end=dt.date(2030, 12, 31), title="Rendición 2030")
    html = login(planner).get(f"/rendicion/informes/{rep.pk}/").content.decode()
    assert '<div class="value" data-testid="total-committed">$ 0</div>' in html
    assert "Sin programas para la vigencia." in html
    assert html.count("Sin datos para graficar.") == 3


def test_a_period_report_uses_its_end_as_cutoff(login, planner, lead):
    import datetime as dt

    from tests.accountability.builders import execution

    execution(lead=lead)
    # January only: project A's January report (300 M) counts, project B's March report does not.
    rep = report(by=planner, period_end=dt.date(2025, 1, 31), title="Enero 2025")
    html = login(planner).get(f"/rendicion/informes/{rep.pk}/").content.decode()
    assert '<div class="value" data-testid="total-committed">$ 300.000.000</div>' in html
    assert "Vigencia 2025 · periodo del 01/01/2025 al 31/01/2025" in html

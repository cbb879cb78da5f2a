"""A lead's agenda holds the dates of their own projects (the monthly report each owes, the ANS
clocks they answer for) and the 31 January publication; never another lead's project, nor the
petitions and Concejo commitments (leads see nothing of accountability)."""
import pytest
import time_machine

from tests.agenda.builders import NOW, dates

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_lead_sees_their_projects_dates_not_another_leads(login, planner, lead, lead2):
    data = dates(planner=planner, lead=lead, lead2=lead2)
    page = login(lead).get("/agenda/").content.decode()

    assert f'data-uid="reporte-{data.period.pk}-{data.mine.pk}@isvimed-planning"' in page
    assert "Reporte de febrero de 2026: Mejoramiento de vivienda Robledo" in page
    assert f'data-uid="ans-{data.clock_mine.pk}@isvimed-planning"' in page
    assert "Vence el ANS: Mejoramiento de vivienda Robledo" in page
    assert 'data-uid="plan-accion-2026@isvimed-planning"' in page

    assert "Titulación de predios Belén" not in page
    assert "RAD-" not in page and "Compromiso con el Concejo:" not in page
    assert "Corte del seguimiento" not in page


@time_machine.travel(NOW, tick=False)
def test_the_other_lead_sees_theirs(login, planner, lead, lead2):
    data = dates(planner=planner, lead=lead, lead2=lead2)
    page = login(lead2).get("/agenda/").content.decode()

    assert f'data-uid="reporte-{data.period.pk}-{data.theirs.pk}@isvimed-planning"' in page
    assert "Titulación de predios Belén" in page
    assert "Mejoramiento de vivienda Robledo" not in page

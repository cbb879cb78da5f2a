"""Planeación opens "Mi agenda" and finds, month by month, the petitions' legal terms (the
extended one when extended), the 31 January publication of the action plan, the Concejo
commitment, the follow-up cutoff and report deadline and the ANS clocks; answered petitions are gone."""
import pytest
import time_machine

from tests.agenda.builders import NOW, dates

pytestmark = pytest.mark.django_db


def _item(page: str, uid: str) -> str:
    return page.split(f'data-uid="{uid}"', 1)[1].split("</li>", 1)[0]


@time_machine.travel(NOW, tick=False)
def test_planner_sees_the_petition_due_and_the_31_january_publication(login, planner, lead, lead2):
    data = dates(planner=planner, lead=lead, lead2=lead2)
    page = login(planner).get("/agenda/").content.decode()

    assert "Fechas legales y del procedimiento entre el 15/01/2026 y el 15/04/2026" in page
    assert "<h2>Enero de 2026</h2>" in page and "<h2>Febrero de 2026</h2>" in page and "<h2>Marzo de 2026</h2>" in page
    petition = _item(page, f"solicitud-{data.petitions[0].pk}@isvimed-planning")
    assert "<strong>03/02/2026</strong>" in petition
    assert "Vence la solicitud RAD-001: Estado de mi postulación al subsidio de vivienda" in petition
    assert f'href="/rendicion/solicitudes/{data.petitions[0].pk}/"' in petition
    extended = _item(page, f"solicitud-{data.extended.pk}@isvimed-planning")
    assert "<strong>06/02/2026</strong>" in extended and "Término prorrogado (vencía el 23/01/2026)." in extended
    assert "RAD-RES" not in page

    publication = _item(page, "plan-accion-2026@isvimed-planning")
    assert "<strong>31/01/2026</strong>" in publication
    assert "Publicación del plan de acción 2026 (31 de enero)" in publication
    assert "El plan de acción 2026 debe publicarse a más tardar el 31/01/2026 (Ley 1474 de 2011, art. 74): quedan 16 días." in publication

    assert "<strong>20/02/2026</strong>" in _item(page, f"compromiso-{data.commitment.pk}@isvimed-planning")
    assert "Corte del seguimiento de febrero de 2026" in _item(page, f"corte-{data.period.pk}@isvimed-planning")
    assert "<strong>06/03/2026</strong>" in _item(page, f"limite-reporte-{data.period.pk}@isvimed-planning")
    assert "Vence el ANS: Titulación de predios Belén" in _item(page, f"ans-{data.clock_theirs.pk}@isvimed-planning")


@time_machine.travel(NOW, tick=False)
def test_a_chosen_window_shows_only_its_dates(login, planner, lead, lead2):
    dates(planner=planner, lead=lead, lead2=lead2)
    page = login(planner).get("/agenda/", {"desde": "01/02/2026", "hasta": "28/02/2026"}).content.decode()

    assert "entre el 01/02/2026 y el 28/02/2026" in page
    assert "<h2>Febrero de 2026</h2>" in page
    assert "Enero de 2026" not in page and "Marzo de 2026" not in page


@time_machine.travel(NOW, tick=False)
def test_without_dates_the_page_says_so(login, outsider):
    page = login(outsider).get("/agenda/").content.decode()

    assert "No tiene fechas entre el 15/01/2026 y el 15/04/2026." in page

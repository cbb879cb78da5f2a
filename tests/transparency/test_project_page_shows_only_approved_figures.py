"""A citizen, without logging in, reads a project's public page: exactly the figures of the
approved reports, never those of a returned or pending report, nor private evidence."""
from __future__ import annotations

import pytest

from tests import factories

from .builders import NOW, public_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW)


def test_the_page_shows_the_approved_figures_only(client, lead):
    project, public, private, hidden = public_world(lead=lead)
    html = client.get(f"/ciudadania/proyectos/{project.pk}/").content.decode()
    assert "Mejoramiento de vivienda Moravia" in html
    assert 'data-testid="project-state">En ejecución<' in html
    assert 'data-testid="definitive">$ 10.000.000<' in html
    assert 'data-testid="committed">$ 1.234.567<' in html
    assert 'data-testid="paid">$ 800.000<' in html
    # Goal 20, reported 3 (January only): 15,0 % of the goal.
    assert '<td class="num">20 Viviendas</td>' in html and '<td class="num">3 Viviendas</td>' in html
    assert "15,0 % de la meta" in html
    for leaked in ("7.777.777", "5.555.555", "12 Viviendas", "14 Viviendas", "Logro devuelto", "Logro en borrador"):
        assert leaked not in html, leaked
    # The timeline: January's achievements and only its public file.
    assert "Enero de 2025" in html and "Se mejoraron tres viviendas en Moravia." in html
    assert "Febrero de 2025" not in html and "Marzo de 2025" not in html
    assert "acta-publica.pdf" in html
    assert "cedulas-privadas.pdf" not in html and "evidencia-devuelta.pdf" not in html


def test_only_public_evidence_of_an_approved_report_downloads(client, lead):
    _project, public, private, hidden = public_world(lead=lead)
    response = client.get(f"/ciudadania/evidencias/{public.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/ciudadania/evidencias/{private.pk}/").status_code == 404
    assert client.get(f"/ciudadania/evidencias/{hidden.pk}/").status_code == 404  # public, but its report was returned


def test_a_project_not_yet_in_execution_has_no_public_page(client, lead):
    draft = factories.project(lead=lead, name="Proyecto en formulación")
    assert client.get(f"/ciudadania/proyectos/{draft.pk}/").status_code == 404
    assert client.get(f"/ciudadania/proyectos/{draft.pk}/datos.csv").status_code == 404
    assert "Proyecto en formulación" not in client.get("/ciudadania/proyectos/").content.decode()


def test_reopening_an_approved_report_hides_it_again(client, lead):
    project, public, _private, _hidden = public_world(lead=lead)
    public.report.state = "submitted"
    public.report.save()
    html = client.get(f"/ciudadania/proyectos/{project.pk}/").content.decode()
    assert "Se mejoraron tres viviendas" not in html and "acta-publica.pdf" not in html
    assert 'data-testid="committed">$ 0<' in html
    assert client.get(f"/ciudadania/evidencias/{public.pk}/").status_code == 404

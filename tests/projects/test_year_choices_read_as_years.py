"""A year offered in a list reads as a year («2027»), never as a number with a thousands
separator («2.027»)."""
import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_funding_form_offers_the_projects_years_as_years(login, lead):
    project = factories.project(lead=lead)  # 2024–2027
    html = login(lead).get(f"/proyectos/{project.pk}/financiacion/nueva/").content.decode()
    assert '<option value="2027">2027</option>' in html
    assert "2.027" not in html

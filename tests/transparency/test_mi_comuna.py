"""Mi comuna: a territory's public projects, participatory budget first, and the money and
beneficiaries the approved reports placed there, summed exactly."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories
from tests.monitoring.builders import report
from transparency import selectors

from .builders import NOW, public_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW)


def test_participatory_projects_come_first_and_money_adds_up(client, lead, lead2):
    program = factories.program()
    ordinary, *_ = public_world(lead=lead, name="A ordinario", the_program=program)
    participatory = factories.project(lead=lead2, state="in_execution", name="Z participativo",
                                      funding_kind="participatory", territory_code=10, the_program=program)
    report(participatory, month=1, state="approved", evidence=False, territories={10: "2000000", 4: "500000"})
    report(participatory, month=2, state="submitted", evidence=False, territories={10: "999"})
    factories.project(lead=lead, state="formulation", name="En formulación", territory_code=10, the_program=program)

    response = client.get("/ciudadania/comunas/10/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [p.name for p in response.context["t"].projects] == ["Z participativo", "A ordinario"]
    assert "En formulación" not in html
    page = response.context["t"]
    assert page.committed == Decimal("3234567")  # 1.234.567 + 2.000.000; returned, pending and submitted left out
    assert isinstance(page.committed, Decimal)
    assert 'data-testid="territory-committed">$ 3.234.567<' in html
    assert 'data-testid="territory-beneficiaries">10<' in html  # 5 + 5 (tests.monitoring.builders.report)
    assert "Comuna 10 – La Candelaria" in html
    assert 'data-testid="tile-map"' in html


def test_another_territory_sees_only_its_share(client, lead, lead2):
    participatory = factories.project(lead=lead2, state="in_execution", name="Z participativo",
                                      funding_kind="participatory", territory_code=4)
    report(participatory, month=1, state="approved", evidence=False, territories={10: "2000000", 4: "500000"})
    page = selectors.territory_page(selectors.get_territory(4))
    assert [p.name for p in page.projects] == ["Z participativo"]
    assert page.committed == Decimal("500000")


def test_the_index_links_every_territory(client, lead):
    public_world(lead=lead)
    html = client.get("/ciudadania/comunas/").content.decode()
    for code, name in ((1, "Popular"), (10, "La Candelaria"), (90, "Santa Elena"), (0, "Ciudad (sin georreferenciar)")):
        assert f'href="/ciudadania/comunas/{code}/"' in html and name in html
    assert "$ 1.234.567" in html


def test_an_unknown_territory_is_404(client, db):
    assert client.get("/ciudadania/comunas/77/").status_code == 404


def test_a_report_approved_after_a_visit_shows_on_the_next_one(client, lead):
    """The comuna's money is cached per change of the figures' inputs: approving a report changes them."""
    project, *_ = public_world(lead=lead)
    assert client.get("/ciudadania/comunas/10/").context["t"].committed == Decimal("1234567")
    assert "$ 1.234.567" in client.get("/ciudadania/comunas/").content.decode()
    march = project.reports.get(month=3)
    march.state, march.version = "approved", march.version + 1
    march.save()
    assert client.get("/ciudadania/comunas/10/").context["t"].committed == Decimal("6790122")  # + 5.555.555
    assert "$ 6.790.122" in client.get("/ciudadania/comunas/").content.decode()

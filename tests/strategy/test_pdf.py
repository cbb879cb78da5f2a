"""Printable PDF of the approved platform and the plan."""
import io

import pypdf
import pytest
from django.urls import reverse

from strategy import services
from tests import factories
from tests.strategy.builders import approve, plan_with_platform


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_pdf_has_the_approved_platform_and_the_plan(planner, director, reader, login):
    plan, platform = plan_with_platform(mission="Garantizar vivienda digna", vision="Referente nacional")
    platform.stakeholders.create(name="Hogares vulnerables", expectations="Subsidios oportunos")
    program = factories.program("4.2.10", name="Vivienda nueva")
    factories.indicator("4.2.10.1", the_program=program, name="Viviendas entregadas", targets={2025: "1234"})
    approve(platform, director)
    draft = services.platform_new_version(plan=plan, by=planner)
    services.platform_update(platform=draft, by=planner, mission="Borrador que no se imprime")

    response = login(reader).get(reverse("strategy:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Garantizar vivienda digna" in text and "Borrador que no se imprime" not in text
    assert "Hogares vulnerables" in text and "Subsidios oportunos" in text
    assert "versión 1" in text
    assert "4.2.10" in text and "Viviendas entregadas" in text and "1.234" in text


@pytest.mark.django_db
def test_no_pdf_before_approval(reader, login):
    plan, _ = plan_with_platform()
    assert login(reader).get(reverse("strategy:plan_pdf", args=[plan.pk])).status_code == 404

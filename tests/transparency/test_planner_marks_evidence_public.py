"""Only Planeación marks an evidence file public (or private again), on the report page; the
change is kept in the evidence's history."""
from __future__ import annotations

import pytest

from monitoring.models import Evidence
from tests.monitoring.builders import report, reporting_project

pytestmark = pytest.mark.django_db


def test_the_planner_marks_evidence_public_and_private_again(login, planner, lead):
    rep = report(reporting_project(lead=lead), state="approved")
    evidence = rep.evidence.get()
    assert evidence.is_public is False
    page = login(planner).get(f"/seguimiento/reportes/{rep.pk}/").content.decode()
    assert "Hacer pública" in page
    response = login(planner).post(f"/seguimiento/evidencias/{evidence.pk}/publica/", {"publica": "1"}, follow=True)
    assert "Evidencia «acta.pdf» marcada pública." in response.content.decode()
    assert Evidence.objects.get(pk=evidence.pk).is_public is True
    login(planner).post(f"/seguimiento/evidencias/{evidence.pk}/publica/", {"publica": "0"})
    assert Evidence.objects.get(pk=evidence.pk).is_public is False
    assert [h.is_public for h in evidence.history.order_by("history_id")] == [False, True, False]


def test_the_lead_may_not_publish_their_evidence(login, lead):
    rep = report(reporting_project(lead=lead), state="approved")
    evidence = rep.evidence.get()
    assert "Hacer pública" not in login(lead).get(f"/seguimiento/reportes/{rep.pk}/").content.decode()
    assert login(lead).post(f"/seguimiento/evidencias/{evidence.pk}/publica/", {"publica": "1"}).status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).is_public is False

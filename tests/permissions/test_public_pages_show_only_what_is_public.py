"""Anonymous citizens reach only approved/published documents through the public pages."""
from __future__ import annotations

import datetime as dt

from accountability.models import AccountabilityReport
from action_plan.models import ActionPlan
from budget.models import FiscalYear


def test_a_draft_accountability_report_is_not_public(client, planner):
    draft = AccountabilityReport.objects.create(
        year=2025, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 6, 30), title="Borrador", created_by=planner,
    )
    for suffix in ("", "informe.pdf", "datos.json", "programas.csv"):
        assert client.get(f"/rendicion/publico/{draft.pk}/{suffix}").status_code == 404
    assert "Borrador" not in client.get("/rendicion/publico/").content.decode()


def test_a_draft_action_plan_is_not_public(db, client):
    ActionPlan.objects.create(fiscal_year=FiscalYear.objects.create(year=2026, global_ceiling=1000))
    for suffix in ("", "pdf/", "plan.xlsx"):
        assert client.get(f"/plan-accion/publico/2026/{suffix}").status_code == 404


def test_anonymous_is_sent_to_login_from_a_private_page(db, client):
    response = client.get("/proyectos/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/")

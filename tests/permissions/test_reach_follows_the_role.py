"""Regression: where a page's reach did not follow DOMAIN.md's roles."""
from __future__ import annotations

from action_plan.models import ActionPlan, ActionPlanEntry
from budget.models import FiscalYear
from tests import factories


def test_user_without_a_role_cannot_open_the_participatory_meetings(login, outsider):
    assert login(outsider).get("/proyectos/presupuesto-participativo/").status_code == 403


def test_finance_reads_the_ans_dashboard(login, finance):
    response = login(finance).get("/ans/")
    assert response.status_code == 200


def test_a_lead_cannot_open_another_leads_line_of_the_action_plan(login, lead, lead2):
    plan = ActionPlan.objects.create(fiscal_year=FiscalYear.objects.create(year=2026, global_ceiling=1000))
    entry = ActionPlanEntry.objects.create(plan=plan, project=factories.project(lead=lead), responsible=lead)
    assert login(lead2).get(f"/plan-accion/2026/proyectos/{entry.pk}/").status_code == 404
    assert login(lead).get(f"/plan-accion/2026/proyectos/{entry.pk}/").status_code == 200
